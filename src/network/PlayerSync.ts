// Over 400 lines: the one place local and remote state meet (every category's in and out).
// The state half of room sync: local Playback/Viewer changes out (gated by the sync settings,
// queued in the RoomMirror's outboxes, based on the room version they saw), server state
// and changes in (through the RoomMirror's rules), and resending what a dropped
// connection lost. A local change flows one way: binding → here → outbox → socket.
import type { Clock } from '../core/clock';
import type { Motion } from '../core/playback/motion';
import { frameAt, positionAt } from '../core/playback/motion';
import {
  MOTION_CATEGORIES,
  VIEW_CATEGORIES,
  mergeMotion,
  mergeView,
  motionCategories,
  type Annotation,
  type ClientPayload,
  type ErrorCode,
  type Role,
  type RoomStateSeed,
  type ServerChange,
  type ServerMessageOf,
  type SyncCategory as WireCategory,
} from '../protocol/index';
import { PlaybackBinding, ViewBinding, type LocalMotionKind } from './bindings';
import { RoomMirror, motionNeedsApply, type StateCategory, type StateKind } from './RoomMirror';
import type { PlaybackTarget, SyncCategory, SyncDirections, ViewTarget } from './types';
import type { Timers } from './timers';
import type { WebSocketClient } from './WebSocketClient';

/** What PlayerSync needs from the manager that owns the connection and the room. */
export interface RoomStateContext {
  readonly client: WebSocketClient;
  readonly serverClock: Clock;
  /** Who this client is in the room (null outside one). */
  self(): { userId: string; role: Role } | null;
  /** True when changes may go out now (open socket, in a room, initial state received). */
  canSend(): boolean;
  /** Each category's send and accept as the user chose them. */
  directions(): SyncDirections;
  /** The categories the host stopped this user from sending. */
  sendLocks(): readonly SyncCategory[];
  conflict(category: SyncCategory, reason: 'stale' | 'overlap'): void;
  /** A local change was put back, or kept local, because this user may not share it now. */
  blocked(category: SyncCategory, reason: 'viewer' | 'presentation' | 'locked'): void;
  annotations(list: readonly Annotation[]): void;
  /** A snapshot arrived, or a change outside playback/view/color/annotations (notes, media…). */
  roomChanged(what: 'snapshot' | ServerChange['type']): void;
  /** Something changed that may change the sync status. */
  changed(): void;
}

export interface RoomStateOptions {
  sendIntervalMs: number;
  toleranceFrames: number;
  timers?: Timers;
}

/** A `sync.playlist` change that moved the room to another item (its motion and view with it). */
function isPlaylistSwitch(change: ServerChange): boolean {
  if (change.type !== 'sync.playlist') return false;
  const { payload } = change;
  return payload.op === 'current' || (payload.op === 'remove' && payload.switch !== undefined);
}

export class PlayerSync {
  readonly state: RoomMirror;
  private playback: PlaybackBinding | null = null;
  private session: PlaybackTarget | null = null;
  private view: ViewBinding | null = null;

  constructor(
    private readonly context: RoomStateContext,
    private readonly options: RoomStateOptions,
  ) {
    this.state = new RoomMirror(
      {
        send: (kind, baseVersion) => this.send(kind, baseVersion),
        canSend: () => this.context.canSend(),
      },
      {
        // Views and colors are throttled in ViewBinding, which drops a change that undoes itself.
        playbackThrottleMs: options.sendIntervalMs,
        ...(options.timers ? { timers: options.timers } : {}),
      },
    );
  }

  bindPlayback(session: PlaybackTarget, inRoom: boolean): void {
    this.playback?.dispose();
    this.session = session;
    this.playback = new PlaybackBinding(session, (kind, previous, next) =>
      this.localMotion(kind, motionCategories(previous, next)),
    );
    if (inRoom) this.playback.useClock(this.context.serverClock);
  }

  bindViewer(viewer: ViewTarget): void {
    this.view?.dispose();
    this.view = new ViewBinding(
      viewer,
      this.options.sendIntervalMs,
      (_view, touched) => this.localChange('view', touched),
      () => this.localChange('color', ['color']),
    );
  }

