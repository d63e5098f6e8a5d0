// Entering and leaving a room over the connection: connecting, entering (create/join, and the
// resume and restore that RoomResume sends), room.joined, leaving, the socket closing under a room.
import type { PlayHold } from './types';
import type { ClientPayload, ServerMessage, ServerMessageOf, User } from '../protocol/index';
import type { ClockSync } from './ClockSync';
import type { RoomRequests } from './RoomRequests';
import type { RejoinStore } from './RejoinStore';
import type { PlayerSync } from './PlayerSync';
import type { StatusTracker } from './StatusTracker';
import {
  NetworkError,
  type NetworkErrorCode,
  type NetworkSyncEvents,
  type RoomInfo,
} from './types';
import { HandshakeRefused, type WebSocketClient } from './WebSocketClient';

export interface RoomEntryDeps {
  client: WebSocketClient;
  clockSync: ClockSync;
  requests: RoomRequests;
  stored: RejoinStore;
  sync: PlayerSync;
  tracker: StatusTracker;
  emit<K extends keyof NetworkSyncEvents>(event: K, payload: NetworkSyncEvents[K]): void;
  displayName(): string | undefined;
}

/** The room this client is in; RoomResume adds recovery, RoomChannel the inbound routing. */
export abstract class RoomEntry {
  room: RoomInfo | null = null;
  users: User[] = [];
  /** Wait for everyone: the play the server holds, if any. */
  playHold: PlayHold | null = null;
  /** Between (re)joining and applying the room state: local changes wait. */
  awaitingState = false;
  protected secrets: { sessionToken: string; hostToken?: string; pin?: string } | null = null;
  /** The media token room.joined brought (the library streams with it before asking again). */
  private grant: { token: string; expiresAt: number } | null = null;

  /** The media token the last room.joined carried, for this room (null: none or no room). */
  get mediaGrant(): { token: string; expiresAt: number } | null {
    return this.room ? this.grant : null;
  }

  /** This member's session token (for the media token request; null outside a room). */
  get sessionToken(): string | null {
    return this.room ? (this.secrets?.sessionToken ?? null) : null;
  }
  private enteringPin: string | undefined;
  protected joinMode: 'created' | 'joined' | 'resumed' = 'joined';

  constructor(protected readonly deps: RoomEntryDeps) {}

  // ── room lifecycle ──────────────────────────────────────────────────────────────────────

  async connect(): Promise<void> {
    if (this.room) throw this.fail('ALREADY_IN_ROOM', 'leave the current room first');
    if (this.deps.client.isOpen) return;
    // The socket first: its handshake runs while the page shows "connecting" (that update
    // draws the header and panel, tens of ms on a busy page, which used to come before it).
    const opening = this.deps.client.connect();
    this.deps.tracker.setConnection('connecting');
    try {
      await opening;
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

  protected joined(message: ServerMessageOf<'room.joined'>): void {
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

  protected namePart(): { displayName?: string } {
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
