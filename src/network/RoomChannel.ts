// Over 400 lines: room membership and every inbound room message, kept with the resume logic they share; a split is due.
// Room membership over the connection: entering (create/join/resume), leaving, the inbound
// message routing, users, and recovery after a reconnect (resume, or re-create a lost room).
import type { PlayHold } from './types';
import {
  isServerChange,
  type ClientPayload,
  type ServerMessage,
  type ServerMessageOf,
  type User,
} from '../protocol/index';
import type { ClockSync } from './ClockSync';
import type { RoomRequests } from './RoomRequests';
import type { RejoinStore, StoredRoom } from './RejoinStore';
import {
  RestoreWait,
  comingsAndGoings,
  othersThan,
  restorePayload,
  resumePayload,
} from './roomRecovery';
import type { PlayerSync } from './PlayerSync';
import type { StatusTracker } from './StatusTracker';
import {
  NetworkError,
  type NetworkErrorCode,
  type NetworkSyncEvents,
  type RoomInfo,
} from './types';
import { HandshakeRefused, type WebSocketClient } from './WebSocketClient';

export interface MembershipDeps {
  client: WebSocketClient;
  clockSync: ClockSync;
  requests: RoomRequests;
  stored: RejoinStore;
  sync: PlayerSync;
  tracker: StatusTracker;
  emit<K extends keyof NetworkSyncEvents>(event: K, payload: NetworkSyncEvents[K]): void;
  displayName(): string | undefined;
}

export class RoomChannel {
  room: RoomInfo | null = null;
  users: User[] = [];
  /** Wait for everyone: the play the server holds, if any. */
  playHold: PlayHold | null = null;
  /** Between (re)joining and applying the room state: local changes wait. */
  awaitingState = false;
  private secrets: { sessionToken: string; hostToken?: string; pin?: string } | null = null;
  /** The media token room.joined brought (the library streams with it before asking again). */
  private grant: { token: string; expiresAt: number } | null = null;

  /** This member's session token (for the media token request; null outside a room). */
  /** The media token the last room.joined carried, for this room (null: none or no room). */
  get mediaGrant(): { token: string; expiresAt: number } | null {
    return this.room ? this.grant : null;
  }

  get sessionToken(): string | null {
    return this.room ? (this.secrets?.sessionToken ?? null) : null;
  }
  private enteringPin: string | undefined;
  private joinMode: 'created' | 'joined' | 'resumed' = 'joined';
  /** The server lost the room; waiting for its host to restore it. */
  private readonly waiting = new RestoreWait();
  /** People of a room the server lost, coming back one by one: not announced as leaving/joining. */
  private returning = new Set<string>();

  constructor(private readonly deps: MembershipDeps) {}

  // ── room lifecycle ──────────────────────────────────────────────────────────────────────

  async connect(): Promise<void> {
    if (this.room) throw this.fail('ALREADY_IN_ROOM', 'leave the current room first');
    if (this.deps.client.isOpen) return;
    this.deps.tracker.setConnection('connecting');
    try {
      await this.deps.client.connect();
    } catch (error) {
      this.deps.tracker.setConnection('disconnected');
      // A refusal the server explained (AUTH_REQUIRED: sign in first) keeps its code.
      const code = error instanceof HandshakeRefused ? error.code : 'CONNECTION_FAILED';
      throw this.fail(code, error instanceof Error ? error.message : String(error));
    }
    this.deps.clockSync.start(this.deps.client);
  }

  /**
   * Creates a room seeded with what this player shows. The seed is read inside the send, after
   * enter() put the session on the server clock: its anchor time must be a server-clock instant.
   */
  create(pin?: string): Promise<RoomInfo> {
    return this.enter(
      () =>
        this.deps.requests.send(
          'room.create',
          { state: this.deps.sync.seed(), ...(pin ? { pin } : {}), ...this.namePart() },
          'sync.state',
        ),
      pin,
    );
  }

  join(roomId: string, pin?: string, role?: 'participant' | 'viewer'): Promise<RoomInfo> {
    const payload: ClientPayload<'room.join'> = {
      roomId,
      ...(pin ? { pin } : {}),
      ...this.namePart(),
      ...(role ? { role } : {}),
    };
    return this.enter(() => this.deps.requests.send('room.join', payload, 'sync.state'), pin);
  }

