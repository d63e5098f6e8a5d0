// Over 400 lines: the client's one public surface (room, playback, notes, requests) and the
// resume after a reconnect, which must see the same state; the socket handling is in link.ts.
// ReelSyncClient: a typed client of the sync server for programs (Node or browser). One
// connection (reconnected automatically: link.ts), the hello handshake, create/join a room (and
// resume it after a reconnect, catching up on missed changes), a copy of the room's state kept
// current with the protocol's own reducer (applyServerChange), room events, and requests that
// resolve on the server's answer (replyTo) or reject with a ReelSyncError carrying its code.
import {
  PROTOCOL_VERSION,
  SYNC_PATH,
  applyServerChange,
  createClientMessage,
  createMessageId,
  isServerChange,
  normalizeRoomCode,
  parseServerFrame,
  serializeMessage,
  type AssignableRole,
  type ClientMessageType,
  type ClientPayload,
  type Motion,
  type RoomState,
  type ServerChange,
  type ServerMessage,
  type ServerMessageOf,
  type User,
} from '../src/protocol/index';
import { EventEmitter, type Unsubscribe } from '../src/utils/EventEmitter';
import { ReelSyncError } from './errors';
import { httpBaseOf, RoomLibrary } from './library';
import { DEFAULT_RECONNECT, gate, Link, openSocket, type Gate } from './link';
import { RoomPlaylistClient } from './playlist';
import { frameAtTime } from './motion';
import { exportNotes, type NotesFormat } from './notesExport';
import { PendingRequests, receivedOnce } from './pending';
import type { ClientEvents, ConnectOptions, RoomInfo } from './types';
import { globalWebSocketFactory, syncUrlOf, type WebSocketLike } from './socket';

export class ReelSyncClient {
  private readonly events = new EventEmitter<ClientEvents>();
  private readonly pending: PendingRequests;
  private clockOffset = 0;
  private roomState: RoomState | null = null;
  private roomVersion = 0;
  private members: User[] = [];
  private joined: RoomInfo | null = null;
  private sessionToken: string | null = null;
  private closedWith: { code: number; reason: string } | null = null;
  /** Set while the connection is down or resuming (user requests wait on it). */
  private reconnecting: Gate | null = null;
  private readonly link: Link;
  /** The room's media library (docs/media-library.md). */
  readonly library: RoomLibrary;
  /** The room's playlist (docs/playlist.md). */
  readonly playlist: RoomPlaylistClient;

  private constructor(
    socket: WebSocketLike,
    readonly serverUrl: string,
    private readonly timeoutMs: number,
    private readonly clientName: string,
    reopen: () => Promise<WebSocketLike>,
    reconnect: ConnectOptions['reconnect'],
  ) {
    this.pending = new PendingRequests(timeoutMs);
    this.library = new RoomLibrary({
      state: () => this.roomState,
      change: (type, payload) => this.change(type, payload),
      credentials: () => this.credentials,
      onState: (listener) => this.events.on('state', listener),
      httpBase: httpBaseOf(this.serverUrl),
    });
    this.playlist = new RoomPlaylistClient({
      state: () => this.roomState,
      change: (type, payload) => this.change(type, payload),
    });
    this.link = new Link(
      socket,
      reopen,
      reconnect === false ? null : { ...DEFAULT_RECONNECT, ...reconnect },
      {
        data: (data) => this.receive(data),
        down: (info) => this.down(info),
        up: () => this.resume(),
        closed: ({ code, reason }) => this.closed(code, reason),
      },
    );
  }

  /** Opens the socket and completes the handshake. Rejects with UNREACHABLE when it cannot. */
  static async connect(serverUrl: string, options: ConnectOptions = {}): Promise<ReelSyncClient> {
    const factory = options.webSocket ?? globalWebSocketFactory();
    if (!factory)
      throw new ReelSyncError(
        'BAD_ARGUMENT',
        'No WebSocket here: pass options.webSocket (in Node use sdk/node.ts)',
      );
    let url: string;
    try {
      url = syncUrlOf(serverUrl, SYNC_PATH);
    } catch {
      throw new ReelSyncError('BAD_ARGUMENT', `Not a server URL: ${serverUrl}`);
    }
    const open = () => openSocket(factory, url, serverUrl);
    const client = new ReelSyncClient(
      await open(),
      serverUrl,
      options.timeoutMs ?? 10_000,
      options.clientName ?? 'reelsync-sdk',
      open,
      options.reconnect,
    );
    await client.hello();
    return client;
  }

