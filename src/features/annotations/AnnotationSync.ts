// Keeps the document equal to the room's annotations plus this user's changes that the room has
// not confirmed yet (DOM-free). Local changes show at once; they go out when the connection is
// up (drawing offline loses nothing) and again after a reconnect if the room does not show them:
// adds of own ids and removes are idempotent on the server, so sending twice is harmless.
import { WIRE_LIMITS, type ClientPayload } from '../../protocol/index';
import type { ConnectionState, SyncStatus } from '../../network/types';
import type { AnnotationDocument } from './AnnotationDocument';
import type { Annotation, AnnotationChange } from './types';

/** The part of NetworkSyncManager this needs (a fake in unit tests). */
export interface AnnotationNetwork {
  readonly annotations: readonly Annotation[];
  readonly connectionState: ConnectionState;
  readonly syncStatus: SyncStatus;
  readonly roomVersion: number;
  sendAnnotation(op: ClientPayload<'sync.annotation'>): boolean;
}

interface Pending {
  change: { op: 'add'; annotation: Annotation } | { op: 'remove' };
  /** The connection epoch it was sent in (null: not sent yet). */
  sentIn: number | null;
  sentAt: number;
  sends: number;
}

/**
 * A change the room does not show this long after it went out on a live connection is sent
 * again: the server drops rate-limited messages beyond its first reply per second without an
 * answer, and answers a refused remove with nothing the client can match.
 */
export const RESEND_AFTER_MS = 2000;
/** After this many sends without effect the change counts as refused and the room's version shows. */
export const MAX_SENDS = 3;
/** Wait before sending again after RATE_LIMITED, and after other refusals. */
const RATE_LIMIT_RETRY_MS = 500;
const RETRY_MS = 100;

export class AnnotationSync {
  private readonly pending = new Map<string, Pending>();
  /** Counts connections: a change sent in an older one may have been lost with it. */
  private epoch = 0;
  private seenVersion = -1;
  private retryAt: number | null = null;

  constructor(
    private readonly doc: AnnotationDocument,
    private readonly network: AnnotationNetwork,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Changes not yet confirmed by the room (for the UI and tests). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Local changes (already applied to the document): remember them and send them. */
  push(changes: readonly AnnotationChange[]): void {
    for (const change of changes) {
      if (change.op === 'add')
        this.pending.set(change.annotation.id, { change, sentIn: null, sentAt: 0, sends: 0 });
      else
        for (const id of change.ids)
          this.pending.set(id, { change: { op: 'remove' }, sentIn: null, sentAt: 0, sends: 0 });
    }
    this.flush();
  }

  /** A (re)connection to the room: older sends may be lost; re-check and resend. */
  connected(): void {
    this.epoch++;
    this.reconcile();
  }

  /**
   * Nothing of ours is in flight any more: every add sent on this connection was answered, so
   * the room's list is the truth for them (an add someone erased since stays erased).
   */
  settled(): void {
    for (const [id, entry] of this.pending)
      if (entry.change.op === 'add' && entry.sentIn === this.epoch) this.pending.delete(id);
    this.reconcile();
  }

  /**
   * An error answered one of our messages; which one is not known (the error may even concern
   * another feature). What this connection carried is sent again shortly (idempotent); a change
   * refused on its last send is dropped and the room's version shows. Returns true when
   * something was dropped.
   */
  refused(code: string): boolean {
    let dropped = false;
    for (const [id, entry] of this.pending) {
      if (entry.sentIn !== this.epoch) continue;
      if (entry.sends >= MAX_SENDS) {
        this.pending.delete(id);
        dropped = true;
      } else entry.sentIn = null;
    }
    this.retryAt = this.now() + (code === 'RATE_LIMITED' ? RATE_LIMIT_RETRY_MS : RETRY_MS);
    if (dropped) this.reconcile();
    return dropped;
  }

  /**
   * Cheap periodic check (every animation frame): the room's version moved (own echoes fire no
   * event), a rate-limit pause ended, or a change went unanswered for too long.
   */
  poll(): void {
    const now = this.now();
    if (this.network.roomVersion !== this.seenVersion) this.reconcile();
    if (this.retryAt !== null && now >= this.retryAt) this.retryAt = null;
    let expired = false;
    for (const [id, entry] of this.pending) {
      if (entry.sentIn !== this.epoch || now - entry.sentAt <= RESEND_AFTER_MS) continue;
      if (entry.sends >= MAX_SENDS) {
        this.pending.delete(id);
        expired = true;
      } else entry.sentIn = null;
    }
    if (expired) this.reconcile();
    else this.flush();
  }

  /** Forget everything pending (leaving the room). */
  reset(): void {
    this.pending.clear();
    this.seenVersion = -1;
    this.retryAt = null;
  }

  /** Document := room's list, with pending changes on top; confirmed ones are dropped. */
  reconcile(): void {
    this.seenVersion = this.network.roomVersion;
    const base = new Map(this.network.annotations.map((item) => [item.id, item]));
    for (const [id, entry] of this.pending) {
      const confirmed = entry.change.op === 'add' ? base.has(id) : !base.has(id);
      if (confirmed && entry.sentIn !== null) this.pending.delete(id);
    }
    for (const [id, entry] of this.pending) {
      if (entry.change.op === 'add') base.set(id, entry.change.annotation);
      else base.delete(id);
    }
    this.doc.setAll([...base.values()]);
    this.flush();
  }

  /** Sends what this connection has not carried yet (nothing while offline). */
  private flush(): void {
    if (this.network.connectionState !== 'connected' || this.retryAt !== null) return;
    const now = this.now();
    const removes: string[] = [];
    for (const [id, entry] of this.pending) {
      if (entry.sentIn === this.epoch) continue;
      if (entry.change.op === 'remove') {
        removes.push(id);
        continue;
      }
      const { author: _author, createdAt: _createdAt, ...input } = entry.change.annotation;
      if (!this.network.sendAnnotation({ op: 'add', annotation: input })) return;
      entry.sentIn = this.epoch;
      entry.sentAt = now;
      entry.sends++;
    }
    for (let i = 0; i < removes.length; i += WIRE_LIMITS.maxIdsPerRemove) {
      const ids = removes.slice(i, i + WIRE_LIMITS.maxIdsPerRemove);
      if (!this.network.sendAnnotation({ op: 'remove', ids })) return;
      for (const id of ids) {
        const entry = this.pending.get(id);
        if (entry) {
          entry.sentIn = this.epoch;
          entry.sentAt = now;
          entry.sends++;
        }
      }
    }
  }
}
