// One thin client for all three targets, on a plain `ws` socket, so every target is measured
// by the same harness: ReelSync's protocol (hello, room.create/join), the raw relay (room in
// the URL), and Socket.IO's wire format (Engine.IO v4 packets over its websocket transport)
// spoken directly, so no client library's cost differs between the targets.
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../src/protocol/index';
import type { ServerKind } from './protocol';

export type Payload = 'playback' | 'cursor';

/** Called for each playback change or cursor a client receives (after JSON.parse). */
export type DeliveryHandler = (client: BenchClient, payload: Payload, seq: number) => void;

const CURSOR_SEQ_RANGE = 100_000_000;

/** The client → server text of a host playback change carrying sequence number `seq`. */
export function playbackMessage(seq: number, now = Date.now()): string {
  return (
    `{"type":"sync.playback","id":"p${seq}","timestamp":${now},"payload":{"motion":` +
    `{"playing":true,"anchorFrame":${seq % 1000},"anchorTime":${now},"fps":24,"speed":1,` +
    `"direction":1,"loopMode":"loop","inPoint":1,"outPoint":1440},"baseVersion":0}}`
  );
}

/** A live cursor carrying `seq` in its frame field (x, y move like a pointer would). */
export function cursorMessage(seq: number, now = Date.now()): string {
  const x = 100 + (seq % 1800);
  const y = 100 + ((seq * 7) % 900);
  return (
    `{"type":"live.cursor","id":"c${seq % CURSOR_SEQ_RANGE}","timestamp":${now},` +
    `"payload":{"x":${x},"y":${y},"frame":${seq % CURSOR_SEQ_RANGE},"visible":true}}`
  );
}

/**
 * Reads the payload kind and sequence number of a relayed message (ReelSync's broadcast, or
 * the client message itself for the relays); null for anything else (member lists...).
 */
export function readDelivery(message: unknown): { payload: Payload; seq: number } | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, id, replyTo, payload } = message as {
    type?: unknown;
    id?: unknown;
    replyTo?: unknown;
    payload?: { frame?: unknown };
  };
  if (type === 'sync.playback') {
    const ref = typeof replyTo === 'string' ? replyTo : id;
    return typeof ref === 'string' && ref.startsWith('p')
      ? { payload: 'playback', seq: Number(ref.slice(1)) }
      : null;
  }
  if (type === 'live.cursor' && typeof payload?.frame === 'number')
    return { payload: 'cursor', seq: payload.frame };
  return null;
}

const BATCH_PREFIX = Buffer.from('{"type":"live.batch"');
const RELAYED_TYPE = Buffer.from('{"type":"live.');

function isLiveBatch(data: Buffer): boolean {
  return (
    data.length > BATCH_PREFIX.length && data.subarray(0, BATCH_PREFIX.length).equals(BATCH_PREFIX)
  );
}

/** Messages in a live.batch frame: its inner `{"type":"live.…` objects (the frame's own excluded). */
function countRelayed(data: Buffer): number {
  let count = 0;
  for (let at = data.indexOf(RELAYED_TYPE, 1); at !== -1; at = data.indexOf(RELAYED_TYPE, at + 1))
    count++;
  return count;
}

export interface ClientOptions {
  kind: ServerKind;
  url: string;
  /** The room to enter: null creates one (ReelSync) / names a new one (relays). */
  roomId: string | null;
  /** false: count frames without parsing (throughput runs, where the client is the limit). */
  parse: boolean;
  onDelivery: DeliveryHandler;
}

let relayRoomCounter = 0;

export class BenchClient {
  /** Frames received since the last reset (any type; throughput counts these). */
  frames = 0;
  roomId = '';
  private setupWaiter: ((text: string) => boolean) | null = null;
  /** Frames that arrived before a setup step waited for them (e.g. in the upgrade's packet). */
  private early: string[] | null = [];

  private constructor(
    readonly ws: WebSocket,
    readonly options: ClientOptions,
  ) {
    ws.on('message', (data: Buffer) => this.receive(data));
  }

