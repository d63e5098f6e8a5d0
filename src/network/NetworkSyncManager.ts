// The client sync engine's front: room lifecycle (create/join/leave/resume), connection state
// and sync status, users, per-category settings, and the Session/Viewer bindings, all over one
// WebSocketClient with a server clock from ClockSync. No DOM: runs in browsers and in Node.
import type { Motion } from '../core/session/motion';
import {
  normalizeRoomCode,
  type Annotation,
  type ClientPayload,
  type ServerMessage,
  type ServerMessageOf,
  type User,
} from '../protocol/index';
import { EventEmitter } from '../utils/EventEmitter';
import { RoomStateSync } from './RoomStateSync';
import { SyncStatusTracker } from './SyncStatusTracker';
import { ClockSync, type ClockSyncOptions } from './ClockSync';
import { RoomSessionStore, type StoredRoom } from './RoomSessionStore';
import {
  DEFAULT_SYNC_SETTINGS,
  NetworkError,
  type ConnectionState,
  type KeyValueStorage,
  type NetworkErrorCode,
  type NetworkSyncEvents,
  type OnlineEventSource,
  type PlaybackTarget,
  type RoomInfo,
  type SyncCategory,
  type SyncSettings,
  type SyncStatus,
  type ViewTarget,
  type WebSocketFactory,
} from './types';
import { WebSocketClient, type ReconnectPolicy } from './WebSocketClient';
import { RoomRequests } from './RoomRequests';

export interface NetworkSyncManagerOptions {
  /** ws:// or wss:// URL of the server's /sync endpoint. */
  url: string;
  session?: PlaybackTarget | null;
  viewer?: ViewTarget | null;
  createWebSocket?: WebSocketFactory;
  /** Where the session token is kept so a reload can rejoin (browser: sessionStorage). */
  storage?: KeyValueStorage | null;
  displayName?: string;
  settings?: Partial<SyncSettings>;
  reconnect?: Partial<ReconnectPolicy>;
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  clockSync?: ClockSyncOptions;
  /** Throttle interval for seeks, view and color sends (leading + trailing edge). */
  sendIntervalMs?: number;
  /** A remote motion within this many frames of the local one, same rates, is not re-applied. */
  toleranceFrames?: number;
  /** How long the `conflict` status stays up after a lost change. */
  conflictHoldMs?: number;
  onlineEvents?: OnlineEventSource | null;
}

export type NetworkSyncManagerEventsExtra = {
  annotationsChanged: readonly Annotation[];
};

type Events = NetworkSyncEvents & NetworkSyncManagerEventsExtra;

export class NetworkSyncManager extends EventEmitter<Events> {
  private readonly client: WebSocketClient;
  private readonly clockSync: ClockSync;
  private readonly sync: RoomStateSync;
  private readonly requests: RoomRequests;
  private readonly stored: RoomSessionStore;
  private readonly options: NetworkSyncManagerOptions;
  private readonly unsubscribers: Array<() => void> = [];
  private room: RoomInfo | null = null;
  private secrets: { sessionToken: string; hostToken?: string; pin?: string } | null = null;
  private userList: User[] = [];
  private readonly tracker: SyncStatusTracker;
  private syncSettings: SyncSettings;
  private displayName: string | undefined;
  private awaitingState = false;
  private enteringPin: string | undefined;
  private joinMode: 'created' | 'joined' | 'resumed' = 'joined';
  private disposed = false;

