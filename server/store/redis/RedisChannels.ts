// Per-room pub/sub for the Redis store: one Redis channel per room, subscribed only while
// this instance has listeners for that room. After the subscriber connection comes back
// from an outage it resubscribes and tells every room's listeners to catch up (`resync`),
// because pub/sub does not keep what was published while it was away.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RoomEvent, RoomListener } from '../RoomStore';
import { toStoreError, type RedisKeys } from './redisClient';

export class RedisChannels {
  private readonly listeners = new Map<string, Set<RoomListener>>();
  private readonly roomByChannel = new Map<string, string>();
  /** Subscribe/unsubscribe calls per channel, in order. */
  private readonly pending = new Map<string, Promise<void>>();
  private interrupted = false;

  constructor(
    private readonly subscriber: Redis,
    private readonly publisher: Redis,
    private readonly keys: RedisKeys,
    private readonly logger: Logger | null,
  ) {
    subscriber.on('message', (channel: string, text: string) => this.receive(channel, text));
    subscriber.on('close', () => {
      this.interrupted = true;
    });
    subscriber.on('ready', () => {
      if (!this.interrupted) return;
      this.interrupted = false;
      void this.resync();
    });
  }

  /** Rooms this instance currently listens to. */
  get roomIds(): string[] {
    return [...this.listeners.keys()];
  }

  async subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>> {
    const channel = this.keys.channel(roomId);
    let set = this.listeners.get(roomId);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(roomId, set);
      this.roomByChannel.set(channel, roomId);
    }
    set.add(listener);
    const room = set;
    const unsubscribe = async () => {
      if (!room.delete(listener) || room.size > 0 || this.listeners.get(roomId) !== room) return;
      this.listeners.delete(roomId);
      this.roomByChannel.delete(channel);
      await this.chain(channel, () => this.subscriber.unsubscribe(channel)).catch(
        () => undefined, // the connection is gone, and with it the subscription
      );
    };
    try {
      if (first) await this.chain(channel, () => this.subscriber.subscribe(channel));
      else await this.pending.get(channel);
    } catch (error) {
      await unsubscribe();
      throw toStoreError(error);
    }
    return unsubscribe;
  }

  async publish(roomId: string, event: RoomEvent): Promise<void> {
    const sent = this.publisher.publish(this.keys.channel(roomId), encodeEvent(event));
    if (event.kind === 'message' && event.ephemeral) {
      // Cursors and live strokes are best-effort: waiting for Redis's reply held the sender's
      // whole message queue for a round trip per cursor, and under load (the capacity
      // benchmark, two instances) that queue grew without bound. Order still holds: every
      // publish goes out on this one connection. One that fails is dropped, like an
      // ephemeral message under back-pressure, instead of answering each cursor with an error.
      sent.catch((error: unknown) =>
        this.logger?.debug({ err: error, roomId }, 'ephemeral publish dropped'),
      );
      return;
    }
    try {
      await sent;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private chain(channel: string, step: () => Promise<unknown>): Promise<void> {
    const next = (this.pending.get(channel) ?? Promise.resolve())
      .catch(() => undefined)
      .then(step)
      .then(() => undefined);
    this.pending.set(channel, next);
    void next
      .finally(() => {
        if (this.pending.get(channel) === next) this.pending.delete(channel);
      })
      .catch(() => undefined);
    return next;
  }

  private receive(channel: string, text: string): void {
    const roomId = this.roomByChannel.get(channel);
    if (!roomId) return;
    let event: RoomEvent;
    try {
      event = decodeEvent(text);
    } catch {
      this.logger?.warn({ channel }, 'unreadable room event');
      return;
    }
    this.emit(roomId, event);
  }

  private emit(roomId: string, event: RoomEvent): void {
    for (const listener of [...(this.listeners.get(roomId) ?? [])]) listener(event);
  }

  /** Back after an outage: resubscribe everything, then let each room catch up from the store. */
  private async resync(): Promise<void> {
    const channels = [...this.roomByChannel.keys()];
    try {
      if (channels.length > 0) await this.subscriber.subscribe(...channels);
    } catch (error) {
      this.logger?.warn({ err: error }, 'resubscribe failed; will retry on the next reconnect');
      this.interrupted = true;
      return;
    }
    this.logger?.info({ rooms: channels.length }, 'room channels restored; catching up');
    for (const roomId of this.roomIds) this.emit(roomId, { kind: 'resync' });
  }
}

/**
 * Room events travel as one JSON header line, then (for events that carry one) the
 * already-serialized client message as is, so large messages are not escaped a second time.
 * JSON.stringify never emits a raw newline, so the first one ends the header.
 */
export function encodeEvent(event: RoomEvent): string {
  if (!('data' in event)) return JSON.stringify(event);
  const { data, ...header } = event;
  return `${JSON.stringify(header)}\n${data}`;
}

export function decodeEvent(text: string): RoomEvent {
  const newline = text.indexOf('\n');
  if (newline < 0) return JSON.parse(text) as RoomEvent;
  const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
  return { ...header, data: text.slice(newline + 1) } as RoomEvent;
}
