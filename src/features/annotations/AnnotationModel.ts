// The annotation feature without the DOM: the document, its room sync and other users' strokes
// in progress, switched between local mode (alone, or annotation sync off: drawings stay on this
// screen) and shared mode (in a room with annotation sync on). The local drawings are kept
// aside while shared and come back after leaving. Runs in Node (integration tests) as well.
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import { EventEmitter } from '../../utils/EventEmitter';
import { AnnotationDocument } from './AnnotationDocument';
import { AnnotationSync } from './AnnotationSync';
import { RemoteStrokes } from './liveStrokes';
import type { Actor, Annotation, AnnotationChange } from './types';

/** The author id of drawings made outside a shared room. */
export const LOCAL_USER = 'local';

/** How often own echoes and timeouts are checked without an animation frame (Node, hidden tabs). */
const POLL_MS = 100;

/** Errors that may answer one of our annotation changes. */
const REFUSAL_CODES: ReadonlySet<string> = new Set([
  'FORBIDDEN',
  'LIMIT_EXCEEDED',
  'RATE_LIMITED',
  'INVALID_MESSAGE',
  'PAYLOAD_TOO_LARGE',
  'ROOM_BUDGET_FULL',
]);

export type AnnotationModelNetwork = Pick<
  NetworkSyncManager,
  | 'on'
  | 'roomCode'
  | 'settings'
  | 'userId'
  | 'isHost'
  | 'roomSettings'
  | 'canEdit'
  | 'annotations'
  | 'connectionState'
  | 'syncStatus'
  | 'roomVersion'
  | 'sendAnnotation'
  | 'roomMedia'
>;

export type AnnotationModelEvents = {
  /** Local ↔ shared, or permissions changed (the toolbar re-renders). */
  modeChanged: void;
  /**
   * The room refused one of our changes; the room's version is shown again. With the room's
   * reason when it is one the user can act on (the drawing budget is full).
   */
  refused: string | undefined;
};

