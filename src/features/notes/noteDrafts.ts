// The shapes and pure helpers of notes on their way to the room: the wire form of a note, the
// queued changes, ids, draft validation, sorting. Used by NotesModel.
import { WIRE_LIMITS } from '../../protocol/index';
import type { NoteDraft, NoteItem } from './noteTypes';

export type WireNote = {
  id: string;
  frame: number;
  endFrame?: number;
  text: string;
  media?: string;
};
export type QueuedOp = { op: 'add' | 'update'; note: WireNote } | { op: 'remove'; id: string };

let counter = 0;
/** Globally unique enough for the room (ItemId pattern): time, randomness and a counter. */
export function newNoteId(): string {
  counter = (counter + 1) % 1_000_000;
  const random = Math.random().toString(36).slice(2, 10);
  return `note-${Date.now().toString(36)}-${random}-${counter.toString(36)}`;
}

/** Checks a draft; returns the error a user should see, or null when it is fine. */
export function validateDraft(draft: NoteDraft): string | null {
  const text = draft.text.trim();
  if (text.length === 0) return 'Write some text for the note first.';
  if (text.length > WIRE_LIMITS.maxNoteLength)
    return `A note can hold at most ${WIRE_LIMITS.maxNoteLength} characters (this one has ${text.length}).`;
  const inRange = (frame: number) =>
    Number.isInteger(frame) && Math.abs(frame) <= WIRE_LIMITS.maxFrame;
  if (!inRange(draft.frame)) return `Frame ${draft.frame} is not a valid frame number.`;
  if (draft.endFrame !== undefined) {
    if (!inRange(draft.endFrame)) return `Frame ${draft.endFrame} is not a valid frame number.`;
    if (draft.endFrame < draft.frame)
      return `The range ends (${draft.endFrame}) before it starts (${draft.frame}).`;
  }
  return null;
}

/** The wire fields of a draft: trimmed text, no endFrame when the range is a single frame. */
export function wireNote(id: string, draft: NoteDraft): QueuedOp & { op: 'add' } {
  const note: WireNote = { id, frame: draft.frame, text: draft.text.trim() };
  if (draft.endFrame !== undefined && draft.endFrame !== draft.frame)
    note.endFrame = draft.endFrame;
  if (draft.media !== undefined) note.media = draft.media;
  return { op: 'add', note };
}

export function compareNotes(
  a: Pick<NoteItem, 'frame' | 'endFrame' | 'createdAt' | 'id'>,
  b: typeof a,
): number {
  return (
    a.frame - b.frame ||
    (a.endFrame ?? a.frame) - (b.endFrame ?? b.frame) ||
    a.createdAt - b.createdAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function opId(op: QueuedOp): string {
  return op.op === 'remove' ? op.id : op.note.id;
}

export function draftFields(note: NoteDraft): NoteDraft {
  const fields: NoteDraft = { frame: note.frame, text: note.text };
  if (note.endFrame !== undefined) fields.endFrame = note.endFrame;
  if (note.media !== undefined) fields.media = note.media;
  return fields;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
