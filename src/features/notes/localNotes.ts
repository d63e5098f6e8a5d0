// Notes kept in this browser outside a room (localStorage): loading what is valid, saving, and
// adding or replacing one note. Each note carries the media it was written on (`media`, see
// mediaKeys.ts), so one list holds the notes of every shot and the model shows the open shot's.
// Storage may be missing, full or blocked; nothing here throws.
import type { Note } from '../../protocol/index';
import type { KeyValueStorage } from '../../network/types';
import type { LocalNote, NoteDraft } from './noteTypes';
import { draftFields, type QueuedOp } from './noteDrafts';

export const LOCAL_NOTES_KEY = 'reelsync.notes.local';

export function isLocalNote(value: unknown): value is LocalNote {
  if (typeof value !== 'object' || value === null) return false;
  const note = value as Record<string, unknown>;
  return (
    typeof note.id === 'string' &&
    typeof note.text === 'string' &&
    Number.isInteger(note.frame) &&
    (note.endFrame === undefined || Number.isInteger(note.endFrame)) &&
    (note.media === undefined || typeof note.media === 'string') &&
    typeof note.createdAt === 'number' &&
    typeof note.updatedAt === 'number'
  );
}

/** The valid notes stored in this browser (none when storage is unavailable or corrupt). */
export function loadLocalNotes(storage: KeyValueStorage | null): LocalNote[] {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(LOCAL_NOTES_KEY) ?? null;
  } catch {
    return [];
  }
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isLocalNote) : [];
  } catch {
    return [];
  }
}

/** Stores the notes; false when the browser refused (full or blocked storage). */
export function saveLocalNotes(
  storage: KeyValueStorage | null,
  notes: readonly LocalNote[],
): boolean {
  if (!storage) return true;
  try {
    storage.setItem(LOCAL_NOTES_KEY, JSON.stringify(notes));
    return true;
  } catch {
    return false;
  }
}

/**
 * The list with note `id` added, or replaced keeping its creation time and other fields (its
 * media too: an edit never moves a note to another shot; a new note takes the draft's).
 */
export function upsertLocalNote(
  notes: readonly LocalNote[],
  id: string,
  draft: NoteDraft,
  time: number,
): LocalNote[] {
  const index = notes.findIndex((note) => note.id === id);
  const existing = index >= 0 ? notes[index] : undefined;
  const note: LocalNote = {
    ...(existing ?? {}),
    id,
    frame: draft.frame,
    text: draft.text.trim(),
    createdAt: existing?.createdAt ?? time,
    updatedAt: time,
  };
  const media = existing?.media ?? draft.media;
  if (media !== undefined) note.media = media;
  delete note.endFrame;
  if (draft.endFrame !== undefined && draft.endFrame !== draft.frame)
    note.endFrame = draft.endFrame;
  const next = [...notes];
  if (existing) next[index] = note;
  else next.push(note);
  return next;
}

export interface RoomNotesToKeep {
  local: readonly LocalNote[];
  roomNotes: readonly Note[];
  /** Changes that never reached the room, oldest first. */
  unsent: readonly QueuedOp[];
  roomId: string;
  authorOf(userId: string): { authorName: string; authorColor: string };
  now: number;
}

/**
 * The local list after leaving (or losing) a room: the room's notes copied in with their authors
 * and origin, then every unsent change applied on top, so nothing written is lost.
 */
export function keepRoomNotes(input: RoomNotesToKeep): {
  notes: LocalNote[];
  copied: number;
  unsent: number;
} {
  const kept = new Map(input.local.map((note) => [note.id, note]));
  for (const note of input.roomNotes) {
    kept.set(note.id, {
      id: note.id,
      frame: note.frame,
      ...(note.endFrame !== undefined ? { endFrame: note.endFrame } : {}),
      text: note.text,
      createdAt: note.createdAt,
      updatedAt: note.updatedAt,
      author: note.author,
      ...input.authorOf(note.author),
      origin: input.roomId,
      ...(note.media !== undefined ? { media: note.media } : {}),
    });
  }
  let unsent = 0;
  for (const op of input.unsent) {
    if (op.op === 'remove') kept.delete(op.id);
    else {
      const existing = kept.get(op.note.id);
      kept.set(op.note.id, {
        ...(existing ?? { createdAt: input.now }),
        ...draftFields(op.note),
        id: op.note.id,
        updatedAt: input.now,
      });
      unsent += 1;
    }
  }
  return { notes: [...kept.values()], copied: input.roomNotes.length, unsent };
}

/**
 * The local list with a room's unsent changes recovered after the tab closed: adds and edits
 * become local notes of that room marked `pending` (sent when the browser is in it again); an
 * unsent removal is dropped (the note stays in the room).
 */
export function withRecoveredUnsent(
  local: readonly LocalNote[],
  roomId: string,
  ops: readonly QueuedOp[],
  now: number,
): { notes: LocalNote[]; recovered: number } {
  const writes = ops.filter((op) => op.op !== 'remove');
  const { notes } = keepRoomNotes({
    local,
    roomNotes: [],
    unsent: writes,
    roomId,
    authorOf: () => ({ authorName: '', authorColor: '' }),
    now,
  });
  const ids = new Set(writes.map((op) => op.note.id));
  return {
    notes: notes.map((note) =>
      ids.has(note.id) ? { ...note, origin: roomId, pending: true } : note,
    ),
    recovered: ids.size,
  };
}
