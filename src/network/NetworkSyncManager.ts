// The client sync engine's front: room lifecycle (create/join/leave/resume), per-category
// settings and the Playback/Viewer bindings, all over one WebSocketClient with a server clock
// from ClockSync. The room's reads are in NetworkSyncReads, the sends in NetworkSyncSends (the
// classes it extends). No DOM: runs in browsers and in Node.
import { normalizeRoomCode, type ServerPayload } from '../protocol/index';
import { RoomChannel } from './RoomChannel';
import { resumePayload } from './roomRecovery';
import { PlayerSync } from './PlayerSync';
import { StatusTracker } from './StatusTracker';
import { realTimers } from './timers';
import { ClockSync, type ClockSyncOptions } from './ClockSync';
import { RejoinStore } from './RejoinStore';
import { SyncPreferences, type DirectionsPatch } from './SyncPreferences';
import {
  NetworkError,
  type ConnectionState,
  type KeyValueStorage,
  type OnlineEventSource,
  type PlaybackTarget,
  type RoomInfo,
  type SyncCategory,
  type SyncSettings,
  type ViewTarget,
  type WebSocketFactory,
} from './types';
import type { ReconnectPolicy } from './reconnect';
import { WebSocketClient } from './WebSocketClient';
import { RoomRequests } from './RoomRequests';
import { NetworkSyncSends } from './NetworkSyncSends';

export type { PlaylistRequestType } from './NetworkSyncSends';
export type { MediaCredentials } from './NetworkSyncReads';

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

export class NetworkSyncManager extends NetworkSyncSends {
  private readonly stored: RejoinStore;
  private readonly options: NetworkSyncManagerOptions;
  private readonly unsubscribers: Array<() => void> = [];
  private displayName: string | undefined;

