// A room member speaking the real protocol over `ws`, as a pipeline script or a lean client
// would: it creates or joins a room, resumes after a dropped connection (room.resume with its
// session token and last version, like the player), and records which of its changes the
// server acknowledged (the echo that names its message in `replyTo`). Nothing is kept per
// message beyond what the checks need, so hundreds can run for a soak.
import { WebSocket } from 'ws';
import {
  PROTOCOL_VERSION,
  createClientMessage,
  parseServerFrame,
  serializeMessage,
  type ClientMessageType,
  type ClientPayload,
  type ServerMessage,
} from '../../src/protocol/index';

export interface Ack {
  kind: 'annotation' | 'note' | 'playback';
  /** The annotation or note id the change created. */
  itemId?: string;
}

export interface MemberOptions {
  name: string;
  /** Resume after a drop (default true). */
  resume?: boolean;
  /** Local address to connect from (e.g. 127.0.0.2: another "address" on loopback). */
  localAddress?: string;
  /** Stop reading the socket (a slow consumer): the server's send buffer fills. */
  onMessage?: (message: ServerMessage) => void;
}

export class Member {
  ws: WebSocket | null = null;
  roomId = '';
  /** In the room on the current connection (joined or resumed). */
  private inRoom = false;
  userId = '';
  sessionToken = '';
  hostToken: string | undefined;
  version = 0;
  /** Acknowledged changes by message id. */
  readonly acked = new Map<string, Ack>();
  private readonly sent = new Map<string, Ack>();
  /** Connections lost, resumes that worked, resumes the server refused. */
  drops = 0;
  resumes = 0;
  resumeRefused = 0;
  errors = new Map<string, number>();
  private stopped = false;
  private waiters: Array<{
    match: (m: ServerMessage) => boolean;
    resolve: (m: ServerMessage) => void;
  }> = [];
  private counter = 0;

  constructor(
    private url: string,
    readonly options: MemberOptions,
  ) {}

  /** Points later reconnects at another address (e.g. the surviving instance). */
  retarget(url: string): void {
    this.url = url;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN && this.inRoom;
  }

  async create(payload: ClientPayload<'room.create'> = {}): Promise<void> {
    await this.open();
    const joined = await this.request(
      'room.create',
      { displayName: this.options.name, ...payload },
      'room.joined',
    );
    this.joined(joined);
  }

  async join(roomId: string, payload: Partial<ClientPayload<'room.join'>> = {}): Promise<void> {
    await this.open();
    const joined = await this.request(
      'room.join',
      { roomId, displayName: this.options.name, ...payload },
      'room.joined',
    );
    this.joined(joined);
  }

  /** A new id for an annotation or note, prefixed with the user id as the player does. */
  itemId(kind: string): string {
    return `${this.userId}-${kind}${this.counter++}`;
  }

  send<K extends ClientMessageType>(type: K, payload: ClientPayload<K>, ack?: Ack): string | null {
    if (!this.connected || !this.ws) return null;
    const message = createClientMessage(type, payload);
    this.ws.send(serializeMessage(message));
    if (ack) this.sent.set(message.id, ack);
    return message.id;
  }

  /** Waits for a message matching `match` (rejects after timeoutMs). */
  next(match: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (m: ServerMessage) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((entry) => entry !== waiter);
        reject(new Error(`${this.options.name}: timed out`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.terminate();
    });
  }

  private joined(message: ServerMessage): void {
    if (message.type !== 'room.joined') return;
    this.roomId = message.payload.roomId;
    this.inRoom = true;
    this.userId = message.payload.userId;
    this.sessionToken = message.payload.sessionToken;
    this.hostToken = message.payload.hostToken ?? this.hostToken;
  }

  private async request<K extends ClientMessageType>(
    type: K,
    payload: ClientPayload<K>,
    replyType: ServerMessage['type'],
    timeoutMs = 10_000,
  ): Promise<ServerMessage> {
    const ws = this.ws;
    if (!ws) throw new Error('not connected');
    const message = createClientMessage(type, payload);
    const reply = this.next(
      (m) => m.replyTo === message.id && (m.type === replyType || m.type === 'error'),
      timeoutMs,
    );
    ws.send(serializeMessage(message));
    const answer = await reply;
    if (answer.type === 'error') throw new Error(`${type}: ${answer.payload.code}`);
    return answer;
  }

  private async open(): Promise<void> {
    const ws = new WebSocket(this.url, {
      perMessageDeflate: false,
      ...(this.options.localAddress ? { localAddress: this.options.localAddress } : {}),
    });
    this.ws = ws;
    ws.on('message', (data) => this.receive(data.toString()));
    ws.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('no connection in 10 s'));
      }, 10_000);
      ws.once('open', () => (clearTimeout(timer), resolve()));
      ws.once('close', () => (clearTimeout(timer), reject(new Error('closed before open'))));
    });
    ws.once('close', () => void this.lost(ws));
    await this.request('hello', { protocolVersion: PROTOCOL_VERSION, client: 'chaos' }, 'welcome');
  }

  private receive(text: string): void {
    const parsed = parseServerFrame(text);
    if (!parsed.ok) return;
    for (const message of parsed.message) {
      if (typeof message.version === 'number')
        this.version = Math.max(this.version, message.version);
      if (message.type === 'sync.state')
        this.version = Math.max(this.version, message.payload.version);
      if (message.type === 'error')
        this.errors.set(message.payload.code, (this.errors.get(message.payload.code) ?? 0) + 1);
      if (message.replyTo && message.type !== 'error') {
        const ack = this.sent.get(message.replyTo);
        if (ack) {
          this.sent.delete(message.replyTo);
          this.acked.set(message.replyTo, ack);
        }
      }
      this.options.onMessage?.(message);
      for (const waiter of [...this.waiters])
        if (waiter.match(message)) {
          this.waiters = this.waiters.filter((entry) => entry !== waiter);
          waiter.resolve(message);
        }
    }
  }

  /** The connection dropped: resume the room like the player does (backoff up to 1 s). */
  private async lost(ws: WebSocket): Promise<void> {
    if (this.ws !== ws || this.stopped) return;
    this.inRoom = false;
    this.drops++;
    this.sent.clear(); // unanswered: not acknowledged, so not counted either way
    if (this.options.resume === false || !this.roomId) return;
    for (let attempt = 0; !this.stopped; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * 2 ** attempt)));
      if (this.stopped) return;
      try {
        await this.open();
        const joined = await this.request(
          'room.resume',
          {
            roomId: this.roomId,
            sessionToken: this.sessionToken,
            lastVersion: this.version,
            ...(this.hostToken ? { hostToken: this.hostToken } : {}),
          },
          'room.joined',
        );
        this.joined(joined);
        this.resumes++;
        return;
      } catch (error) {
        const failed = this.ws;
        this.ws = null;
        failed?.terminate();
        if (error instanceof Error && /ROOM_NOT_FOUND|INVALID_SESSION/.test(error.message)) {
          this.resumeRefused++;
          return;
        }
      }
    }
  }
}
