// Room state as this client knows it: the server's versioned state, the local changes still in
// flight, and the rules that decide what to apply (host authority for playback, last-write-wins
// in server order otherwise, annotation merge by id, and when a remote motion is a no-op).
import { frameAt, positionAt, type Motion } from '../core/session/motion';
import {
  applyServerChange,
  type ColorAdjustments,
  type Role,
  type RoomState,
  type ServerChange,
  type ViewState,
} from '../protocol/index';

/** The categories of sequenced state a client changes optimistically. */
export type StateKind = 'playback' | 'view' | 'color' | 'annotation';

export interface LocalChange {
  kind: StateKind;
  /** Room version the change was based on (host authority compares against it). */
  baseVersion: number;
}

/** What to do with a change the server broadcast. */
export interface ChangeDecision {
  kind: StateKind | 'other';
  /** True when the change came back from this client (its own echo). */
  own: boolean;
  /** Apply it to the local objects now. */
  apply: boolean;
  /** A local change of the same kind was in flight and this one is ordered before it. */
  conflict: boolean;
  /** False when the change was already applied (a duplicate or an older version). */
  fresh?: boolean;
}

/** The room's playback position at `serverNow` (the latency compensation: the motion model). */
export function predictPosition(motion: Motion, serverNow: number): number {
  return positionAt(motion, serverNow);
}

export function predictFrame(motion: Motion, serverNow: number): number {
  return frameAt(motion, serverNow);
}

/**
 * The server time at which a message stamped `sentAt` on the sender's server-clock estimate is
 * applied, when the receiver only knows the round trip: half of it is the one-way estimate.
 */
export function compensatedTime(sentAt: number, rttMs: number): number {
  return sentAt + Math.max(0, rttMs) / 2;
}

/**
 * Whether applying `remote` would change what is shown: differing rate parameters always do; the
 * same playback re-anchored within `toleranceFrames` of the local position does not, and is
 * skipped (re-applying it would only re-anchor and re-issue decode hints: a visible stutter).
 */
export function motionNeedsApply(
  local: Motion,
  remote: Motion,
  serverNow: number,
  toleranceFrames: number,
): boolean {
  const sameRate =
    local.playing === remote.playing &&
    local.fps === remote.fps &&
    local.speed === remote.speed &&
    local.direction === remote.direction &&
    local.loopMode === remote.loopMode &&
    local.inPoint === remote.inPoint &&
    local.outPoint === remote.outPoint;
  if (!sameRate) return true;
  const delta = Math.abs(positionAt(local, serverNow) - positionAt(remote, serverNow));
  return delta > toleranceFrames;
}

export class SyncStateManager {
  /** The room's current host (from room.users), for the host-authority rule. */
  hostId: string | null = null;
  private roomVersion = 0;
  private remote: RoomState | null = null;
  private readonly inFlight = new Map<string, LocalChange>();
  private readonly queued = new Map<StateKind, number>();
  private readonly localAnnotationIds = new Map<string, string>();
  private local: { motion?: Motion; view?: ViewState; color?: ColorAdjustments } = {};

  /** The room version of the last applied server state. */
  get version(): number {
    return this.roomVersion;
  }

  /** The state as the server last described it (null outside a room). */
  get remoteState(): RoomState | null {
    return this.remote;
  }

  /** The last local values this client sent or meant to send, per kind. */
  get localState(): Readonly<{ motion?: Motion; view?: ViewState; color?: ColorAdjustments }> {
    return this.local;
  }

  /** Local changes not yet confirmed by the server (queued or in flight). */
  get pendingCount(): number {
    return this.inFlight.size + this.queued.size;
  }

  hasPending(kind: StateKind): boolean {
    if (this.queued.has(kind)) return true;
    for (const change of this.inFlight.values()) if (change.kind === kind) return true;
    return false;
  }

  reset(): void {
    this.roomVersion = 0;
    this.remote = null;
    this.inFlight.clear();
    this.queued.clear();
    this.localAnnotationIds.clear();
    this.local = {};
  }

  setSnapshot(version: number, state: RoomState): void {
    this.roomVersion = version;
    this.remote = structuredClone(state);
  }

