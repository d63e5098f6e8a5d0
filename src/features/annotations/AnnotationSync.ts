// Keeps the document equal to the room's annotations plus this user's changes that the room has
// not confirmed yet (DOM-free). Local changes show at once; they go out through the shared Outbox
// when the connection is up (drawing offline loses nothing) and again after a reconnect if the
// room does not show them: adds of own ids and removes are idempotent on the server, so sending
// twice is harmless.
import { WIRE_LIMITS, type ClientPayload } from '../../protocol/index';
import { Outbox } from '../../network/Outbox';
import { realTimers, type Timers } from '../../network/timers';
import type { ConnectionState, SyncStatus } from '../../network/types';
import type { AnnotationDocument } from './AnnotationDocument';
import type { Annotation, AnnotationChange } from './types';

/** The part of NetworkSyncManager this needs (a fake in unit tests). */
export interface AnnotationNetwork {
  readonly annotations: readonly Annotation[];
  readonly connectionState: ConnectionState;
  readonly syncStatus: SyncStatus;
  readonly roomVersion: number;
  /** The sent message's id (what the server's answer or refusal names), or null if not sent. */
  sendAnnotation(op: ClientPayload<'sync.annotation'>): string | null;
}

/** One outgoing change: an add (or edit) of one annotation, or a remove of up to a wire batch. */
type Outgoing = { op: 'add'; annotation: Annotation } | { op: 'remove'; ids: string[] };

/**
 * A change the room does not show this long after it went out on a live connection is sent
 * again: the server drops rate-limited messages beyond its first reply per second without an
 * answer, and answers a refused remove with nothing the client can match.
 */
export const RESEND_AFTER_MS = 2000;
/** Failed sends (refused or unanswered) before the change is dropped and the room's version shows. */
export const MAX_ATTEMPTS = 3;

export class AnnotationSync {
  private readonly outbox: Outbox<string, Outgoing>;
  private seenVersion = -1;
  private nextRemoveKey = 0;
  /** Set while `refused` hands a refusal to the outbox: a give-up there is reported, not reconciled. */
  private refusing = false;
  private droppedByRefusal = false;

  constructor(
    private readonly doc: AnnotationDocument,
    private readonly network: AnnotationNetwork,
    timers: Timers = realTimers,
  ) {
    this.outbox = new Outbox<string, Outgoing>({
      // Answers are matched by the room's state (settleWhere), refusals by the message id.
      send: (entry) => this.network.sendAnnotation(toPayload(entry.value)),
      canSend: () => this.network.connectionState === 'connected',
      maxAttempts: MAX_ATTEMPTS,
      resendAfterMs: RESEND_AFTER_MS,
      timers,
    });
    this.outbox.on('gaveUp', () => {
      if (this.refusing) this.droppedByRefusal = true;
      else this.reconcile();
    });
  }

  /** Changes not yet confirmed by the room, counted per annotation (for the UI and tests). */
  get pendingCount(): number {
    let count = 0;
    for (const { value } of this.outbox.entries())
      count += value.op === 'add' ? 1 : value.ids.length;
    return count;
  }

  /** Local changes (already applied to the document): remember them and send them. */
  push(changes: readonly AnnotationChange[]): void {
    for (const change of changes) {
      if (change.op === 'add') {
        this.forget([change.annotation.id]);
        this.outbox.put(change.annotation.id, { op: 'add', annotation: change.annotation });
      } else {
        this.forget(change.ids);
        for (let i = 0; i < change.ids.length; i += WIRE_LIMITS.maxIdsPerRemove)
          this.putRemove(change.ids.slice(i, i + WIRE_LIMITS.maxIdsPerRemove));
      }
    }
  }

  /** A (re)connection to the room: older sends may be lost; re-check and resend. */
  connected(): void {
    this.outbox.requeueInFlight();
    this.reconcile();
  }

  /**
   * Nothing of ours is in flight any more: every add sent on this connection was answered, so
   * the room's list is the truth for them (an add someone erased since stays erased).
   */
  settled(): void {
    this.outbox.settleWhere((entry) => entry.value.op === 'add' && entry.messageId !== null);
    this.reconcile();
  }

  /**
   * The server refused a message. `replyTo` names it: only that change takes the refusal (an
   * error naming another feature's message is not ours). Without a `replyTo` (an error the
   * server could not tie to a message) everything in flight takes it. A refused change is sent
   * again after the outbox's wait (RATE_LIMITED: the server's `retryAfterMs`); one refused
   * MAX_ATTEMPTS times is dropped and the room's version shows. Returns true when something
   * was dropped.
   */
  refused(code: string, retryAfterMs?: number, replyTo?: string): boolean {
    const inFlight = this.outbox
      .entries()
      .flatMap((entry) => entry.messageId ?? [])
      .filter((messageId) => replyTo === undefined || messageId === replyTo);
    this.refusing = true;
    this.droppedByRefusal = false;
    try {
      for (const messageId of inFlight) this.outbox.refused(messageId, code, retryAfterMs);
    } finally {
      this.refusing = false;
    }
    if (this.droppedByRefusal) this.reconcile();
    return this.droppedByRefusal;
  }

  /**
   * Cheap periodic check (every animation frame): the room's version moved (own echoes fire no
   * event), or a change that could not go out may go now. Waits and resends are the outbox's.
   */
  poll(): void {
    if (this.network.roomVersion !== this.seenVersion) this.reconcile();
    else this.outbox.flush();
  }

  /** Forget everything pending (leaving the room). */
  reset(): void {
    this.outbox.clear();
    this.seenVersion = -1;
  }

  dispose(): void {
    this.outbox.dispose();
  }

  /** Document := room's list, with pending changes on top; confirmed ones are dropped. */
  reconcile(): void {
    this.seenVersion = this.network.roomVersion;
    const base = new Map(this.network.annotations.map((item) => [item.id, item]));
    this.outbox.settleWhere((entry) => entry.sends > 0 && shownBy(base, entry.value));
    for (const { value } of this.outbox.entries()) {
      if (value.op === 'add') base.set(value.annotation.id, value.annotation);
      else for (const id of value.ids) base.delete(id);
    }
    this.doc.setAll([...base.values()]);
    this.outbox.flush();
  }

  private putRemove(ids: string[]): void {
    this.outbox.put(`remove#${this.nextRemoveKey++}`, { op: 'remove', ids });
  }

  /** A newer local change to these ids replaces any pending one (queued or in flight). */
  private forget(ids: readonly string[]): void {
    const replaced = new Set(ids);
    const dropped = this.outbox.drop((entry) =>
      entry.value.op === 'add'
        ? replaced.has(entry.value.annotation.id)
        : entry.value.ids.some((id) => replaced.has(id)),
    );
    for (const { value } of dropped) {
      if (value.op !== 'remove') continue;
      const rest = value.ids.filter((id) => !replaced.has(id));
      if (rest.length > 0) this.putRemove(rest);
    }
  }
}

function shownBy(room: ReadonlyMap<string, Annotation>, change: Outgoing): boolean {
  return change.op === 'add'
    ? room.has(change.annotation.id)
    : change.ids.every((id) => !room.has(id));
}

function toPayload(change: Outgoing): ClientPayload<'sync.annotation'> {
  if (change.op === 'remove') return { op: 'remove', ids: change.ids };
  const { author: _author, createdAt: _createdAt, ...input } = change.annotation;
  return { op: 'add', annotation: input };
}
