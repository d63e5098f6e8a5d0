// Room state as this client knows it: the server's versioned state, the local changes still in
// flight, and the rules that decide what to apply (host authority for playback, last-write-wins
// in server order otherwise, annotation merge by id, and when a remote motion is a no-op).
import { positionAt, type Motion } from '../core/playback/motion';
import { applyServerChange, type Role, type RoomState, type ServerChange } from '../protocol/index';
import { Outbox } from './Outbox';
import type { Timers } from './timers';
import type { OpenedMedia } from './types';

/** The categories of sequenced state a client changes optimistically. */
export type StateKind = StateCategory | 'annotation';
/** The ones whose changes go through an Outbox here (annotations have their own in features/). */
export type StateCategory = 'playback' | 'view' | 'color';
const STATE_CATEGORIES: readonly StateCategory[] = ['playback', 'view', 'color'];

/** How queued changes leave: the owner reads the local value and sends it. */
export interface StateTransport {
  /** Sends the local value of `kind` based on room version `baseVersion`: its message id. */
  send(kind: StateCategory, baseVersion: number): string | null;
  /** True when changes may go out now. */
  canSend(): boolean;
}

export interface RoomMirrorOptions {
  /** Leading + trailing throttle on playback sends (a scrub sends its first and last seek). */
  playbackThrottleMs?: number;
  timers?: Timers;
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

export class RoomMirror {
  /** The room's current host (from room.users), for the host-authority rule. */
  hostId: string | null = null;
  private roomVersion = 0;
  private remote: RoomState | null = null;
  /**
   * The room's motion was set for its current media: false after a media change until a motion
   * follows (a library item opened for the room keeps the previous shot's motion meanwhile).
   */
  private motionForMedia = false;
  /** Playback, view and color changes on their way to the room; the value is the base version. */
  private readonly outboxes: Record<StateCategory, Outbox<StateCategory, number>>;
  /** Annotation messages in flight (the features/ side resends them; this only counts them). */
  private readonly annotationMessages = new Set<string>();
  /** Annotation ids those messages touch (message id → annotation id), to spot overlaps. */
  private readonly localAnnotationIds = new Map<string, string>();

  constructor(transport: StateTransport, options: RoomMirrorOptions = {}) {
    const outbox = (kind: StateCategory, throttleMs: number) =>
      new Outbox<StateCategory, number>({
        send: (entry) => transport.send(kind, entry.value),
        canSend: () => transport.canSend(),
        throttleMs,
        // A refusal other than RATE_LIMITED is final: the room's state shows instead.
        maxAttempts: 1,
        retryRefused: () => false,
        ...(options.timers ? { timers: options.timers } : {}),
      });
    this.outboxes = {
      playback: outbox('playback', options.playbackThrottleMs ?? 0),
      view: outbox('view', 0),
      color: outbox('color', 0),
    };
  }

  /** The room version of the last applied server state. */
  get version(): number {
    return this.roomVersion;
  }

  /** The state as the server last described it (null outside a room). */
  get remoteState(): RoomState | null {
    return this.remote;
  }

  /** Local changes not yet confirmed by the server (queued or in flight). */
  get pendingCount(): number {
    let count = this.annotationMessages.size;
    for (const kind of STATE_CATEGORIES) count += this.outboxes[kind].pendingCount;
    return count;
  }

  hasPending(kind: StateKind): boolean {
    if (kind === 'annotation') return this.annotationMessages.size > 0;
    return this.outboxes[kind].has(kind);
  }

  reset(): void {
    this.roomVersion = 0;
    this.remote = null;
    for (const kind of STATE_CATEGORIES) this.outboxes[kind].clear();
    this.annotationMessages.clear();
    this.localAnnotationIds.clear();
  }

  dispose(): void {
    this.reset();
    for (const kind of STATE_CATEGORIES) this.outboxes[kind].dispose();
  }