  /** In a room the session runs on the server clock; outside one, on its own. */
  useServerClock(on: boolean): void {
    this.playback?.useClock(on ? this.context.serverClock : null);
  }

  /** What this player shows now, to seed a new room with. */
  seed(): RoomStateSeed {
    const seed: RoomStateSeed = {};
    if (this.playback) seed.motion = this.playback.motion;
    if (this.view && (this.sends('view') || this.sends('channel') || this.sends('format')))
      seed.view = this.view.view;
    if (this.view && this.sends('color')) seed.color = this.view.color;
    const target = this.session;
    if (this.sends('audio') && target?.volume !== undefined && target.muted !== undefined)
      seed.audio = { volume: target.volume, muted: target.muted };
    return seed;
  }

  /** Room state arrived (join, resume, or an explicit request). `own`: it is our own seed. */
  receiveState(payload: ServerMessageOf<'sync.state'>['payload'], own: boolean): void {
    if (payload.mode === 'snapshot') {
      this.state.setSnapshot(payload.version, payload.state);
      if (!own) {
        for (const kind of ['playback', 'view', 'color'] as const)
          if (!this.state.hasPending(kind)) this.applyKind(kind);
        if (this.accepts('annotations')) this.context.annotations(payload.state.annotations);
      }
      this.context.roomChanged('snapshot');
    } else {
      for (const change of payload.changes) this.receiveChange(change);
    }
  }

  receiveChange(change: ServerChange): void {
    const self = this.context.self();
    if (!self) return;
    const decision = this.state.applyChange(change, self.userId, self.role);
    if (decision.kind === 'other') {
      if (!decision.fresh) return;
      // A move between playlist items set the room's motion and view (for everyone, the mover
      // too: the server chose the frame); local playback changes still queued were about the
      // item left.
      if (isPlaylistSwitch(change)) {
        this.state.dropQueued('playback');
        if (this.showsOtherShot()) this.holdForShot();
        else this.resync();
      }
      this.context.roomChanged(change.type);
      return;
    }
    if (decision.conflict)
      this.context.conflict(
        decision.kind === 'annotation' ? 'annotations' : decision.kind,
        decision.kind === 'annotation' ? 'overlap' : 'stale',
      );
    if (!decision.apply) return;
    if (decision.conflict) this.cancelQueued(decision.kind);
    this.applyKind(decision.kind);
  }

  /** Our playback change lost to the host's: snap to the room's motion. */
  rejected(message: ServerMessageOf<'sync.rejected'>): void {
    if (message.replyTo) this.state.settle(message.replyTo);
    this.applyMotion(message.payload.motion, true);
    // A play held until everyone is ready is not a lost race: the hold event tells the user.
    if (message.payload.code !== 'WAITING_FOR_USERS') this.context.conflict('playback', 'stale');
  }

  /**
   * An error answered one of our changes: it is no longer in flight. Rate-limited changes go
   * out again after the server's hint; returns true when the error concerned a change.
   */
  refused(
    replyTo: string,
    code: ErrorCode,
    retryAfterMs?: number,
    category?: WireCategory,
  ): boolean {
    const kind = this.state.refused(replyTo, code, retryAfterMs);
    if (!kind) return false;
    const room = this.state.remoteState;
    if (code === 'FORBIDDEN' && category !== undefined) {
      // The host's send lock reached the server before our change: it stays on this screen,
      // and what else the change carried goes out again without the locked category.
      this.context.blocked(category, 'locked');
      if (kind !== 'annotation' && !this.sends(category)) this.state.queue(kind);
      return true;
    }
    if (code === 'FORBIDDEN' && kind === 'playback' && room) {
      // The rules changed while ours was in flight (presentation mode, a role change).
      this.applyMotion(room.motion, true);
      this.context.blocked(
        'playback',
        this.context.self()?.role === 'viewer' ? 'viewer' : 'presentation',
      );
    }
    return true;
  }

  /** Categories whose accepting was switched on re-follow the room's current state. */
  settingsChanged(before: SyncDirections): void {
    const remote = this.state.remoteState;
    if (!remote) return;
    const now = this.context.directions();
    const turnedOn = (key: SyncCategory) => !before[key].accept && now[key].accept;
    if (MOTION_CATEGORIES.some(turnedOn)) this.applyMotion(remote.motion, true);
    const view = new Set(VIEW_CATEGORIES.filter(turnedOn));
    if (view.size > 0) this.view?.applyView(remote.view, view);
    if (turnedOn('color')) this.view?.applyColor(remote.color);
    if (turnedOn('annotations')) this.context.annotations(remote.annotations);
  }

