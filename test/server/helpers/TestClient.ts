// A small typed test client over a real `ws` socket: send protocol messages, await typed
// replies by type or predicate, and inspect everything received.
import { WebSocket, type ClientOptions } from 'ws';
import {
  PROTOCOL_VERSION,
  createClientMessage,
  parseServerFrame,
  serializeMessage,
  type ClientMessageType,
  type ClientPayload,
  type ServerMessage,
  type ServerMessageOf,
  type ServerMessageType,
} from '../../../src/protocol/index';

type Waiter = {
  match: (message: ServerMessage) => boolean;
  resolve: (message: ServerMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

export class TestClient {
  readonly received: ServerMessage[] = [];
  /** Raw frames that did not parse as server messages (should stay empty). */
  readonly invalid: string[] = [];
  /** Every text frame as received. */
  readonly frames: string[] = [];
  private waiters: Waiter[] = [];
  private cursor = 0;
  closeCode: number | null = null;
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      // A live.batch frame (only after a hello announcing it) carries several messages.
      const parsed = parseServerFrame(text);
      if (!parsed.ok) {
        this.invalid.push(text);
        return;
      }
      for (const message of parsed.message) this.take(message);
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code) => {
        this.closeCode = code;
        for (const waiter of this.waiters) {
          clearTimeout(waiter.timer);
          waiter.reject(new Error(`socket closed (${code}) while waiting`));
        }
        this.waiters = [];
        resolve(code);
      });
    });
    ws.on('error', () => undefined);
  }

  private take(message: ServerMessage): void {
    this.received.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(message)) {
        this.waiters = this.waiters.filter((entry) => entry !== waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(message);
      }
    }
  }

  static async connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(url, options);
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return client;
  }

  /** Connects and completes the handshake. */
  static async greeted(
    url: string,
    options: ClientOptions = {},
    features?: string[],
  ): Promise<TestClient> {
    const client = await TestClient.connect(url, options);
    await client.request(
      'hello',
      { protocolVersion: PROTOCOL_VERSION, client: 'test', ...(features ? { features } : {}) },
      'welcome',
    );
    return client;
  }

  send<K extends ClientMessageType>(type: K, payload: ClientPayload<K>, id?: string): string {
    const message = createClientMessage(type, payload, id === undefined ? {} : { id });
    this.ws.send(serializeMessage(message));
    return message.id;
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Waits for the next message (from now on, or already received since the last wait) matching. */
  next<K extends ServerMessageType>(
    type: K,
    predicate: (message: ServerMessageOf<K>) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<ServerMessageOf<K>> {
    const match = (message: ServerMessage): boolean =>
      message.type === type && predicate(message as ServerMessageOf<K>);
    for (let i = this.cursor; i < this.received.length; i++) {
      const message = this.received[i];
      if (message && match(message)) {
        this.cursor = i + 1;
        return Promise.resolve(message as ServerMessageOf<K>);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((entry) => entry.timer !== timer);
        reject(
          new Error(
            `timed out waiting for ${type}; got ${this.received
              .slice(-5)
              .map((m) => m.type)
              .join(', ')}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        match,
        resolve: (message) => {
          this.cursor = this.received.length;
          resolve(message as ServerMessageOf<K>);
        },
        reject,
        timer,
      });
    });
  }

  /** Sends and waits for the reply of the given type that answers it (or an error for it). */
  async request<K extends ClientMessageType, R extends ServerMessageType>(
    type: K,
    payload: ClientPayload<K>,
    replyType: R,
  ): Promise<ServerMessageOf<R>> {
    const id = this.send(type, payload);
    const reply = await Promise.race([
      this.next(replyType, (message) => message.replyTo === id),
      this.next('error', (message) => message.replyTo === id).then((error) => {
        throw new Error(`${type} failed: ${error.payload.code} ${error.payload.message}`);
      }),
    ]);
    return reply;
  }

  /** The error reply to a message id. */
  errorFor(id: string, timeoutMs = 3000) {
    return this.next('error', (message) => message.replyTo === id, timeoutMs);
  }

  all<K extends ServerMessageType>(type: K): Array<ServerMessageOf<K>> {
    return this.received.filter((message) => message.type === type) as Array<ServerMessageOf<K>>;
  }

  close(): Promise<number> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close();
    return this.closed;
  }
}
