// Over 400 lines: the engine's public facade, one getter or short delegate per capability.
// The client sync engine's front: room lifecycle (create/join/leave/resume), connection state
// and sync status, users, per-category settings, and the Playback/Viewer bindings, all over one
// WebSocketClient with a server clock from ClockSync. No DOM: runs in browsers and in Node.
import type { Motion } from '../core/playback/motion';
import {
  DEFAULT_AUDIO,
  DEFAULT_ROOM_SETTINGS,
  EMPTY_PLAYLIST_FIELDS,
  normalizeRoomCode,
  roomLibrary,
  roomPlaylist,
  type Annotation,
  type AudioState,
  type MediaAudioSettings,
  type ClientPayload,
  type LibraryItemInput,
  type LiveStroke,
  type MediaDescriptor,
  type MediaStatus,
  type Note,
  type PresenceStatus,
  type RoomLibrary,
  type RoomPlaylist,
  type RoomSettings,
  type RoomSettingsPatch,
  type ServerChange,
  type ServerPayload,
  type User,
} from '../protocol/index';
import { EventEmitter } from '../utils/EventEmitter';
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
  type NetworkSyncEvents,
  type OnlineEventSource,
  type PlaybackTarget,
  type PlayHold,
  type RoomInfo,
  type SyncCategory,
  type SyncDirections,
  type SyncSettings,
  type SyncStatus,
  type ViewTarget,
  type WebSocketFactory,
} from './types';
import type { ReconnectPolicy } from './reconnect';
import { WebSocketClient } from './WebSocketClient';
import { RoomRequests } from './RoomRequests';

/** The playlist's client messages (each answered by its sync.playlist change or an error). */
export type PlaylistRequestType =
  | 'playlist.add'
  | 'playlist.remove'
  | 'playlist.move'
  | 'playlist.rename'
  | 'playlist.setCurrent'
  | 'playlist.setPolicy';

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

export class NetworkSyncManager extends EventEmitter<NetworkSyncEvents> {
  private readonly client: WebSocketClient;
  private readonly clockSync: ClockSync;
  private readonly sync: PlayerSync;
  private readonly requests: RoomRequests;
  private readonly stored: RejoinStore;
  private readonly options: NetworkSyncManagerOptions;
  private readonly unsubscribers: Array<() => void> = [];
  private readonly tracker: StatusTracker;
  private readonly channel: RoomChannel;
  private readonly preferences: SyncPreferences;
  private displayName: string | undefined;
  private disposed = false;

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