  /**
   * The page opened media: when it is the room's shot (and the room's motion is about it), that
   * motion goes on it (`later`: after the Playback has finished emitting). False when it is not.
   */
  followOpened(later = false): boolean {
    const room = this.state.remoteState?.motion;
    if (!room || !this.state.motionFitsMedia(this.session?.media?.info ?? null)) return false;
    if (later) queueMicrotask(() => this.applyMotion(room, true));
    else this.applyMotion(room, true);
    return true;
  }

  /** Snaps every accepted category back to the room's state. */
  resync(): void {
    const remote = this.state.remoteState;
    if (!remote) return;
    this.applyMotion(remote.motion, true);
    this.applyKind('view');
    this.applyKind('color');
  }

  /** Sends an annotation change; returns the message's id (what an answer or refusal names), or null. */
  sendAnnotation(op: ClientPayload<'sync.annotation'>): string | null {
    if (!this.sends('annotations') || !this.canEdit()) return null;
    const id = this.context.client.send('sync.annotation', op, {
      timestamp: this.context.serverClock.now(),
    });
    if (id === null) return null;
    // Only adds are tracked: a remove or clear that finds nothing gets no reply from the server
    // (a 'noop'), so it would stay in flight for ever.
    if (op.op === 'add') {
      this.state.markSent(id, 'annotation');
      this.state.trackAnnotation(id, op.annotation.id);
    }
    this.context.changed();
    return id;
  }

  /** After (re)joining: local changes made offline, or lost in flight, go out now. */
  flushPending(): void {
    if (!this.context.canSend()) return;
    this.state.requeueInFlight();
    this.state.flush();
    this.context.changed();
  }

  /** Forgets the room (left or lost). */
  reset(): void {
    this.view?.cancelQueued('view');
    this.view?.cancelQueued('color');
    this.state.reset();
  }

  dispose(): void {
    this.state.dispose();
    this.playback?.dispose();
    this.view?.dispose();
    this.playback = null;
    this.session = null;
    this.view = null;
  }

  private applyKind(kind: StateKind): void {
    const remote = this.state.remoteState;
    if (!remote) return;
    if (kind === 'playback') this.applyMotion(remote.motion);
    else if (kind === 'view') {
      const parts = this.accepted(VIEW_CATEGORIES);
      if (parts.size > 0) this.view?.applyView(remote.view, parts);
    } else if (kind === 'color' && this.accepts('color')) this.view?.applyColor(remote.color);
    else if (kind === 'annotation' && this.accepts('annotations'))
      this.context.annotations(remote.annotations);
  }

  /**
   * The room moved to another shot than the page shows (it opens it next): the room's motion
   * belongs to that shot, and played on the old picture it would show the old shot at the new
   * one's frames. Until the new shot is open (then 'opened' applies the room's motion on it),
   * the old picture holds the frame it is on; the view follows at once.
   */
  private holdForShot(): void {
    const binding = this.playback;
    if (binding && this.accepts('playback') && binding.motion.playing) {
      const local = binding.motion;
      const now = this.context.serverClock.now();
      binding.apply({
        ...local,
        playing: false,
        anchorFrame: frameAt(local, now),
        anchorTime: now,
      });
    }
    this.applyKind('view');
    this.applyKind('color');
  }

  /** The room's media is known and is not what this page shows. */
  private showsOtherShot(): boolean {
    const room = this.state.remoteState?.media;
    const local = this.session?.media?.info;
    if (!room || !local) return false;
    if (room.fingerprint && local.fingerprint) return room.fingerprint !== local.fingerprint;
    return room.name !== local.name || room.frameEnd !== local.frameEnd;
  }