  setSnapshot(version: number, state: RoomState): void {
    this.roomVersion = version;
    this.remote = structuredClone(state);
    this.motionForMedia = true;
  }

  /**
   * True when `opened` (media this player just opened) is the room's media and the room's motion
   * was set for it: the player should show that motion rather than announce its own.
   */
  motionFitsMedia(opened: OpenedMedia | null): boolean {
    const media = this.remote?.media;
    if (!this.motionForMedia || !media || !opened) return false;
    if (media.fingerprint && opened.fingerprint) return media.fingerprint === opened.fingerprint;
    return (
      media.name === opened.name &&
      media.frameStart === opened.frameStart &&
      media.frameEnd === opened.frameEnd
    );
  }

  /** Forgets the queued local changes of `kind` (a remote change made them moot). */
  dropQueued(kind: StateCategory): void {
    this.outboxes[kind].drop(() => true);
  }

  /**
   * A local change of `kind`: it goes out (through its throttle) when sending is possible, based
   * on the room version seen now; the value sent is the local one at that moment.
   */
  queue(kind: StateCategory): void {
    this.outboxes[kind].put(kind, this.roomVersion);
  }

  isQueued(kind: StateCategory): boolean {
    return this.outboxes[kind].isQueued(kind);
  }

  /** The message `id` carrying an annotation change went out (playback, view, color: `queue`). */
  markSent(id: string, kind: 'annotation'): void {
    if (kind === 'annotation') this.annotationMessages.add(id);
  }

  trackAnnotation(messageId: string, annotationId: string): void {
    this.localAnnotationIds.set(messageId, annotationId);
  }

  /** The server answered a message (echo, rejection): it is no longer in flight. */
  settle(id: string): StateKind | undefined {
    if (this.settleAnnotation(id)) return 'annotation';
    for (const kind of STATE_CATEGORIES) if (this.outboxes[kind].settle(id)) return kind;
    return undefined;
  }

  /**
   * An error answered a message: the kind of local change it carried (undefined when none).
   * After RATE_LIMITED every category waits the server's hint and sends again: the server also
   * dropped, unanswered, what followed the refused message.
   */
  refused(id: string, code: string, retryAfterMs?: number): StateKind | undefined {
    if (this.settleAnnotation(id)) return 'annotation';
    const kind = STATE_CATEGORIES.find((candidate) =>
      this.outboxes[candidate].refused(id, code, retryAfterMs),
    );
    if (kind && code === 'RATE_LIMITED') {
      for (const other of STATE_CATEGORIES) this.outboxes[other].rateLimited(retryAfterMs);
      // Annotation messages that followed may be dropped unanswered too: stop counting them
      // (features/annotations resends what the room does not show).
      this.annotationMessages.clear();
      this.localAnnotationIds.clear();
    }
    return kind;
  }

  /** Sends what waits (made offline, or requeued), without waiting for a throttle. */
  flush(): void {
    for (const kind of STATE_CATEGORIES) this.outboxes[kind].flush();
  }

  /**
   * After a reconnect and catch-up, changes still in flight were lost with the old connection
   * (their echo was not in the catch-up): queue them again so the latest local value goes out.
   */
  requeueInFlight(): void {
    for (const kind of STATE_CATEGORIES) this.outboxes[kind].requeueInFlight();
    this.annotationMessages.clear();
    this.localAnnotationIds.clear();
  }

  private settleAnnotation(id: string): boolean {
    this.localAnnotationIds.delete(id);
    return this.annotationMessages.delete(id);
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
    if (change.type === 'sync.media') this.motionForMedia = false;
    else if (change.type === 'sync.playback') this.motionForMedia = true;
    else if (change.type === 'sync.playlist') {
      // A move between items sets the media and its motion together.
      const { payload } = change;
      const moved = payload.op === 'current' || payload.op === 'remove' ? payload.switch : null;
      if (moved?.media) this.motionForMedia = true;
    }
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
      this.outboxes.playback.drop(() => true);
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