  /** Records a local value (the latest of its kind wins when it is finally sent). */
  recordLocal(value: { motion: Motion } | { view: ViewState } | { color: ColorAdjustments }): void {
    this.local = { ...this.local, ...value };
  }

  /** A local change of `kind` waits to be sent; it is based on the room version seen now. */
  markQueued(kind: StateKind): void {
    this.queued.set(kind, this.roomVersion);
  }

  isQueued(kind: StateKind): boolean {
    return this.queued.has(kind);
  }

  /** Takes the queued change of `kind` for sending: its base version, or null if none. */
  takeQueued(kind: StateKind): number | null {
    const base = this.queued.get(kind);
    this.queued.delete(kind);
    return base ?? null;
  }

  /** The message `id` carrying a local change of `kind` based on `baseVersion` went out. */
  markSent(id: string, kind: StateKind, baseVersion: number = this.roomVersion): void {
    this.inFlight.set(id, { kind, baseVersion });
  }

  trackAnnotation(messageId: string, annotationId: string): void {
    this.localAnnotationIds.set(messageId, annotationId);
  }

  /** The server refused or rejected a message: it is no longer in flight. */
  settle(id: string): LocalChange | undefined {
    const change = this.inFlight.get(id);
    this.inFlight.delete(id);
    this.localAnnotationIds.delete(id);
    return change;
  }

  /**
   * After a reconnect and catch-up, changes still in flight were lost with the old connection
   * (their echo was not in the catch-up): queue them again so the latest local value goes out.
   */
  requeueInFlight(): void {
    for (const change of this.inFlight.values()) {
      if (change.kind !== 'annotation' && !this.queued.has(change.kind))
        this.queued.set(change.kind, change.baseVersion);
    }
    this.inFlight.clear();
    this.localAnnotationIds.clear();
  }

  /**
   * Takes one sequenced change in server order into the remote state and decides whether to
   * apply it locally.
   */
  applyChange(change: ServerChange, selfId: string, selfRole: Role | null): ChangeDecision {
    const version = change.version ?? this.roomVersion + 1;
    if (version <= this.roomVersion)
      return { kind: kindOf(change), own: false, apply: false, conflict: false, fresh: false };
    this.roomVersion = version;
    if (this.remote) applyToState(this.remote, change);
    const kind = kindOf(change);
    const own = change.userId === selfId;
    if (own && change.replyTo !== undefined) this.settle(change.replyTo);
    if (kind === 'other') return { kind, own, apply: false, conflict: false, fresh: true };
    if (own) {
      // Our own echo: the local objects already show it, unless newer local changes follow.
      return { kind, own, apply: false, conflict: false };
    }
    if (change.type === 'sync.annotation') {
      // Set operations on different ids commute; the same id touched by both sides overlaps.
      const ids = change.payload.op === 'add' ? [change.payload.annotation.id] : change.payload.ids;
      const mine = new Set(this.localAnnotationIds.values());
      return { kind, own, apply: true, conflict: ids.some((id) => mine.has(id)) };
    }
    if (!this.hasPending(kind)) return { kind, own, apply: true, conflict: false };
    // A remote change ordered before ours. Playback: if it came from the host and we are not
    // the host, ours is stale (based on an older version) and will be rejected, so the host's
    // wins now. Otherwise last-write-wins in server order: ours comes later and wins.
    const fromHost = this.isHostChange(change);
    if (kind === 'playback' && fromHost && selfRole !== 'host') {
      for (const [id, entry] of this.inFlight)
        if (entry.kind === 'playback') this.inFlight.delete(id);
      this.queued.delete('playback');
      return { kind, own, apply: true, conflict: true };
    }
    return { kind, own, apply: false, conflict: true };
  }

  private isHostChange(change: ServerChange): boolean {
    return this.hostId !== null && change.userId === this.hostId;
  }
}

function kindOf(change: ServerChange): StateKind | 'other' {
  switch (change.type) {
    case 'sync.playback':
      return 'playback';
    case 'sync.view':
      return 'view';
    case 'sync.color':
      return 'color';
    case 'sync.annotation':
      return 'annotation';
    default:
      return 'other';
  }
}

/** Takes a server change into the mirrored state object (kept, so holders see the update). */
function applyToState(state: RoomState, change: ServerChange): void {
  Object.assign(state, applyServerChange(state, change));
}
