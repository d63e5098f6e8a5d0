// The changes on their way to the room, run against the room's list: the notes Outbox
// (noteOutbox.ts) sends them one at a time, a change the room's list already shows is settled, a
// refusal is matched to its change, and a change given up on is handed back with what is left of it.
import type { Note } from '../../protocol/index';
import type { Outbox } from '../../network/Outbox';
import { opId, type QueuedOp } from './noteDrafts';
import {
  afterGivingUp,
  createNoteOutbox,
  shownInRoom,
  type GivenUp,
  type NoteOutboxOptions,
} from './noteOutbox';

export interface NoteQueueOptions extends NoteOutboxOptions {
  /** The room's list as last received: a change it already shows is settled. */
  roomNotes(): readonly Note[];
  /** The outbox dropped a change (refused, or unanswered twice): what to keep and to say. */
  gaveUp(op: QueuedOp, outcome: GivenUp): void;
}

/** A refusal from the room, answering one of our messages. */
export interface NoteRefusal {
  replyTo: string;
  code: string;
  message: string;
  retryAfterMs?: number;
}

export class NoteQueue {
  /** Changes on their way to the room, one at a time, keyed by note id. */
  private readonly outbox: Outbox<string, QueuedOp>;
  private readonly roomNotes: () => readonly Note[];
  /** The text of the refusal being handled (the outbox passes only its code on). */
  private refusalMessage = '';
  private disposed = false;

  constructor({ roomNotes, gaveUp, ...outbox }: NoteQueueOptions) {
    this.roomNotes = roomNotes;
    this.outbox = createNoteOutbox(outbox);
    this.outbox.on('gaveUp', ({ entry, reason, code }) =>
      gaveUp(entry.value, afterGivingUp(entry.value, reason, code, this.refusalMessage)),
    );
  }

  /** The changes not yet in the room, oldest first. */
  get ops(): QueuedOp[] {
    return this.outbox.entries().map((entry) => entry.value);
  }

  /** Changes waiting for the room (sent or not yet confirmed). */
  get pendingCount(): number {
    return this.outbox.pendingCount;
  }

  /** True while a change of note `id` waits for the room. */
  has(id: string): boolean {
    return this.outbox.has(id);
  }

  /** Queues a change (merged into an unsent one of the same note) and sends what it can. */
  put(op: QueuedOp): void {
    this.outbox.put(opId(op), op);
    this.pump();
  }

  /** The room refused a message: true when it was one of ours (dropped or queued again). */
  refused(refusal: NoteRefusal): boolean {
    this.refusalMessage = refusal.message;
    if (!this.outbox.refused(refusal.replyTo, refusal.code, refusal.retryAfterMs)) return false;
    this.pump();
    return true;
  }

  /**
   * The connection dropped: unknown whether what is in flight arrived, so it is sent again later
   * (adds and updates are idempotent, and pump() settles it first when the room already shows it).
   * True when something was in flight.
   */
  requeueInFlight(): boolean {
    if (this.outbox.inFlightCount === 0) return false;
    this.outbox.requeueInFlight();
    return true;
  }

  /** Empties the queue (the room was left, or sending is no longer allowed): what it held. */
  takeAll(): QueuedOp[] {
    const ops = this.ops;
    this.outbox.clear();
    return ops;
  }

  /**
   * Settles what the room's list already shows, then sends the next change. Queued changes are
   * checked only once nothing is in flight: a remove queued behind its note's add in flight is not
   * "shown" yet.
   */
  pump(): void {
    if (this.disposed) return;
    const roomNotes = this.roomNotes();
    // entries() lists what is in flight first (a send being answered while on the stack too).
    const inFlight = new Set(this.outbox.entries().slice(0, this.outbox.inFlightCount));
    this.outbox.settleWhere((entry) => inFlight.has(entry) && shownInRoom(roomNotes, entry.value));
    if (this.outbox.inFlightCount === 0)
      this.outbox.settleWhere((entry) => shownInRoom(roomNotes, entry.value));
    this.outbox.flush();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.outbox.dispose();
  }
}