  constructor(options: NetworkSyncManagerOptions) {
    super();
    this.options = options;
    this.displayName = options.displayName;
    this.stored = new RejoinStore(options.storage ?? null, options.url);
    this.preferences = new SyncPreferences(this.stored, options.settings);
    this.clockSync = new ClockSync(options.clockSync);
    this.tracker = new StatusTracker(
      () => ({
        inRoom: this.channel.room !== null,
        awaitingState: this.channel.awaitingState,
        pending: this.sync.state.pendingCount,
      }),
      (state) => this.emit('connectionStateChanged', state),
      (status) => this.emit('syncStatusChanged', status),
      options.conflictHoldMs ?? 1500,
      { ...realTimers, now: () => this.clockSync.localNow() },
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
      this.client.on('message', (message) => this.channel.receive(message)),
      this.client.on('open', ({ reconnect }) => this.channel.opened(reconnect)),
      this.client.on('close', (event) => this.channel.socketClosed(event.willReconnect)),
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
    this.sync = new PlayerSync(
      {
        client: this.client,
        serverClock: this.clockSync.clock,
        self: () => this.channel.room,
        canSend: () => this.canSendNow(),
        directions: () => this.preferences.directions,
        sendLocks: () => this.preferences.sendLocks,
        conflict: (category, reason) => this.flagConflict(category, reason),
        blocked: (category, reason) => this.emit('changeBlocked', { category, reason }),
        annotations: (list) => this.emit('annotationsChanged', list),
        roomChanged: (what) => this.roomChanged(what),
        changed: () => this.updateStatus(),
      },
      {
        sendIntervalMs: options.sendIntervalMs ?? 50,
        toleranceFrames: options.toleranceFrames ?? 0.05,
      },
    );
    this.channel = new RoomChannel({
      client: this.client,
      clockSync: this.clockSync,
      requests: this.requests,
      stored: this.stored,
      sync: this.sync,
      tracker: this.tracker,
      emit: (event, payload) => this.emit(event, payload),
      displayName: () => this.displayName,
    });
    // Locks follow who this user is in the room (the host has none; leaving clears them).
    for (const event of ['roomJoined', 'roleChanged', 'roomLeft', 'roomEnded'] as const)
      this.unsubscribers.push(this.on(event, () => this.updateSendLocks()));
    if (options.session) this.bindPlayback(options.session);
    if (options.viewer) this.bindViewer(options.viewer);
  }

  bindPlayback(session: PlaybackTarget): void {
    this.sync.bindPlayback(session, this.channel.room !== null);
  }

  bindViewer(viewer: ViewTarget): void {
    this.sync.bindViewer(viewer);
  }

  setDisplayName(name: string): void {
    this.displayName = name;
    if (this.channel.room) this.client.send('user.presence', { displayName: name });
  }

  /** Turns categories on/off (both directions); turning one on re-follows the room's state. */
  setSettings(patch: Partial<SyncSettings>): void {
    const directions: DirectionsPatch = {};
    for (const [key, on] of Object.entries(patch) as Array<[SyncCategory, boolean | undefined]>)
      if (on !== undefined) directions[key] = { send: on, accept: on };
    this.setDirections(directions);
  }

  /**
   * Sets send and/or accept per category (RV's network sync). Accepting switched on re-follows
   * the room's state. Throws NetworkError INVALID_MESSAGE for an unknown category.
   */
  setDirections(patch: DirectionsPatch): void {
    const before = this.preferences.update(patch);
    if (!before) return;
    this.emit('settingsChanged', this.settings);
    if (!this.channel.room) return;
    this.sync.settingsChanged(before);
    const state = this.sync.state.remoteState;
    if (state && !before.audio.accept && this.preferences.accepts('audio')) {
      this.emit('audioChanged', state.audio);
      this.emit('audioTracksChanged', state.audio.tracks ?? {});
    }
  }

  /** The page now shows new media: the room's motion goes on it at once if it is the room's shot. */
  followOpened(): void {
    this.sync.followOpened();
  }

  /** Snaps every enabled category back to the room's state (after drifting away on purpose). */
  resync(): void {
    this.sync.resync();
  }

  async createRoom(options: { displayName?: string; pin?: string } = {}): Promise<RoomInfo> {
    this.assertUsable();
    if (options.displayName !== undefined) this.displayName = options.displayName;
    await this.channel.connect();
    return this.channel.create(options.pin);
  }

  async joinRoom(
    code: string,
    pin?: string,
    options: { displayName?: string; role?: 'participant' | 'viewer' } = {},
  ): Promise<RoomInfo> {
    this.assertUsable();
    const roomId = normalizeRoomCode(code);
    if (!roomId)
      throw this.channel.fail('INVALID_ROOM_CODE', `"${code}" is not a room code (XXXX-XXXX)`);
    if (options.displayName !== undefined) this.displayName = options.displayName;
    await this.channel.connect();
    return this.channel.join(roomId, pin, options.role);
  }

  /**
   * Before joining from a link: who hosts the room, whether it needs a PIN, whether it is full.
   * Opens the connection for the question only (closed again unless a room was entered).
   */
  async peekRoom(code: string): Promise<ServerPayload<'room.info'>> {
    this.assertUsable();
    const roomId = normalizeRoomCode(code);
    if (!roomId)
      throw this.channel.fail('INVALID_ROOM_CODE', `"${code}" is not a room code (XXXX-XXXX)`);
    await this.channel.connect();
    try {
      const reply = await this.requests.send('room.peek', { roomId }, 'room.info');
      return reply.payload as ServerPayload<'room.info'>;
    } finally {
      if (!this.channel.room && !this.channel.awaitingState) {
        this.client.disconnect();
        this.clockSync.stop();
        this.setConnection('disconnected');
      }
    }
  }

  /** Rejoins the room saved in storage (after a page reload); null when there is none. */
  async resumeStoredRoom(): Promise<RoomInfo | null> {
    this.assertUsable();
    const saved = this.stored.loadRoom();
    if (!saved || this.channel.room) return null;
    await this.channel.connect();
    try {
      return await this.channel.enter(() =>
        this.requests.send('room.resume', resumePayload(saved, 0), 'sync.state'),
      );
    } catch (error) {
      this.stored.clearRoom();
      throw error;
    }
  }

  async leaveRoom(): Promise<void> {
    const room = this.channel.room;
    if (!room) return;
    if (this.client.isOpen)
      await this.requests.send('room.leave', {}, 'room.left').catch(() => undefined);
    this.channel.exit();
    this.emit('roomLeft', { roomId: room.roomId });
  }

  /** Manual reconnect after retries were exhausted. */
  reconnect(): void {
    if (this.channel.room && !this.client.isOpen) this.client.reconnectNow();
  }

  requestState(): void {
    if (this.channel.room) this.client.send('sync.requestState', {});
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
    this.channel.room = null;
    this.removeAllListeners();
  }

  private flagConflict(category: SyncCategory, reason: 'stale' | 'overlap'): void {
    this.emit('conflict', { category, reason });
    this.tracker.conflict();
  }

  private updateStatus(): void {
    this.tracker.update();
  }

  private setConnection(state: ConnectionState): void {
    this.tracker.setConnection(state);
  }
}
