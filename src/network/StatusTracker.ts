// Connection state and sync status, kept apart: connection is about the socket and the room
// (disconnected/connecting/connected/reconnecting), status about the shared state
// (synced/syncing/conflict/offline). A lost change shows `conflict` for a moment, then the status
// recovers; a lasting conflict (different media than the host's) holds it until resolved.
import { realTimers, type Timers } from './timers';
import type { ConnectionState, SyncStatus } from './types';

export interface StatusInputs {
  inRoom: boolean;
  /** Waiting for the room state after (re)joining. */
  awaitingState: boolean;
  /** Local changes not yet confirmed by the server. */
  pending: number;
}

export class StatusTracker {
  private conn: ConnectionState = 'disconnected';
  private status: SyncStatus = 'offline';
  private conflictUntil = 0;
  /** A lasting conflict (e.g. different media than the host's) holds `conflict` until cleared. */
  private lasting = false;
  private timer: unknown = null;

  constructor(
    private readonly inputs: () => StatusInputs,
    private readonly onConnection: (state: ConnectionState) => void,
    private readonly onStatus: (status: SyncStatus) => void,
    private readonly conflictHoldMs: number,
    /** The hold timer and its clock; tests pass manual timers. */
    private readonly timers: Timers = realTimers,
  ) {}

  get connection(): ConnectionState {
    return this.conn;
  }

  get syncStatus(): SyncStatus {
    return this.status;
  }

  /** A (re)connect while a room is kept counts as reconnecting. */
  setConnection(state: ConnectionState): void {
    const next = state === 'connecting' && this.inputs().inRoom ? 'reconnecting' : state;
    if (next !== this.conn) {
      this.conn = next;
      this.onConnection(next);
    }
    this.update();
  }

  /** Shows `conflict` for the hold time. */
  conflict(): void {
    this.conflictUntil = this.timers.now() + this.conflictHoldMs;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.update();
    }, this.conflictHoldMs);
    this.update();
  }

  /** Holds `conflict` while on (a state the user has to resolve, not a lost change). */
  setLastingConflict(on: boolean): void {
    this.lasting = on;
    this.update();
  }

  get hasLastingConflict(): boolean {
    return this.lasting;
  }

  update(): void {
    const { inRoom, awaitingState, pending } = this.inputs();
    let next: SyncStatus;
    if (!inRoom || this.conn !== 'connected') next = 'offline';
    else if (this.lasting || this.timers.now() < this.conflictUntil) next = 'conflict';
    else if (awaitingState || pending > 0) next = 'syncing';
    else next = 'synced';
    if (next === this.status) return;
    this.status = next;
    this.onStatus(next);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