  /**
   * Shows the room's motion for the accepted categories; the others keep their local values
   * (a local position is re-anchored at now, so keeping it does not make it jump).
   */
  private applyMotion(motion: Motion, force = false): void {
    const binding = this.playback;
    const accepted = this.accepted(MOTION_CATEGORIES);
    if (!binding || accepted.size === 0) return;
    const now = this.context.serverClock.now();
    const local = binding.motion;
    const base = accepted.has('playback')
      ? local
      : { ...local, anchorFrame: positionAt(local, now), anchorTime: now };
    const target = mergeMotion(base, motion, accepted);
    if (!force && !motionNeedsApply(local, target, now, this.options.toleranceFrames)) return;
    binding.apply(target);
  }

  private localMotion(kind: LocalMotionKind, touched: readonly SyncCategory[]): void {
    const self = this.context.self();
    if (!self) return;
    // Opening the room's shot (following a move between playlist items, a late join): the
    // room's motion on that shot is shown, not the opening's reset to its first frame.
    if (kind === 'opened' && this.followOpened(true)) return;
    if (!this.shared(touched)) return;
    const presenting = this.state.remoteState?.settings.presentationMode === true;
    if (self.role === 'viewer' || (presenting && self.role !== 'host')) {
      // Viewers, and everyone but the host in presentation mode, follow and cannot steer: put
      // the room's motion back (after the Playback has finished emitting this change, so its
      // other listeners see events in order).
      const room = this.state.remoteState?.motion;
      if (room && kind === 'queue') {
        queueMicrotask(() => this.applyMotion(room, true));
        this.context.blocked('playback', self.role === 'viewer' ? 'viewer' : 'presentation');
      }
      return;
    }
    if (kind === 'ignore') return;
    this.state.queue('playback');
    this.context.changed();
  }

  private localChange(kind: 'view' | 'color', touched: readonly SyncCategory[]): void {
    if (!this.context.self() || !this.shared(touched) || !this.canEdit()) return;
    this.state.queue(kind);
    this.context.changed();
  }

  /**
   * Whether a local change touching `touched` goes to the room: some of it is sent. A category
   * the user shares but the host locked is reported (the change stays on this screen).
   */
  private shared(touched: readonly SyncCategory[]): boolean {
    const chosen = this.context.directions();
    const locks = this.context.sendLocks();
    const blocked = touched.find((key) => chosen[key].send && locks.includes(key));
    if (blocked && this.context.self()?.role !== 'viewer') this.context.blocked(blocked, 'locked');
    return touched.some((key) => this.sends(key));
  }

  private sends(category: SyncCategory): boolean {
    return this.context.directions()[category].send && !this.context.sendLocks().includes(category);
  }

  private accepts(category: SyncCategory): boolean {
    return this.context.directions()[category].accept;
  }

  private sentOf(categories: readonly SyncCategory[]): Set<SyncCategory> {
    return new Set(categories.filter((key) => this.sends(key)));
  }

  private accepted(categories: readonly SyncCategory[]): Set<SyncCategory> {
    return new Set(categories.filter((key) => this.accepts(key)));
  }

  /** The outbox sends a queued change: the local value now, based on the version it saw. */
  private send(kind: StateCategory, baseVersion: number): string | null {
    const { client, serverClock } = this.context;
    if (kind === 'playback') {
      const binding = this.playback;
      const sent = this.sentOf(MOTION_CATEGORIES);
      if (!binding || sent.size === 0) return null;
      // The categories not shared go out as the room has them, so only ours change there.
      const room = this.state.remoteState?.motion;
      const motion = room ? mergeMotion(room, binding.motion, sent) : binding.motion;
      return client.send(
        'sync.playback',
        { motion, baseVersion },
        { timestamp: serverClock.now() },
      );
    }
    const binding = this.view;
    if (!binding) return null;
    if (kind === 'color') return client.send('sync.color', { color: binding.color });
    const sent = this.sentOf(VIEW_CATEGORIES);
    if (sent.size === 0) return null;
    const room = this.state.remoteState?.view;
    return client.send('sync.view', {
      view: room ? mergeView(room, binding.view, sent) : binding.view,
    });
  }

  /** A remote change won: what the binding's throttle still holds must not go out. */
  private cancelQueued(kind: StateKind): void {
    if (kind === 'view' || kind === 'color') this.view?.cancelQueued(kind);
  }

  private canEdit(): boolean {
    const self = this.context.self();
    return self !== null && self.role !== 'viewer';
  }
}