  /** The handshake (on connect and on every reconnect): protocol version, server clock. */
  private async hello(): Promise<void> {
    const welcome = (await this.request(
      'hello',
      { protocolVersion: PROTOCOL_VERSION, client: this.clientName },
      true,
    )) as ServerMessageOf<'welcome'>;
    this.clockOffset = welcome.payload.serverTime - Date.now();
  }

  /** The socket dropped: requests in flight fail (they may or may not have been applied). */
  private down(info: { code: number; reason: string; attempt: number; delayMs: number }): void {
    this.reconnecting ??= gate();
    this.pending.rejectAll(
      new ReelSyncError('CLOSED', 'The connection dropped; reconnecting (try again after it)'),
    );
    this.events.emit('reconnecting', info);
  }

  /** A new socket is open: hello, then back into the room, caught up on what was missed. */
  private async resume(): Promise<void> {
    await this.hello();
    const room = this.joined;
    if (room && this.sessionToken) {
      const caughtUp = this.nextOf(['sync.state']);
      try {
        const reply = (await this.request(
          'room.resume',
          {
            roomId: room.roomId,
            sessionToken: this.sessionToken,
            lastVersion: this.roomVersion,
            ...(room.hostToken ? { hostToken: room.hostToken } : {}),
          },
          true,
        )) as ServerMessageOf<'room.joined'>;
        const { sessionToken, ...info } = reply.payload;
        this.joined = {
          ...info,
          ...(room.hostToken && !info.hostToken ? { hostToken: room.hostToken } : {}),
        };
        this.sessionToken = sessionToken;
        await caughtUp.done;
      } finally {
        caughtUp.cancel();
      }
    }
    const waiting = this.reconnecting;
    this.reconnecting = null;
    waiting?.open();
    this.events.emit('reconnected', {
      room: this.joined?.roomId ?? null,
      version: this.roomVersion,
    });
  }

  /** The room's state (null before a room is joined). Read-only: change it through the methods. */
  get state(): RoomState | null {
    return this.roomState;
  }
  get version(): number {
    return this.roomVersion;
  }
  get users(): readonly User[] {
    return this.members;
  }
  get room(): RoomInfo | null {
    return this.joined;
  }
  /** The room and this member's session token (null outside a room): for /stream and media. */
  get credentials(): { room: string; sessionToken: string } | null {
    return this.joined && this.sessionToken
      ? { room: this.joined.roomId, sessionToken: this.sessionToken }
      : null;
  }
  /** Estimated server clock (ms). */
  serverNow(): number {
    return Date.now() + this.clockOffset;
  }
  /** The frame the room's playhead is on now. */
  currentFrame(): number {
    return frameAtTime(this.requireState().motion, this.serverNow());
  }

  on<K extends keyof ClientEvents & string>(
    event: K,
    listener: (payload: ClientEvents[K]) => void,
  ): Unsubscribe {
    return this.events.on(event, listener);
  }

  /** Creates a room and joins it as host; resolves once its state has arrived. */
  async createRoom(options: { name?: string; pin?: string } = {}): Promise<RoomInfo> {
    return this.enter('room.create', {
      ...(options.name ? { displayName: options.name } : {}),
      ...(options.pin ? { pin: options.pin } : {}),
    });
  }

  /** Joins a room by code; resolves once its state and member list have arrived. */
  async joinRoom(
    code: string,
    options: { pin?: string; name?: string; role?: AssignableRole } = {},
  ): Promise<RoomInfo> {
    const roomId = normalizeRoomCode(code);
    if (!roomId) throw new ReelSyncError('ROOM_NOT_FOUND', `"${code}" is not a room code`);
    return this.enter('room.join', {
      roomId,
      ...(options.pin ? { pin: options.pin } : {}),
      ...(options.name ? { displayName: options.name } : {}),
      ...(options.role ? { role: options.role } : {}),
    });
  }

  private async enter(
    type: 'room.create' | 'room.join',
    payload: ClientPayload<'room.create'> | ClientPayload<'room.join'>,
  ): Promise<RoomInfo> {
    // The state and member list follow room.joined; listen before asking.
    const arrived = this.nextOf(['sync.state', 'room.users']);
    try {
      const reply = (await this.request(type, payload as never)) as ServerMessageOf<'room.joined'>;
      const { sessionToken, ...info } = reply.payload;
      this.joined = info;
      this.sessionToken = sessionToken;
      await arrived.done;
      return info;
    } finally {
      arrived.cancel();
    }
  }

