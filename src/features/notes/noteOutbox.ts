// How note changes travel to the room: one shared Outbox (src/network/Outbox.ts) configured for
// notes, with the rule that merges a newer change into an unsent one and the test for "the room's
// list already shows this change". noteQueue.ts runs the queue; this file owns its policy.
import type { ClientPayload, Note } from '../../protocol/index';
import { Outbox } from '../../network/Outbox';
import type { Timers } from '../../network/timers';
import type { QueuedOp } from './noteDrafts';

/** A change the room neither showed nor refused by then (a lost answer) is sent again, then kept
 * locally. */
export const ANSWER_TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 2;
/** Retry interval while connected but unable to send (waiting for the room's state). */
const SEND_RETRY_MS = 250;

export interface NoteOutboxOptions {
  send(payload: ClientPayload<'sync.note'>): string | null;
  canSend(): boolean;
  answerTimeoutMs: number;
  timers: Timers;
}

/** The notes queue: one change in flight, keyed by note id, a refusal is final. */
export function createNoteOutbox(options: NoteOutboxOptions): Outbox<string, QueuedOp> {
  return new Outbox<string, QueuedOp>({
    send: (entry) => options.send(toPayload(entry.value)),
    canSend: options.canSend,
    coalesce: coalesceNoteOps,
    maxInFlight: 1,
    maxAttempts: MAX_ATTEMPTS,
    resendAfterMs: options.answerTimeoutMs,
    // A refusal is final (the note is kept locally); only lost answers are sent again.
    retryRefused: () => false,
    // Connected but not sendable yet (the room's state is still on its way): look again soon.
    blockedRetryMs: SEND_RETRY_MS,
    timers: options.timers,
  });
}

/** True when the room's list already shows the change. */
export function shownInRoom(roomNotes: readonly Note[], op: QueuedOp): boolean {
  if (op.op === 'remove') return !roomNotes.some((note) => note.id === op.id);
  const note = roomNotes.find((candidate) => candidate.id === op.note.id);
  return (
    note !== undefined &&
    note.text === op.note.text &&
    note.frame === op.note.frame &&
    note.endFrame === op.note.endFrame
  );
}

function toPayload(op: QueuedOp): ClientPayload<'sync.note'> {
  return op.op === 'remove' ? { op: 'remove', id: op.id } : { op: op.op, note: { ...op.note } };
}

/**
 * A newer change to a note whose earlier change is unsent: an unsent add then removed is never
 * sent (unless an earlier version is in flight, which the remove must follow); an unsent add then
 * edited is still an add; otherwise the newer change replaces the older.
 */
function coalesceNoteOps(
  queued: QueuedOp,
  next: QueuedOp,
  context: { inFlight: boolean },
): QueuedOp | null {
  if (queued.op === 'add' && next.op === 'remove') return context.inFlight ? next : null;
  if (queued.op === 'add' && next.op !== 'remove') return { ...next, op: 'add' };
  return next;
}

/** What to do with a dropped change: keep it as a local note (under which id), tell the user. */
export interface GivenUp {
  keep?: 'same id' | 'new id';
  message?: string;
}

/**
 * What is left of a change the outbox dropped (refused by the room, or unanswered twice): an add
 * or edit stays as a local note (a refused edit under a new id, the room keeps the original), and
 * the user is told why. Nothing written is lost.
 */
export function afterGivingUp(
  op: QueuedOp,
  reason: 'refused' | 'unanswered',
  code: string | undefined,
  refusal: string,
): GivenUp {
  if (reason === 'unanswered') {
    if (op.op === 'remove') return {};
    return {
      keep: 'same id',
      message: 'The room did not answer; the note is kept as a local note.',
    };
  }
  if (op.op === 'remove')
    return code === 'ITEM_NOT_FOUND' ? {} : { message: `Could not delete the note: ${refusal}` };
  const why = code === 'ITEM_NOT_FOUND' ? 'the note was deleted by someone else' : refusal;
  return {
    keep: op.op === 'add' ? 'same id' : 'new id',
    message: `The room did not take the note (${why}); it is kept as a local note.`,
  };
}