  constructor(options: NetworkSyncManagerOptions) {
    super();
    this.options = options;
    this.displayName = options.displayName;
    this.stored = new RoomSessionStore(options.storage ?? null, options.url);
    this.syncSettings = {
      ...DEFAULT_SYNC_SETTINGS,
      ...this.stored.loadSettings(),
      ...options.settings,
    };
    this.clockSync = new ClockSync(options.clockSync);
    this.tracker = new SyncStatusTracker(
      () => ({
        inRoom: this.room !== null,
        awaitingState: this.awaitingState,
        pending: this.sync.state.pendingCount,
      }),
      (state) => this.emit('connectionStateChanged', state),
      (status) => this.emit('syncStatusChanged', status),
      options.conflictHoldMs ?? 1500,
      () => this.clockSync.localNow(),
    );
    this.client = new WebSocketClient({
      url: options.url,
      ...(options.createWebSocket ? { createWebSocket: options.createWebSocket } : {}),
      ...(options.reconnect ? { reconnect: options.reconnect } : {}),
      ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
      ...(options.heartbeatTimeoutMs ? { heartbeatTimeoutMs: options.heartbeatTimeoutMs } : {}),
      ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.onlineEvents !== undefined ? { onlineEvents: options.onlineEvents } : {}),
      now: () => this.clockSync.localNow(),
    });
    this.requests = new RoomRequests(this.client, options.requestTimeoutMs ?? 10_000);
    this.unsubscribers.push(
      this.client.on('sample', (sample) => this.clockSync.addSample(sample)),
      this.client.on('message', (message) => this.receive(message)),
      this.client.on('open', ({ reconnect }) => this.opened(reconnect)),
      this.client.on('close', (event) => this.socketClosed(event.willReconnect)),
      this.client.on('reconnecting', (event) => {
        this.setConnection('reconnecting');
        this.emit('reconnecting', event);
      }),
      this.client.on('reconnectExhausted', (event) => {
        this.setConnection('disconnected');
        this.emit('reconnectExhausted', event);
      }),
      this.client.on('error', (event) => this.emit('error', event)),
    );
    this.sync = new RoomStateSync(
      {
        client: this.client,
        serverClock: this.clockSync.clock,
        self: () => this.room,
        canSend: () => this.room !== null && this.client.isOpen && !this.awaitingState,
        settings: () => this.syncSettings,
        conflict: (category, reason) => this.flagConflict(category, reason),
        annotations: (list) => this.emit('annotationsChanged', list),
        changed: () => this.updateStatus(),
      },
      {
        sendIntervalMs: options.sendIntervalMs ?? 50,
        toleranceFrames: options.toleranceFrames ?? 0.05,
      },
    );
    if (options.session) this.bindSession(options.session);
    if (options.viewer) this.bindViewer(options.viewer);
  }

  get connectionState(): ConnectionState {
    return this.tracker.connection;
  }
  get syncStatus(): SyncStatus {
    return this.tracker.syncStatus;
  }
  get roomInfo(): RoomInfo | null {
    return this.room ? { ...this.room } : null;
  }
  get roomCode(): string | null {
    return this.room?.roomId ?? null;
  }
  get userId(): string | null {
    return this.room?.userId ?? null;
  }
  get isHost(): boolean {
    return this.room?.role === 'host';
  }
  get users(): readonly User[] {
    return this.userList;
  }
  get settings(): SyncSettings {
    return { ...this.syncSettings };
  }
  get roomVersion(): number {
    return this.sync.state.version;
  }
  /** Smoothed round trip to the server, ms. */
  get rtt(): number | null {
    return this.client.rtt;
  }
  /** Estimated server − local clock offset, ms (null before the first sample). */
  get clockOffset(): number | null {
    return this.clockSync.offset;
  }
  get annotations(): readonly Annotation[] {
    return this.sync.state.remoteState?.annotations ?? [];
  }
  /** The server clock estimate (ms): what every client evaluates the room motion at. */
  serverNow(): number {
    return this.clockSync.serverNow();
  }
  /** The room's motion as the server last described it. */
  get roomMotion(): Motion | null {
    return this.sync.state.remoteState?.motion ?? null;
  }

  bindSession(session: PlaybackTarget): void {
    this.sync.bindSession(session, this.room !== null);
  }

  bindViewer(viewer: ViewTarget): void {
    this.sync.bindViewer(viewer);
  }

  setDisplayName(name: string): void {
    this.displayName = name;
    if (this.room) this.client.send('user.presence', { displayName: name });
  }

  /** Turns categories on/off; turning one on re-follows the room's current state for it. */
  setSettings(patch: Partial<SyncSettings>): void {
    const before = this.syncSettings;
    this.syncSettings = { ...before, ...patch };
    this.stored.saveSettings(this.syncSettings);
    this.emit('settingsChanged', this.settings);
    if (this.room) this.sync.settingsChanged(before, this.syncSettings);
  }

  /** Snaps every enabled category back to the room's state (after drifting away on purpose). */
  resync(): void {
    this.sync.resync();
  }

  async createRoom(options: { displayName?: string; pin?: string } = {}): Promise<RoomInfo> {
    this.assertUsable();
    if (options.displayName !== undefined) this.displayName = options.displayName;
    await this.connectForRoom();
    // The seed's anchor time must be a server-clock instant, like every motion in the room.
    this.sync.useServerClock(true);
    const payload: ClientPayload<'room.create'> = { state: this.sync.seed() };
    if (this.displayName) payload.displayName = this.displayName;
    if (options.pin) payload.pin = options.pin;
    return this.enterRoom(
      () => this.requests.send('room.create', payload, 'sync.state'),
      options.pin,
    );
  }

  async joinRoom(
    code: string,
    pin?: string,
    options: { displayName?: string } = {},
  ): Promise<RoomInfo> {
    this.assertUsable();
    const roomId = normalizeRoomCode(code);
    if (!roomId) throw this.fail('INVALID_ROOM_CODE', `"${code}" is not a room code (XXXX-XXXX)`);
    if (options.displayName !== undefined) this.displayName = options.displayName;
    await this.connectForRoom();
    const payload: ClientPayload<'room.join'> = { roomId };
    if (pin) payload.pin = pin;
    if (this.displayName) payload.displayName = this.displayName;
    return this.enterRoom(() => this.requests.send('room.join', payload, 'sync.state'), pin);
  }

  /** Rejoins the room saved in storage (after a page reload); null when there is none. */
  async resumeStoredRoom(): Promise<RoomInfo | null> {
    this.assertUsable();
    const saved = this.stored.loadRoom();
    if (!saved || this.room) return null;
    await this.connectForRoom();
    try {
      return await this.enterRoom(() =>
        this.requests.send('room.resume', resumePayload(saved, 0), 'sync.state'),
      );
    } catch (error) {
      this.stored.clearRoom();
      throw error;
    }
  }

  async leaveRoom(): Promise<void> {
    const room = this.room;
    if (!room) return;
    if (this.client.isOpen)
      await this.requests.send('room.leave', {}, 'room.left').catch(() => undefined);
    this.exitRoom();
    this.emit('roomLeft', { roomId: room.roomId });
  }

  /** Manual reconnect after retries were exhausted. */
  reconnect(): void {
    if (this.room && !this.client.isOpen) this.client.reconnectNow();
  }

  requestState(): void {
    if (this.room) this.client.send('sync.requestState', {});
  }

  /** Sends an annotation change (only when annotation sync is on). */
  sendAnnotation(op: ClientPayload<'sync.annotation'>): boolean {
    return this.sync.sendAnnotation(op);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // No room.leave: the server keeps the member for its grace period, so a reload can resume.
    this.requests.dispose(new NetworkError('DISPOSED'));
    this.sync.dispose();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.clockSync.dispose();
    this.client.dispose();
    this.tracker.dispose();
    this.room = null;
    this.removeAllListeners();
  }

  // ── room lifecycle ──────────────────────────────────────────────────────────────────────

  private async connectForRoom(): Promise<void> {
    if (this.room) throw this.fail('ALREADY_IN_ROOM', 'leave the current room first');
    if (this.client.isOpen) return;
    this.setConnection('connecting');
    try {
      await this.client.connect();
    } catch (error) {
      this.setConnection('disconnected');
      throw this.fail('CONNECTION_FAILED', error instanceof Error ? error.message : String(error));
    }
    this.clockSync.start(this.client);
  }

  /**
   * Sends a create/join/resume and waits for the state after room.joined (both are handled as
   * they arrive, in receive(), so nothing that follows them in the same read is missed).
   */
  private async enterRoom(send: () => Promise<ServerMessage>, pin?: string): Promise<RoomInfo> {
    this.sync.useServerClock(true);
    this.awaitingState = true;
    this.enteringPin = pin;
    try {
      await send();
      const room = this.room as RoomInfo | null;
      if (!room) throw this.fail('INTERNAL_ERROR', 'no room after joining');
      this.setConnection('connected');
      this.emit('roomJoined', { ...room });
      return { ...room };
    } catch (error) {
      this.awaitingState = false;
      if (!this.room) {
        this.sync.useServerClock(false);
        this.client.disconnect();
        this.clockSync.stop();
        this.setConnection('disconnected');
      }
      throw error instanceof NetworkError
        ? this.report(error)
        : this.fail('INTERNAL_ERROR', String(error));
    }
  }

  private joined(message: ServerMessageOf<'room.joined'>): void {
    const pin = this.enteringPin;
    this.joinMode = message.payload.mode;
    const { roomId, userId, role, pinProtected, capacity, sessionToken, hostToken } =
      message.payload;
    const previous = this.secrets;
    this.room = { roomId, userId, role, pinProtected, capacity };
    this.secrets = {
      sessionToken,
      ...(pin ? { pin } : previous?.pin ? { pin: previous.pin } : {}),
    };
    const keptHostToken = hostToken ?? previous?.hostToken;
    if (keptHostToken) this.secrets.hostToken = keptHostToken;
    this.stored.saveRoom({
      roomId,
      userId,
      sessionToken,
      ...(keptHostToken ? { hostToken: keptHostToken } : {}),
    });
    if (message.payload.mode !== 'resumed') this.sync.reset();
    this.awaitingState = true;
  }

  /** Leaves the room locally: bindings back on the local clock, storage cleared. */
  private exitRoom(): void {
    this.room = null;
    this.secrets = null;
    this.userList = [];
    this.sync.reset();
    this.stored.clearRoom();
    this.sync.useServerClock(false);
    this.clockSync.stop();
    this.client.disconnect();
    this.setConnection('disconnected');
    this.updateStatus();
  }

  private opened(reconnect: boolean): void {
    if (!reconnect) return;
    this.clockSync.restart();
    const room = this.room;
    const secrets = this.secrets;
    if (!room || !secrets) return;
    this.awaitingState = true;
    const saved: StoredRoom = { roomId: room.roomId, userId: room.userId, ...secrets };
    this.requests
      .send('room.resume', resumePayload(saved, this.sync.state.version), 'sync.state')
      .then(() => {
        this.setConnection('connected');
        this.emit('reconnected', { roomId: this.room?.roomId ?? null });
      })
      .catch((error: unknown) => this.resumeFailed(error));
  }

  /** The room is gone from the server (e.g. a restart without a persistent store). */
  private resumeFailed(error: unknown): void {
    const room = this.room;
    if (!room) return;
    const code = error instanceof NetworkError ? error.code : 'INTERNAL_ERROR';
    // The socket dropped again mid-resume: the next reconnect resumes; nothing is lost yet.
    if (code === 'CONNECTION_LOST' || code === 'NOT_CONNECTED' || code === 'DISPOSED') return;
    if (code === 'REQUEST_TIMEOUT') return this.client.reconnectNow();
    if (code === 'INVALID_SESSION' || (code === 'ROOM_NOT_FOUND' && this.isHost)) {
      const pin = this.secrets?.pin;
      this.room = null;
      this.awaitingState = true;
      const send =
        code === 'ROOM_NOT_FOUND'
          ? () =>
              this.requests.send(
                'room.create',
                { state: this.sync.seed(), ...(pin ? { pin } : {}), ...this.namePart() },
                'sync.state',
              )
          : () =>
              this.requests.send(
                'room.join',
                { roomId: room.roomId, ...(pin ? { pin } : {}), ...this.namePart() },
                'sync.state',
              );
      void this.enterRoom(send, pin)
        .then((info) => {
          if (info.roomId !== room.roomId)
            this.emit('roomRecreated', { previousRoomId: room.roomId, roomId: info.roomId });
          this.emit('reconnected', { roomId: info.roomId });
        })
        .catch(() => {
          this.stored.clearRoom();
          this.emit('roomEnded', { roomId: room.roomId, reason: 'lost' });
        });
      return;
    }
    this.exitRoom();
    this.emit('roomEnded', { roomId: room.roomId, reason: 'lost' });
  }

  private socketClosed(willReconnect: boolean): void {
    this.requests.connectionLost();
    if (!this.room) {
      this.setConnection('disconnected');
      return;
    }
    if (willReconnect) this.setConnection('reconnecting');
    else {
      const roomId = this.room.roomId;
      this.exitRoom();
      this.emit('roomEnded', { roomId, reason: 'server' });
    }
    this.updateStatus();
  }

  // ── inbound ─────────────────────────────────────────────────────────────────────────────

  private receive(message: ServerMessage): void {
    this.handle(message);
    // A sync.state that could not be applied (a snapshot was asked for) completes nothing yet.
    if (!(message.type === 'sync.state' && this.awaitingState)) this.requests.deliver(message);
    this.updateStatus();
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'room.joined':
        if (this.requests.isPending(message.replyTo)) this.joined(message);
        break;
      case 'sync.state':
        this.receiveState(message.payload);
        break;
      case 'sync.playback':
      case 'sync.view':
      case 'sync.color':
      case 'sync.audio':
      case 'sync.media':
      case 'sync.annotation':
      case 'sync.note':
      case 'room.settings':
        this.sync.receiveChange(message);
        break;
      case 'sync.rejected':
        this.sync.rejected(message);
        break;
      case 'room.users':
        this.receiveUsers(message.payload.users);
        break;
      case 'room.ended': {
        const room = this.room;
        if (!room) break;
        this.exitRoom();
        this.emit('roomEnded', { roomId: room.roomId, reason: message.payload.reason });
        break;
      }
      case 'error': {
        // Answers to room requests are reported by the request; the rest are reported here.
        const { code, message: text, retryAfterMs } = message.payload;
        const replyTo = message.replyTo;
        if (replyTo === undefined || this.sync.refused(replyTo, code, retryAfterMs))
          this.emit('error', { code, message: text });
        break;
      }
      default:
        break;
    }
  }

  private receiveState(payload: ServerMessageOf<'sync.state'>['payload']): void {
    if (payload.mode === 'changes' && !this.sync.state.remoteState) {
      // No base to apply changes to (a fresh page resuming): ask for a snapshot instead.
      this.client.send('sync.requestState', {});
      return;
    }
    const own = payload.mode === 'snapshot' && this.joinMode === 'created';
    this.joinMode = 'joined';
    this.awaitingState = false;
    this.sync.receiveState(payload, own);
    this.sync.flushPending();
  }

  private receiveUsers(users: User[]): void {
    const before = this.userList;
    this.userList = users;
    this.sync.state.hostId = users.find((user) => user.role === 'host')?.userId ?? null;
    const selfId = this.room?.userId;
    const me = users.find((user) => user.userId === selfId);
    if (this.room && me && me.role !== this.room.role) {
      this.room.role = me.role;
      this.emit('roleChanged', me.role);
    }
    const known = (list: readonly User[], id: string) => list.some((user) => user.userId === id);
    for (const user of users)
      if (!known(before, user.userId) && user.userId !== selfId) this.emit('userJoined', user);
    for (const user of before)
      if (!known(users, user.userId) && user.userId !== selfId) this.emit('userLeft', user);
    this.emit('usersChanged', users);
  }

  // ── state ───────────────────────────────────────────────────────────────────────────────

  private flagConflict(category: SyncCategory, reason: 'stale' | 'overlap'): void {
    this.emit('conflict', { category, reason });
    this.tracker.conflict();
  }

  private updateStatus(): void {
    this.tracker.update();
  }

  private namePart(): { displayName?: string } {
    return this.displayName ? { displayName: this.displayName } : {};
  }

  private setConnection(state: ConnectionState): void {
    this.tracker.setConnection(state);
  }

  private assertUsable(): void {
    if (this.disposed) throw new NetworkError('DISPOSED', 'the sync manager was disposed');
  }

  private fail(code: NetworkErrorCode, message: string): NetworkError {
    return this.report(new NetworkError(code, message));
  }

  private report(error: NetworkError): NetworkError {
    this.emit('error', { code: error.code, message: error.message });
    return error;
  }
}

function resumePayload(saved: StoredRoom, lastVersion: number): ClientPayload<'room.resume'> {
  const payload: ClientPayload<'room.resume'> = {
    roomId: saved.roomId,
    sessionToken: saved.sessionToken,
    lastVersion,
  };
  if (saved.hostToken) payload.hostToken = saved.hostToken;
  return payload;
}