  /**
   * Sends a create/join/resume and waits for the state after room.joined (both are handled as
   * they arrive, in receive(), so nothing that follows them in the same read is missed).
   */
  async enter(send: () => Promise<ServerMessage>, pin?: string): Promise<RoomInfo> {
    this.deps.sync.useServerClock(true);
    this.awaitingState = true;
    this.enteringPin = pin;
    try {
      await send();
      const room = this.room as RoomInfo | null;
      if (!room) throw this.fail('INTERNAL_ERROR', 'no room after joining');
      this.deps.tracker.setConnection('connected');
      this.deps.emit('roomJoined', { ...room });
      return { ...room };
    } catch (error) {
      this.awaitingState = false;
      if (!this.room) {
        this.deps.sync.useServerClock(false);
        this.deps.client.disconnect();
        this.deps.clockSync.stop();
        this.deps.tracker.setConnection('disconnected');
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
    this.grant = message.payload.media ?? null;
    this.secrets = {
      sessionToken,
      ...(pin ? { pin } : previous?.pin ? { pin: previous.pin } : {}),
    };
    const keptHostToken = hostToken ?? previous?.hostToken;
    if (keptHostToken) this.secrets.hostToken = keptHostToken;
    this.deps.stored.saveRoom({
      roomId,
      userId,
      sessionToken,
      ...(keptHostToken ? { hostToken: keptHostToken } : {}),
    });
    if (message.payload.mode !== 'resumed') this.deps.sync.reset();
    this.awaitingState = true;
  }

  /** Leaves the room locally: bindings back on the local clock, storage cleared. */
  exit(): void {
    this.waiting.stop();
    this.returning.clear();
    if (this.playHold) {
      this.playHold = null;
      this.deps.emit('playHoldChanged', null);
    }
    this.room = null;
    this.secrets = null;
    this.users = [];
    this.deps.sync.reset();
    this.deps.stored.clearRoom();
    this.deps.sync.useServerClock(false);
    this.deps.clockSync.stop();
    this.deps.client.disconnect();
    this.deps.tracker.setLastingConflict(false);
    this.deps.tracker.setConnection('disconnected');
  }

  opened(reconnect: boolean): void {
    if (!reconnect) return;
    this.deps.clockSync.restart();
    this.resume();
  }

  private resume(): void {
    const room = this.room;
    const secrets = this.secrets;
    if (!room || !secrets) return;
    this.awaitingState = true;
    const saved: StoredRoom = { roomId: room.roomId, userId: room.userId, ...secrets };
    this.deps.requests
      .send('room.resume', resumePayload(saved, this.deps.sync.state.version), 'sync.state')
      .then(() => {
        this.waiting.stop();
        this.deps.tracker.setConnection('connected');
        this.deps.emit('reconnected', { roomId: this.room?.roomId ?? null });
      })
      .catch((error: unknown) => this.resumeFailed(error));
  }

  /**
   * Resuming failed. ROOM_NOT_FOUND: the server lost the room (a restart without a persistent
   * store): the holder of the host token restores it under the same code with this client's
   * copy of the state; everyone else waits for that and resumes. INVALID_SESSION: the room is
   * there but does not know us (any more): join it again under the same name and role.
   */
  private resumeFailed(error: unknown): void {
    const room = this.room;
    if (!room) return;
    const code = error instanceof NetworkError ? error.code : 'INTERNAL_ERROR';
    // The socket dropped again mid-resume: the next reconnect resumes; nothing is lost yet.
    if (code === 'CONNECTION_LOST' || code === 'NOT_CONNECTED' || code === 'DISPOSED') return;
    if (code === 'REQUEST_TIMEOUT') return this.deps.client.reconnectNow();
    if (code === 'ROOM_NOT_FOUND' && this.secrets?.hostToken) return this.restore(room);
    if (code === 'ROOM_NOT_FOUND') return this.waitForRestore(room);
    if (code === 'INVALID_SESSION') {
      const pin = this.secrets?.pin;
      const role = room.role === 'viewer' ? 'viewer' : 'participant';
      this.room = null;
      this.awaitingState = true;
      this.rejoined(room, this.join(room.roomId, pin, role));
      return;
    }
    this.exit();
    this.deps.emit('roomEnded', { roomId: room.roomId, reason: 'lost' });
  }

  /** Host: re-creates the lost room under its code, with this client's state and members. */
  private restore(room: RoomInfo): void {
    const secrets = this.secrets;
    if (!secrets?.hostToken) return;
    const pin = secrets.pin;
    const saved = { ...room, ...secrets, hostToken: secrets.hostToken };
    this.returning = othersThan(this.users, room.userId);
    const attempt = this.enter(() => {
      const extra = { ...(pin ? { pin } : {}), ...this.namePart() };
      const copy = this.deps.sync.state.remoteState;
      const payload = restorePayload(saved, this.users, this.deps.sync.seed(), copy, extra);
      return this.deps.requests.send('room.create', payload, 'sync.state');
    }, pin).catch((error: unknown) => {
      // Refused (the code is taken, or this server cannot check our token): a new room.
      if (!(error instanceof NetworkError) || error.code !== 'BAD_HOST_TOKEN') throw error;
      this.room = null;
      return this.create(pin);
    });
    this.rejoined(room, attempt);
  }

  private rejoined(room: RoomInfo, attempt: Promise<RoomInfo>): void {
    void attempt
      .then((info) => {
        this.waiting.stop();
        if (info.roomId !== room.roomId)
          this.deps.emit('roomRecreated', { previousRoomId: room.roomId, roomId: info.roomId });
        this.deps.emit('reconnected', { roomId: info.roomId });
      })
      .catch((error: unknown) => {
        const code = error instanceof NetworkError ? error.code : 'INTERNAL_ERROR';
        // Dropped again: the next reconnect tries again.
        if (this.room && (code === 'CONNECTION_LOST' || code === 'NOT_CONNECTED')) return;
        this.waiting.stop();
        this.deps.stored.clearRoom();
        this.deps.emit('roomEnded', { roomId: room.roomId, reason: 'lost' });
      });
  }

  /**
   * Not the room's host: keep the room (shown as reconnecting) and ask again, backing off,
   * until the host restores it; after ROOM_RESTORE_WAIT_MS the room counts as lost.
   */
  private waitForRestore(room: RoomInfo): void {
    if (!this.waiting.active) this.returning = othersThan(this.users, room.userId);
    const waiting = this.waiting.next(() => {
      if (this.room === room && this.deps.client.isOpen) this.resume();
    });
    if (!waiting) {
      this.exit();
      this.deps.emit('roomEnded', { roomId: room.roomId, reason: 'lost' });
      return;
    }
    this.deps.tracker.setConnection('reconnecting');
    this.deps.emit('waitingForHost', { roomId: room.roomId });
  }

  /** True while the server has lost the room and this client waits for its host to restore it. */
  get waitingForHost(): boolean {
    return this.waiting.active;
  }

  socketClosed(willReconnect: boolean): void {
    this.deps.requests.connectionLost();
    if (!this.room) {
      this.deps.tracker.setConnection('disconnected');
      return;
    }
    if (willReconnect) this.deps.tracker.setConnection('reconnecting');
    else {
      const roomId = this.room.roomId;
      this.exit();
      this.deps.emit('roomEnded', { roomId, reason: 'server' });
    }
    this.deps.tracker.update();
  }

  // ── inbound ─────────────────────────────────────────────────────────────────────────────

  receive(message: ServerMessage): void {
    this.handle(message);
    // A sync.state that could not be applied (a snapshot was asked for) completes nothing yet.
    if (!(message.type === 'sync.state' && this.awaitingState)) this.deps.requests.deliver(message);
    this.deps.tracker.update();
  }

  private handle(message: ServerMessage): void {
    // Every sequenced room change goes to the room mirror; the list is the protocol's.
    if (isServerChange(message)) {
      this.deps.sync.receiveChange(message);
      return;
    }
    switch (message.type) {
      case 'room.joined':
        if (this.deps.requests.isPending(message.replyTo)) this.joined(message);
        break;
      case 'sync.state':
        this.receiveState(message.payload);
        break;
      case 'sync.rejected':
        this.deps.sync.rejected(message);
        break;
      case 'live.cursor':
        // Ephemeral and never ours (the server does not echo them); dropped outside a room.
        if (this.room && message.userId && message.userId !== this.room.userId)
          this.deps.emit('remoteCursor', { ...message.payload, userId: message.userId });
        break;
      case 'live.stroke':
        if (this.room && message.userId && message.userId !== this.room.userId)
          this.deps.emit('remoteStroke', { ...message.payload, userId: message.userId });
        break;
      case 'room.users':
        this.receiveUsers(message.payload.users);
        break;
      case 'room.ended':
      case 'room.removed': {
        const room = this.room;
        if (!room) break;
        this.exit();
        const reason = message.type === 'room.removed' ? 'removed' : message.payload.reason;
        this.deps.emit('roomEnded', { roomId: room.roomId, reason });
        break;
      }
      case 'room.pinChanged':
        if (!this.room) break;
        this.room = { ...this.room, pinProtected: message.payload.pinProtected };
        this.deps.emit('roomPinChanged', { pinProtected: message.payload.pinProtected });
        break;
      case 'room.hostToken':
        // Handed the host role: the new host token replaces any old one (which no longer works).
        if (!this.room || !this.secrets) break;
        this.secrets.hostToken = message.payload.hostToken;
        this.deps.stored.saveRoom({
          roomId: this.room.roomId,
          userId: this.room.userId,
          sessionToken: this.secrets.sessionToken,
          hostToken: message.payload.hostToken,
        });
        break;
      case 'error': {
        // Answers to room requests are reported by the request; the rest are reported here.
        const { code, message: text, retryAfterMs, category } = message.payload;
        const replyTo = message.replyTo;
        if (replyTo === undefined) {
          this.deps.emit('error', { code, message: text });
          break;
        }
        // Refused state changes are settled here; room requests report their own errors;
        // everything else (notes, media, presence, settings…) goes to whoever sent it.
        const change = this.deps.sync.refused(replyTo, code, retryAfterMs, category);
        if (change || !this.deps.requests.isPending(replyTo))
          this.deps.emit('error', {
            code,
            message: text,
            replyTo,
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
            ...(category !== undefined ? { category } : {}),
          });
        break;
      }
      case 'room.waiting': {
        if (!this.room) break;
        this.playHold = message.payload.hold;
        this.deps.emit('playHoldChanged', this.playHold);
        break;
      }
      default:
        break;
    }
  }

  private receiveState(payload: ServerMessageOf<'sync.state'>['payload']): void {
    if (payload.mode === 'changes' && !this.deps.sync.state.remoteState) {
      // No base to apply changes to (a fresh page resuming): ask for a snapshot instead.
      this.deps.client.send('sync.requestState', {});
      return;
    }
    const own = payload.mode === 'snapshot' && this.joinMode === 'created';
    this.joinMode = 'joined';
    this.awaitingState = false;
    this.deps.sync.receiveState(payload, own);
    this.deps.sync.flushPending();
  }

  private receiveUsers(users: User[]): void {
    const before = this.users;
    this.users = users;
    this.deps.sync.state.hostId = users.find((user) => user.role === 'host')?.userId ?? null;
    const selfId = this.room?.userId;
    const me = users.find((user) => user.userId === selfId);
    if (this.room && me && me.role !== this.room.role) {
      this.room.role = me.role;
      this.deps.emit('roleChanged', me.role);
    }
    // The first list after entering names the people already there: no arrivals to announce.
    if (before.length === 0) {
      this.deps.emit('usersChanged', users);
      return;
    }
    const { joined, left } = comingsAndGoings(before, users, selfId, this.returning);
    for (const user of joined) this.deps.emit('userJoined', user);
    for (const user of left) this.deps.emit('userLeft', user);
    this.deps.emit('usersChanged', users);
  }

  private namePart(): { displayName?: string } {
    return this.deps.displayName() ? { displayName: this.deps.displayName() } : {};
  }

  fail(code: NetworkErrorCode, message: string): NetworkError {
    return this.report(new NetworkError(code, message));
  }

  report(error: NetworkError): NetworkError {
    this.deps.emit('error', { code: error.code, message: error.message });
    return error;
  }
}
