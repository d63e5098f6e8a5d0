// Recovery after a reconnect: resume the room, or (the server lost it) the host restores it
// under its code while everyone else waits and resumes; payloads and the wait in roomRecovery.ts.
import type { StoredRoom } from './RejoinStore';
import { RestoreWait, othersThan, restorePayload, resumePayload } from './roomRecovery';
import { RoomEntry } from './RoomEntry';
import { NetworkError, type RoomInfo } from './types';

export abstract class RoomResume extends RoomEntry {
  /** The server lost the room; waiting for its host to restore it. */
  private readonly waiting = new RestoreWait();
  /** People of a room the server lost, coming back one by one: not announced as leaving/joining. */
  protected returning = new Set<string>();

  /** Leaves the room locally: any wait for the host ends, then as RoomEntry.exit(). */
  override exit(): void {
    this.waiting.stop();
    this.returning.clear();
    super.exit();
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
}