  get connectionState(): ConnectionState {
    return this.tracker.connection;
  }
  get syncStatus(): SyncStatus {
    return this.tracker.syncStatus;
  }
  /** The server lost the room and this client waits for the host to restore it. */
  get waitingForHost(): boolean {
    return this.channel.waitingForHost;
  }
  get roomInfo(): RoomInfo | null {
    return this.channel.room ? { ...this.channel.room } : null;
  }
  get roomCode(): string | null {
    return this.channel.room?.roomId ?? null;
  }
  get userId(): string | null {
    return this.channel.room?.userId ?? null;
  }
  get isHost(): boolean {
    return this.channel.room?.role === 'host';
  }
  get users(): readonly User[] {
    return this.channel.users;
  }
  /** The category checkboxes (a category is on while it is sent or accepted). */
  get settings(): SyncSettings {
    return this.preferences.settings;
  }
  /** Each category's send (share mine) and accept (follow the room's), as chosen. */
  get directions(): SyncDirections {
    return this.preferences.directions;
  }
  /** The categories the host stopped this user from sending (their changes stay local). */
  get sendLocks(): readonly SyncCategory[] {
    return this.preferences.sendLocks;
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
  /** Where the clock estimate comes from: the clock worker ('source') or this connection. */
  get clockSource(): 'samples' | 'source' {
    return this.clockSync.estimateSource;
  }
  get annotations(): readonly Annotation[] {
    return this.sync.state.remoteState?.annotations ?? [];
  }
  /** Wait for everyone: the play the server holds until these users are ready (null: none). */
  get playHold(): PlayHold | null {
    return this.channel.playHold;
  }
  /** The room's notes (server state; empty outside a room). */
  get notes(): readonly Note[] {
    return this.sync.state.remoteState?.notes ?? [];
  }
  /** What media the host shows (null: none announced, or not in a room). */
  get roomMedia(): MediaDescriptor | null {
    return this.sync.state.remoteState?.media ?? null;
  }
  /** The room's media library (empty, host-only outside a room). */
  get library(): RoomLibrary {
    const state = this.sync.state.remoteState;
    return state ? roomLibrary(state) : { items: [], participantsMayAdd: false };
  }
  /** The room's playlist (empty outside a room). */
  get playlist(): RoomPlaylist {
    const state = this.sync.state.remoteState;
    return state ? roomPlaylist(state) : { ...EMPTY_PLAYLIST_FIELDS, items: [] };
  }
  /** The room's volume/mute. */
  get roomAudio(): AudioState {
    return this.sync.state.remoteState?.audio ?? { ...DEFAULT_AUDIO };
  }
  /** The room's settings (defaults outside a room). */
  get roomSettings(): RoomSettings {
    return this.sync.state.remoteState?.settings ?? { ...DEFAULT_ROOM_SETTINGS };
  }
  /** True in a room with a role that may change shared state (host or participant). */
  get canEdit(): boolean {
    const room = this.channel.room;
    return room !== null && room.role !== 'viewer';
  }
  /** The server clock estimate (ms): what every client evaluates the room motion at. */
  serverNow(): number {
    return this.clockSync.serverNow();
  }
  /** The room's motion as the server last described it. */
  get roomMotion(): Motion | null {
    return this.sync.state.remoteState?.motion ?? null;
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

  /** Host: stops (or lets again) a user from sending a category; false when not sent. */
  setSendLock(userId: string, category: SyncCategory, locked: boolean): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    const current = this.roomSettings.sendLocks ?? {};
    const others = (current[userId] ?? []).filter((key) => key !== category);
    const next = locked ? [...others, category] : others;
    const sendLocks = { ...current };
    if (next.length > 0) sendLocks[userId] = next;
    else delete sendLocks[userId];
    return this.updateRoomSettings({ sendLocks });
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

  /** Sends an annotation change (only when annotation sync is on). */
  sendAnnotation(op: ClientPayload<'sync.annotation'>): string | null {
    return this.sync.sendAnnotation(op);
  }

  /**
   * Adds, updates or removes a note. Returns the message id (a refusal comes back as an `error`
   * event with this `replyTo`), or null when it could not be sent (offline, viewer).
   */
  sendNote(op: ClientPayload<'sync.note'>): string | null {
    if (!this.canEdit || !this.canSendNow()) return null;
    return this.client.send('sync.note', op);
  }

  /** Host: announces the media on screen (null: none). */
  sendMedia(media: MediaDescriptor | null): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('sync.media', { media }) !== null;
  }

  /** Registers a library item (before its upload); rejects with the server's refusal. */
  addLibraryItem(item: LibraryItemInput): Promise<void> {
    return this.libraryRequest('library.add', { item });
  }

  /** Removes a library item (host, or whoever added it); rejects with the server's refusal. */
  removeLibraryItem(id: string): Promise<void> {
    return this.libraryRequest('library.remove', { id });
  }

  /** Host: whether participants may add to the library. */
  setLibraryPolicy(participantsMayAdd: boolean): Promise<void> {
    return this.libraryRequest('room.setLibraryPolicy', { participantsMayAdd });
  }

  /** The room and this member's session token, for POST /api/media/token (null: no room). */
  mediaCredentials(): { room: string; sessionToken: string } | null {
    const room = this.channel.room?.roomId;
    const sessionToken = this.channel.sessionToken;
    return room && sessionToken ? { room, sessionToken } : null;
  }

  /** Sends volume/mute (only when audio sync is on); returns the message id, or null. */
  sendAudio(audio: AudioState): string | null {
    if (!this.preferences.sends('audio') || !this.canEdit || !this.canSendNow()) return null;
    return this.client.send('sync.audio', { audio: { volume: audio.volume, muted: audio.muted } });
  }

  /**
   * Sends one media's audio slip and soundtrack (null: none), only while the Audio category
   * sends; returns the message id, or null when nothing went out.
   */
  sendAudioTrack(media: string, settings: MediaAudioSettings | null): string | null {
    if (!this.preferences.sends('audio') || !this.canEdit || !this.canSendNow()) return null;
    return this.client.send('sync.audioTrack', { media, settings });
  }

  /** Host: changes room settings. */
  updateRoomSettings(settings: RoomSettingsPatch): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.settings', { settings }) !== null;
  }

