// The live-stream bus over Redis (server/stream/LiveBus.ts): one binary pub/sub channel per
// room, watched only while this instance has a relay room for it, and a claim key that keeps
// one publishing program per room across instances. Its own two connections: a 1080p RGBA
// frame is 8 MB, and it must not queue behind (or in front of) the store's room commands.
// Every message starts with a kind byte and the sending instance's id, so an instance skips
// its own messages and a publisher can tell whether anyone else listens (PUBLISH's count).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LiveBus, LiveBusMessage } from '../../stream/LiveBus';
import { createRedis, type RedisKeys } from './redisClient';

const KIND = { frame: 0, status: 1, replay: 2 } as const;
/** A claim outlives a missed renewal or two, and frees the place soon after a crash. */
const CLAIM_TTL_MS = 10_000;

export class RedisLiveBus implements LiveBus {
  readonly renewEveryMs = CLAIM_TTL_MS / 3;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, (message: LiveBusMessage) => void>();
  private readonly reconnectListeners: Array<() => void> = [];
  private readonly sender: Buffer;
  private interrupted = false;

  constructor(
    url: string,
    private readonly keys: RedisKeys,
    private readonly instanceId: string,
    private readonly logger: Logger | null,
  ) {
    this.sender = Buffer.from(instanceId, 'utf8');
    // A whole 4K frame is 33 MB: allow it time on a busy machine.
    this.publisher = createRedis({
      url,
      name: `reelsync-live:${instanceId}`,
      commandTimeoutMs: 15_000,
    });
    this.subscriber = createRedis({ url, name: `reelsync-live-sub:${instanceId}` });
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString('utf8'), message),
    );
    this.subscriber.on('close', () => {
      this.interrupted = true;
    });
    this.subscriber.on('ready', () => {
      if (!this.interrupted) return;
      this.interrupted = false;
      void this.resubscribe();
    });
    void this.publisher.connect().catch(() => undefined);
    void this.subscriber.connect().catch(() => undefined);
  }

  async claim(roomId: string): Promise<boolean> {
    const taken = await this.publisher.set(
      this.keys.livePublisher(roomId),
      this.instanceId,
      'PX',
      CLAIM_TTL_MS,
      'NX',
    );
    return taken === 'OK';
  }

  async renew(roomId: string): Promise<boolean> {
    const key = this.keys.livePublisher(roomId);
    // Only our own claim is extended (another instance may hold it after an expiry).
    const renewed = (await this.publisher.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end",
      1,
      key,
      this.instanceId,
      CLAIM_TTL_MS,
    )) as number;
    return renewed === 1;
  }

  async release(roomId: string): Promise<void> {
    await this.publisher.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
      1,
      this.keys.livePublisher(roomId),
      this.instanceId,
    );
  }

  async send(roomId: string, message: LiveBusMessage): Promise<boolean> {
    const receivers = await this.publisher.publish(
      this.keys.liveChannel(roomId),
      this.encode(message),
    );
    // Our own subscriber counts when this instance watches the room too.
    return receivers > (this.listeners.has(roomId) ? 1 : 0);
  }

  async watch(
    roomId: string,
    listener: (message: LiveBusMessage) => void,
  ): Promise<() => Promise<void>> {
    const channel = this.keys.liveChannel(roomId);
    this.listeners.set(roomId, listener);
    await this.subscriber.subscribe(channel);
    return async () => {
      if (this.listeners.get(roomId) !== listener) return;
      this.listeners.delete(roomId);
      await this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all(
      [this.publisher, this.subscriber].map((client) =>
        client.status === 'ready'
          ? client.quit().catch(() => client.disconnect())
          : client.disconnect(),
      ),
    );
  }

  private encode(message: LiveBusMessage): Buffer {
    const head = Buffer.alloc(2);
    head[0] = KIND[message.kind];
    head[1] = this.sender.byteLength;
    const body =
      message.kind === 'frame'
        ? message.bytes
        : message.kind === 'status'
          ? Buffer.from(
              JSON.stringify({
                active: message.active,
                width: message.width,
                height: message.height,
              }),
            )
          : Buffer.alloc(0);
    return Buffer.concat([head, this.sender, body]);
  }

  private receive(channel: string, message: Buffer): void {
    const roomId = this.keys.liveRoomOf(channel);
    const listener = roomId === null ? undefined : this.listeners.get(roomId);
    if (!listener || message.byteLength < 2) return;
    const senderEnd = 2 + (message[1] ?? 0);
    if (message.subarray(2, senderEnd).equals(this.sender)) return;
    const body = message.subarray(senderEnd);
    try {
      if (message[0] === KIND.frame) listener({ kind: 'frame', bytes: body });
      else if (message[0] === KIND.replay) listener({ kind: 'replay' });
      else if (message[0] === KIND.status) {
        const status = JSON.parse(body.toString('utf8')) as {
          active: boolean;
          width: number;
          height: number;
        };
        listener({
          kind: 'status',
          active: status.active === true,
          width: status.width,
          height: status.height,
        });
      }
    } catch (error) {
      this.logger?.warn({ err: error, channel }, 'unreadable live-stream message');
    }
  }

  /** Back after an outage: watch every room again and let the relay ask for what it missed. */
  private async resubscribe(): Promise<void> {
    const channels = [...this.listeners.keys()].map((roomId) => this.keys.liveChannel(roomId));
    try {
      if (channels.length > 0) await this.subscriber.subscribe(...channels);
    } catch (error) {
      this.logger?.warn({ err: error }, 'live-stream resubscribe failed; retrying on reconnect');
      this.interrupted = true;
      return;
    }
    for (const listener of this.reconnectListeners) listener();
  }
}