export class AnnotationModel extends EventEmitter<AnnotationModelEvents> {
  readonly doc = new AnnotationDocument();
  readonly remote: RemoteStrokes;
  private readonly sync: AnnotationSync;
  private readonly cleanups: Array<() => void> = [];
  private shared = false;
  /** The local drawings of the current media while shared mode shows the room's. */
  private localStash: Annotation[] = [];
  /** Local drawings of other media, by media key (they belong to the clip they were drawn on). */
  private readonly otherMedia = new Map<string, Annotation[]>();
  private mediaKey = '';
  private pollTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly network: AnnotationModelNetwork,
    now: () => number = () => performance.now(),
  ) {
    super();
    this.sync = new AnnotationSync(this.doc, network);
    this.remote = new RemoteStrokes(now);
    this.cleanups.push(
      network.on('roomJoined', () => this.updateMode()),
      network.on('roomLeft', () => this.updateMode()),
      network.on('roomEnded', () => this.updateMode()),
      network.on('settingsChanged', () => this.updateMode()),
      network.on('roleChanged', () => this.updateMode()),
      network.on('roomSettingsChanged', () => this.emit('modeChanged', undefined)),
      network.on('connectionStateChanged', (state) => {
        if (state === 'connected' && this.shared) this.sync.connected();
        this.updateMode();
      }),
      // The room's drawings shown are those of its current shot (each playlist item keeps its own).
      network.on('roomMediaChanged', () => this.updateScope()),
      network.on('annotationsChanged', () => {
        if (this.shared) this.sync.reconcile();
      }),
      network.on('syncStatusChanged', (status) => {
        if (this.shared && status === 'synced') this.sync.settled();
      }),
      network.on('error', ({ code, message, retryAfterMs, replyTo }) => {
        if (!this.shared || !REFUSAL_CODES.has(code)) return;
        if (this.sync.refused(code, retryAfterMs, replyTo))
          this.emit('refused', code === 'ROOM_BUDGET_FULL' ? budgetReason(message) : undefined);
      }),
      network.on('remoteStroke', (stroke) => {
        if (this.shared) this.remote.receive(stroke);
      }),
      network.on('usersChanged', (users) => {
        for (const user of users) if (!user.connected) this.remote.dropUser(user.userId);
      }),
      network.on('userLeft', (user) => this.remote.dropUser(user.userId)),
    );
    this.updateMode();
  }

  /** True in a room with annotation sync on: changes are shared. */
  get isShared(): boolean {
    return this.shared;
  }

  get inRoom(): boolean {
    return this.network.roomCode !== null;
  }

  /** Local changes the room has not confirmed yet. */
  get pendingCount(): number {
    return this.sync.pendingCount;
  }

  /** In a room: only roles that may change the room's state (viewers cannot draw). */
  canDraw(): boolean {
    return !this.inRoom || this.network.canEdit;
  }

  actor(): Actor {
    if (!this.shared) return { userId: LOCAL_USER, canEditOthers: true };
    return {
      userId: this.network.userId ?? LOCAL_USER,
      canEditOthers: this.network.isHost || this.network.roomSettings.othersCanEdit,
    };
  }

  add(annotation: Annotation): void {
    if (!this.canDraw()) return;
    // A shared drawing belongs to the room's shot it was drawn on.
    const media = this.shared ? this.doc.scopeMedia : null;
    this.commit(this.doc.add(media ? { ...annotation, media } : annotation, this.actor()));
  }

  remove(ids: readonly string[]): void {
    if (this.canDraw()) this.commit(this.doc.remove(ids, this.actor()));
  }

  clearFrame(frame: number): void {
    if (this.canDraw()) this.commit(this.doc.clearFrame(frame, this.actor()));
  }

  undo(): void {
    if (this.canDraw()) this.commit(this.doc.undo(this.actor()));
  }

  redo(): void {
    if (this.canDraw()) this.commit(this.doc.redo(this.actor()));
  }

  /**
   * Another media is shown: local drawings belong to the clip they were drawn on, so the
   * current ones are put aside and the new clip's come back (the room's stay: they follow the
   * room). Local undo history is cleared, since it refers to the other clip.
   */
  setMediaKey(key: string): void {
    if (key === this.mediaKey) return;
    const current = this.shared ? this.localStash : this.doc.all();
    if (current.length > 0) this.otherMedia.set(this.mediaKey, current);
    else this.otherMedia.delete(this.mediaKey);
    this.mediaKey = key;
    const next = this.otherMedia.get(key) ?? [];
    this.otherMedia.delete(key);
    if (this.shared) this.localStash = next;
    else this.doc.setAll(next);
    this.doc.clearHistory(LOCAL_USER);
  }

  /** Periodic (every animation frame): own echoes, timeouts, stale strokes in progress. */
  tick(): void {
    if (this.shared) this.sync.poll();
    this.remote.prune();
  }

  dispose(): void {
    this.setPolling(false);
    this.sync.dispose();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.removeAllListeners();
  }

  private setPolling(on: boolean): void {
    if (on && this.pollTimer === null) this.pollTimer = setInterval(() => this.tick(), POLL_MS);
    if (!on && this.pollTimer !== null) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  /** Shared: the room's shot's drawings; local drawings are kept per clip already (all shown). */
  private updateScope(): void {
    this.doc.setScope(this.shared ? (this.network.roomMedia?.fingerprint ?? null) : null);
  }

  private commit(changes: AnnotationChange[]): void {
    if (changes.length > 0 && this.shared) this.sync.push(changes);
  }

  private updateMode(): void {
    const shared = this.inRoom && this.network.settings.annotations;
    if (shared !== this.shared) {
      this.sync.reset();
      this.remote.clear();
      if (shared) {
        this.localStash = this.doc.all();
        this.shared = true;
        if (this.network.connectionState === 'connected') this.sync.connected();
        else this.sync.reconcile();
      } else {
        this.shared = false;
        this.doc.setAll(this.localStash);
      }
      this.setPolling(shared);
    }
    this.updateScope();
    this.emit('modeChanged', undefined);
  }
}

/** "Room storage budget is full…: room drawing budget full (16 MB) — …" → the detail, capitalised. */
function budgetReason(message: string): string {
  const detail = message.includes(': ') ? message.slice(message.indexOf(': ') + 2) : message;
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}