  static async open(options: ClientOptions): Promise<BenchClient> {
    const room = options.roomId ?? `r${process.pid}-${++relayRoomCounter}`;
    const url = options.kind === 'raw' ? `${options.url}?room=${room}` : options.url;
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
    const client = new BenchClient(ws, options);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => undefined);
    await client.enter(room);
    client.ready();
    return client;
  }

  private async enter(room: string): Promise<void> {
    const { kind, roomId } = this.options;
    if (kind === 'raw') {
      await this.until((text) => text === '{"type":"joined"}');
      this.roomId = room;
    } else if (kind === 'socketio') {
      await this.until((text) => text.startsWith('0{'));
      this.ws.send('40');
      await this.until((text) => text.startsWith('40'));
      this.ws.send(`42["join",${JSON.stringify(room)}]`);
      await this.until((text) => text === '42["joined"]');
      this.roomId = room;
    } else {
      const welcome = this.until((text) => text.includes('"type":"welcome"'));
      this.ws.send(
        JSON.stringify({
          type: 'hello',
          id: 'h',
          timestamp: Date.now(),
          // The player announces live.batch too (src/network/WebSocketClient.ts).
          payload: { protocolVersion: PROTOCOL_VERSION, client: 'bench', features: ['live.batch'] },
        }),
      );
      await welcome;
      let joined = '';
      const entered = this.until((text) => {
        if (!text.includes('"type":"room.joined"')) {
          if (text.includes('"type":"error"')) throw new Error(`entry refused: ${text}`);
          return false;
        }
        joined = text;
        return true;
      });
      const payload = roomId === null ? { displayName: 'bench' } : { roomId, displayName: 'bench' };
      this.ws.send(
        JSON.stringify({
          type: roomId === null ? 'room.create' : 'room.join',
          id: 'j',
          timestamp: Date.now(),
          payload,
        }),
      );
      await entered;
      this.roomId = (JSON.parse(joined) as { payload: { roomId: string } }).payload.roomId;
    }
  }

  private until(match: (text: string) => boolean, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.setupWaiter = null;
        reject(new Error(`${this.options.kind} client: setup timed out`));
      }, timeoutMs);
      const waiter = (text: string): boolean => {
        let done: boolean;
        try {
          done = match(text);
        } catch (error) {
          clearTimeout(timer);
          this.setupWaiter = null;
          reject(error as Error);
          return true;
        }
        if (!done) return false;
        clearTimeout(timer);
        this.setupWaiter = null;
        resolve();
        return true;
      };
      this.setupWaiter = waiter;
      while (this.early && this.early.length > 0 && this.setupWaiter === waiter)
        waiter(this.early.shift() as string);
    });
  }

  /** Setup is over: later frames go to the delivery handler. */
  private ready(): void {
    this.early = null;
  }

  private receive(data: Buffer): void {
    this.frames++;
    if (this.setupWaiter) {
      this.setupWaiter(data.toString());
      return;
    }
    if (this.early) {
      this.early.push(data.toString());
      return;
    }
    const { kind, parse, onDelivery } = this.options;
    if (kind === 'socketio') {
      // Engine.IO: "2" is the server's ping, "42[...]" an event.
      if (data.length === 1 && data[0] === 0x32) {
        this.ws.send('3');
        this.frames--;
        return;
      }
      if (!parse) return;
      const text = data.toString();
      if (!text.startsWith('42')) return;
      const [, message] = JSON.parse(text.slice(2)) as [string, unknown];
      const delivery = readDelivery(message);
      if (delivery) onDelivery(this, delivery.payload, delivery.seq);
      return;
    }
    const batched = isLiveBatch(data);
    // A live.batch frame carries several deliveries: count each (one pass over the bytes).
    if (batched) this.frames += countRelayed(data) - 1;
    if (!parse) return;
    const message = JSON.parse(data.toString()) as { payload?: { messages?: unknown[] } };
    for (const each of batched ? (message.payload?.messages ?? []) : [message]) {
      const delivery = readDelivery(each);
      if (delivery) onDelivery(this, delivery.payload, delivery.seq);
    }
  }

  /** Sends a client message text (wrapped as a Socket.IO event for that target). */
  send(text: string): void {
    this.ws.send(this.options.kind === 'socketio' ? `42["m",${text}]` : text);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Opens a room of `size` clients (the first creates it); `urls` alternate per client. */
export async function openRoom(
  kind: ServerKind,
  urls: string[],
  size: number,
  options: { parse: boolean; onDelivery: DeliveryHandler; batch?: number },
): Promise<BenchClient[]> {
  const first = await BenchClient.open({
    kind,
    url: urls[0] as string,
    roomId: null,
    parse: options.parse,
    onDelivery: options.onDelivery,
  });
  const clients = [first];
  const batch = options.batch ?? 25;
  for (let start = 1; start < size; start += batch) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(batch, size - start) }, (_, offset) =>
        BenchClient.open({
          kind,
          url: urls[(start + offset) % urls.length] as string,
          roomId: first.roomId,
          parse: options.parse,
          onDelivery: options.onDelivery,
        }),
      ),
    );
    clients.push(...opened);
  }
  return clients;
}

/** Opens many rooms, a few at a time. */
export async function openRooms(
  kind: ServerKind,
  urls: string[],
  rooms: number,
  size: number,
  options: { parse: boolean; onDelivery: DeliveryHandler; parallelRooms?: number },
): Promise<BenchClient[][]> {
  const result: BenchClient[][] = [];
  const parallel = options.parallelRooms ?? 10;
  for (let start = 0; start < rooms; start += parallel) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(parallel, rooms - start) }, () =>
        openRoom(kind, urls, size, options),
      ),
    );
    result.push(...opened);
  }
  return result;
}

export function closeAll(clients: Iterable<BenchClient>): void {
  for (const client of clients) client.close();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