  /** Resolves when each of `types` has been received once (from now on). */
  private nextOf(types: ServerMessage['type'][]): { done: Promise<void>; cancel: () => void } {
    return receivedOnce(types, (listener) => this.events.on('message', listener), this.timeoutMs);
  }

  play(): Promise<RoomState> {
    const motion = this.requireState().motion;
    const frame = this.currentFrame();
    return this.setMotion({
      ...motion,
      playing: true,
      anchorFrame: frame,
      anchorTime: this.serverNow(),
    });
  }

  pause(): Promise<RoomState> {
    const motion = this.requireState().motion;
    const frame = this.currentFrame();
    return this.setMotion({
      ...motion,
      playing: false,
      anchorFrame: frame,
      anchorTime: this.serverNow(),
    });
  }

  /** Moves the playhead to `frame` (the server re-anchors it at its clock; play state kept). */
  seek(frame: number): Promise<RoomState> {
    if (!Number.isFinite(frame)) throw new ReelSyncError('BAD_ARGUMENT', `Not a frame: ${frame}`);
    return this.change('sync.frame', { frame, baseVersion: this.roomVersion });
  }

  setSpeed(speed: number): Promise<RoomState> {
    return this.reanchor({ speed });
  }

  setLoop(loopMode: Motion['loopMode']): Promise<RoomState> {
    return this.reanchor({ loopMode });
  }

  setInOut(inPoint: number, outPoint: number): Promise<RoomState> {
    if (!(inPoint <= outPoint))
      throw new ReelSyncError('BAD_ARGUMENT', `In point ${inPoint} is after out point ${outPoint}`);
    return this.reanchor({ inPoint, outPoint });
  }

  /** Any motion change, re-anchored at the frame on screen now so the playhead does not jump. */
  private reanchor(patch: Partial<Motion>): Promise<RoomState> {
    const motion = this.requireState().motion;
    return this.setMotion({
      ...motion,
      anchorFrame: this.currentFrame(),
      anchorTime: this.serverNow(),
      ...patch,
    });
  }

  private setMotion(motion: Motion): Promise<RoomState> {
    return this.change('sync.playback', { motion, baseVersion: this.roomVersion });
  }

  /** Adds a note on `frame`; resolves with the note id. */
  async addNote(frame: number, text: string, options: { endFrame?: number } = {}): Promise<string> {
    const id = `sdk-${createMessageId()}`;
    const note = {
      id,
      frame,
      text,
      ...(options.endFrame === undefined ? {} : { endFrame: options.endFrame }),
    };
    await this.change('sync.note', { op: 'add', note });
    return id;
  }

  /** The room's notes as CSV, JSON or a self-contained HTML page. */
  exportNotes(format: NotesFormat): string {
    return exportNotes(this.requireState(), format, {
      roomCode: this.joined?.roomId ?? null,
      exportedAt: Date.now(),
      names: new Map(this.members.map((user) => [user.userId, user.displayName])),
    });
  }

  /** Host only: ends the room for everyone (each member gets `ended`; connections close). */
  async endRoom(): Promise<void> {
    this.requireState();
    const ended = new Promise<void>((resolve) => this.events.once('ended', () => resolve()));
    // The answer is the room.ended broadcast (then the close); a refusal rejects.
    await Promise.race([ended, this.request('room.end', {}).then(() => undefined)]);
  }

  /** Leaves the room (if in one) and closes the socket. */
  async close(): Promise<void> {
    if (this.closedWith) return;
    if (this.joined && this.link.isOpen && !this.reconnecting)
      await this.request('room.leave', {}).catch(() => undefined);
    const done = new Promise<void>((resolve) => this.events.once('close', () => resolve()));
    this.link.close(1000, 'client closed');
    await done;
  }