  /** Host: makes a user participant or viewer. */
  setUserRole(userId: string, role: 'participant' | 'viewer'): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.setRole', { userId, role }) !== null;
  }

  /** Host: hands the host role to another user (this client becomes a participant). */
  transferHost(userId: string): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.transferHost', { userId }) !== null;
  }

  /** Host: removes a member from the room (its rejoin token stops working). */
  removeMember(userId: string): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.removeMember', { userId }) !== null;
  }

  /** Host: a new room PIN for whoever joins next (null: no PIN). */
  setRoomPin(pin: string | null): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.setPin', { pin }) !== null;
  }

  /** Own presence: idle/active and media readiness (shown to the others). */
  setPresence(presence: { status?: PresenceStatus; mediaStatus?: MediaStatus }): boolean {
    if (!this.canSendNow()) return false;
    return this.client.send('user.presence', presence) !== null;
  }

  /**
   * Marks a lasting conflict the user must resolve, e.g. a media mismatch with the host: the
   * sync status stays `conflict` while it is on (and in a connected room).
   */
  setMediaConflict(on: boolean): void {
    this.tracker.setLastingConflict(on);
  }

  get mediaConflict(): boolean {
    return this.tracker.hasLastingConflict;
  }

  /** Ephemeral pointer position in image pixels; dropped (never queued) when offline. */
  sendCursor(cursor: {
    x: number;
    y: number;
    frame: number;
    visible: boolean;
    laser?: boolean;
    probe?: boolean;
  }): boolean {
    if (!this.canSendNow()) return false;
    return this.client.send('live.cursor', cursor) !== null;
  }

  /** Ephemeral points of a stroke being drawn; dropped when offline or annotation sync is off. */
  sendLiveStroke(stroke: LiveStroke): boolean {
    if (!this.preferences.sends('annotations') || !this.canEdit || !this.canSendNow()) return false;
    return this.client.send('live.stroke', stroke) !== null;
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

  // ── state ───────────────────────────────────────────────────────────────────────────────

  /**
   * A playlist edit or move (docs/playlist.md); resolves once the room applied it, rejects with
   * the server's refusal (code and reason) or when not connected.
   */
  playlistRequest<K extends PlaylistRequestType>(
    type: K,
    payload: ClientPayload<K>,
  ): Promise<void> {
    return this.libraryRequest(type, payload);
  }

  private async libraryRequest<
    K extends 'library.add' | 'library.remove' | 'room.setLibraryPolicy' | PlaylistRequestType,
  >(type: K, payload: ClientPayload<K>): Promise<void> {
    this.assertUsable();
    if (!this.canSendNow())
      throw new NetworkError('NOT_CONNECTED', 'not connected to the room; try again once it is');
    await this.requests.send(type, payload, 'reply');
  }

  private canSendNow(): boolean {
    return this.channel.room !== null && this.client.isOpen && !this.channel.awaitingState;
  }

  /** Room state outside the bound objects changed: tell the feature modules. */
  private roomChanged(what: 'snapshot' | ServerChange['type']): void {
    const state = this.sync.state.remoteState;
    if (!state) return;
    const all = what === 'snapshot';
    if (all || what === 'sync.note') this.emit('notesChanged', state.notes);
    if (all || what === 'sync.media') this.emit('roomMediaChanged', state.media);
    if (all || what === 'sync.library') this.emit('libraryChanged', roomLibrary(state));
    if (all || what === 'sync.playlist') {
      this.emit('playlistChanged', roomPlaylist(state));
      // A move between items also changed the room's media.
      if (!all) this.emit('roomMediaChanged', state.media);
    }
    if ((all || what === 'sync.audio') && this.preferences.accepts('audio'))
      this.emit('audioChanged', state.audio);
    if ((all || what === 'sync.audioTrack') && this.preferences.accepts('audio'))
      this.emit('audioTracksChanged', state.audio.tracks ?? {});
    if (all || what === 'room.settings') {
      this.emit('roomSettingsChanged', state.settings);
      this.updateSendLocks();
    }
  }

  /** The host's locks on this user, after a settings change, a snapshot or a role change. */
  private updateSendLocks(): void {
    const locks = this.channel.room ? this.sync.state.remoteState?.settings.sendLocks : undefined;
    if (this.preferences.setLocks(locks, this.userId, this.isHost))
      this.emit('sendLocksChanged', this.preferences.sendLocks);
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

  private assertUsable(): void {
    if (this.disposed) throw new NetworkError('DISPOSED', 'the sync manager was disposed');
  }
}