  /**
   * Sends a state change and resolves with the state after it. The server answers an applied
   * change with its broadcast, a refusal with an error, and a change that changes nothing with
   * silence, so a sync.requestState sent right behind it (the server handles one connection's
   * messages in order) marks the point where no answer means "nothing to change".
   */
  private async change<K extends ClientMessageType>(
    type: K,
    payload: ClientPayload<K>,
  ): Promise<RoomState> {
    this.requireState();
    const waited = this.reconnecting;
    if (waited) {
      await waited.promise;
      // Asked while away: the change is based on the room as it is now (caught up).
      if ('baseVersion' in payload)
        payload = { ...payload, baseVersion: this.roomVersion } as ClientPayload<K>;
    }
    const message = createClientMessage(type, payload);
    const answer = this.pending.expect(message.id);
    this.link.send(serializeMessage(message));
    const barrier = this.request('sync.requestState', { lastVersion: this.roomVersion });
    barrier.catch(() => undefined); // only a marker; its failure is the answer's to report
    const settled = await Promise.race([
      answer.then(() => 'answer' as const),
      barrier.then(() => 'barrier' as const),
    ]);
    if (settled === 'barrier') {
      // The catch-up (already applied) holds the change if it was applied; else it was a no-op.
      this.pending.settle(message.id, null);
    } else await answer;
    await barrier.catch(() => undefined);
    return this.requireState();
  }

  /**
   * Sends a message and resolves with the server's answer to it. While reconnecting it waits
   * until the room is resumed (`now`: the reconnect's own hello and resume, sent at once).
   */
  private async request<K extends ClientMessageType>(
    type: K,
    payload: ClientPayload<K>,
    now = false,
  ): Promise<ServerMessage> {
    if (!now) await this.reconnecting?.promise;
    if (this.closedWith) throw new ReelSyncError('CLOSED', 'The connection is closed');
    const message = createClientMessage(type, payload);
    const answer = this.pending.expect(message.id);
    this.link.send(serializeMessage(message));
    return answer;
  }

  private requireState(): RoomState {
    if (!this.roomState) throw new ReelSyncError('NOT_IN_ROOM', 'Join or create a room first');
    return this.roomState;
  }

  private receive(data: unknown): void {
    const parsed = parseServerFrame(typeof data === 'string' ? data : String(data));
    if (!parsed.ok) return;
    for (const message of parsed.message) this.handle(message);
  }

  private handle(message: ServerMessage): void {
    if (isServerChange(message)) this.applyChange(message);
    else if (message.type === 'sync.state') this.applyCatchUp(message.payload);
    else if (message.type === 'sync.rejected')
      this.adopt(message.payload.motion, message.payload.version);
    else if (message.type === 'room.users') {
      this.members = message.payload.users;
      this.events.emit('users', this.members);
    } else if (message.type === 'room.ended') this.events.emit('ended', message.payload);
    if (message.replyTo && this.pending.has(message.replyTo))
      this.pending.settle(message.replyTo, message);
    else if (message.type === 'error') {
      const { code, message: text, retryAfterMs } = message.payload;
      this.events.emit('error', new ReelSyncError(code, text, retryAfterMs));
    }
    this.events.emit('message', message);
  }

  private applyCatchUp(payload: ServerMessageOf<'sync.state'>['payload']): void {
    if (payload.mode === 'snapshot') {
      if (this.roomState && payload.version < this.roomVersion) return;
      this.roomState = payload.state;
      this.roomVersion = payload.version;
      this.events.emit('state', { state: payload.state, version: payload.version, change: null });
      return;
    }
    for (const change of payload.changes) this.applyChange(change);
  }

  private applyChange(change: ServerChange): void {
    if (!this.roomState || change.version === undefined || change.version <= this.roomVersion)
      return;
    if (change.version > this.roomVersion + 1) {
      // A gap: ask for what was missed (its answer is applied in order by applyCatchUp).
      this.request('sync.requestState', { lastVersion: this.roomVersion }).catch(() => undefined);
      return;
    }
    this.roomState = applyServerChange(this.roomState, change);
    this.roomVersion = change.version;
    this.events.emit('state', { state: this.roomState, version: this.roomVersion, change });
    if (change.type === 'sync.playback')
      this.events.emit('playback', {
        motion: change.payload.motion,
        userId: change.userId ?? null,
      });
    else if (change.type === 'sync.note') this.events.emit('note', change);
    else if (change.type === 'sync.annotation') this.events.emit('annotation', change);
  }

  /** A rejected playback change: the server's motion is the room's. */
  private adopt(motion: Motion, version: number): void {
    if (!this.roomState || version < this.roomVersion) return;
    this.roomState = { ...this.roomState, motion };
  }

  private closed(code: number, reason: string): void {
    this.closedWith = { code, reason };
    const error = new ReelSyncError(
      'CLOSED',
      `The connection closed (${code}${reason ? `: ${reason}` : ''})`,
    );
    this.pending.rejectAll(error);
    this.reconnecting?.fail(error);
    this.reconnecting = null;
    this.events.emit('close', { code, reason });
  }
}
