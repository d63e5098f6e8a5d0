// Annotation and note rules of the room logic: ownership, id ownership, count limits and the
// byte budget. A per-room index (id → item and its serialized size) makes a remove of m ids
// O(m) to check and keeps the byte totals up to date change by change, without reserializing
// the room.
import type {
  Annotation,
  ClientPayload,
  Note,
  RoomState,
  ServerChange,
} from '../../src/protocol/index';
import type { ChangeContext, RoomBudget } from '../store/RoomStore';
import type { LogicOutcome, SequencedRoom } from './roomLogic';

interface Entry<Item> {
  item: Item;
  bytes: number;
}

/** Derived from the state (built once per loaded room, then kept up to date by each change). */
export interface RoomIndex {
  annotations: Map<string, Entry<Annotation>>;
  notes: Map<string, Entry<Note>>;
  annotationBytes: number;
  noteBytes: number;
  /** Everything but annotations and notes (motion, view, media, …): small, measured per change. */
  baseBytes: number;
}

/** Turns a change into the room's next sequenced change (roomLogic's `sequence`). */
export type Sequence = <Change extends ServerChange>(
  type: Change['type'],
  payload: Change['payload'],
) => LogicOutcome;

export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

function baseBytes(state: RoomState): number {
  return byteSize({ ...state, annotations: [], notes: [] });
}

export function buildIndex(state: RoomState): RoomIndex {
  const index: RoomIndex = {
    annotations: new Map(),
    notes: new Map(),
    annotationBytes: 0,
    noteBytes: 0,
    baseBytes: baseBytes(state),
  };
  for (const item of state.annotations) {
    const bytes = byteSize(item);
    index.annotations.set(item.id, { item, bytes });
    index.annotationBytes += bytes;
  }
  for (const item of state.notes) {
    const bytes = byteSize(item);
    index.notes.set(item.id, { item, bytes });
    index.noteBytes += bytes;
  }
  return index;
}

/** The room's index, built on first use. */
export function roomIndex(room: SequencedRoom): RoomIndex {
  return (room.index ??= buildIndex(room.state));
}

/** A copy whose maps can change without touching `index` (a store's cached copy). */
export function cloneIndex(index: RoomIndex | undefined): RoomIndex | undefined {
  return (
    index && { ...index, annotations: new Map(index.annotations), notes: new Map(index.notes) }
  );
}

/** Total serialized bytes of the room state as the index counts it. */
export function roomBytes(index: RoomIndex): number {
  return index.baseBytes + index.annotationBytes + index.noteBytes;
}

/** A change to the small fields: re-measure them (well under a kilobyte). */
export function remeasureBase(room: SequencedRoom): void {
  if (room.index) room.index.baseBytes = baseBytes(room.state);
}

const MB = 1024 * 1024;
function megabytes(bytes: number): string {
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}

/** Null when `growth` more bytes of `kind` fit the budget; otherwise the refusal. */
function overBudget(
  index: RoomIndex,
  budget: RoomBudget | undefined,
  kind: 'annotation' | 'note',
  growth: number,
): LogicOutcome | null {
  if (!budget || growth <= 0) return null;
  if (kind === 'annotation' && index.annotationBytes + growth > budget.annotationsBytes)
    return {
      status: 'refused',
      code: 'ROOM_BUDGET_FULL',
      detail: `room drawing budget full (${megabytes(budget.annotationsBytes)}) — clear old drawings`,
    };
  if (kind === 'note' && index.noteBytes + growth > budget.notesBytes)
    return {
      status: 'refused',
      code: 'ROOM_BUDGET_FULL',
      detail: `room notes budget full (${megabytes(budget.notesBytes)}) — remove old notes`,
    };
  if (roomBytes(index) + growth > budget.roomBytes)
    return {
      status: 'refused',
      code: 'ROOM_BUDGET_FULL',
      detail: `room storage budget full (${megabytes(budget.roomBytes)}) — clear old drawings or notes`,
    };
  return null;
}

/** Server user ids are alphanumeric; an annotation id names its owner: `<userId>-…`. */
const OWNER = /^([A-Za-z0-9_]{1,64})-/;

export function applyAnnotation(
  room: SequencedRoom,
  op: ClientPayload<'sync.annotation'>,
  userId: string,
  canEditOthers: boolean,
  context: ChangeContext,
  sequence: Sequence,
): LogicOutcome {
  const index = roomIndex(room);
  const budget = context.limits.budget;
  if (op.op === 'add') {
    const existing = index.annotations.get(op.annotation.id);
    if (existing && existing.item.author !== userId && !canEditOthers) {
      return { status: 'refused', code: 'FORBIDDEN', detail: 'annotation belongs to another user' };
    }
    // A new id must carry its author's user id: nobody can take ids another user will draw
    // with, and whoever re-creates an id (the host restoring an erased stroke) never becomes
    // its author.
    const owner = existing ? existing.item.author : OWNER.exec(op.annotation.id)?.[1];
    if (!existing && owner !== userId && !(canEditOthers && owner !== undefined)) {
      return {
        status: 'refused',
        code: 'FORBIDDEN',
        detail: `new annotation ids must start with your user id ("${userId}-")`,
      };
    }
    if (!existing && index.annotations.size >= context.limits.maxAnnotations) {
      return {
        status: 'refused',
        code: 'LIMIT_EXCEEDED',
        detail: `at most ${context.limits.maxAnnotations} annotations per room`,
      };
    }
    const annotation: Annotation = {
      ...op.annotation,
      points: [...op.annotation.points],
      author: owner ?? userId,
      createdAt: existing?.item.createdAt ?? context.now,
    };
    const bytes = byteSize(annotation);
    if (budget && bytes > budget.annotationBytes)
      return {
        status: 'refused',
        code: 'LIMIT_EXCEEDED',
        detail: `one annotation may take at most ${Math.floor(budget.annotationBytes / 1024)} KB (this one: ${Math.ceil(bytes / 1024)} KB)`,
      };
    const refusal = overBudget(index, budget, 'annotation', bytes - (existing?.bytes ?? 0));
    if (refusal) return refusal;
    const outcome = sequence('sync.annotation', { op: 'add', annotation });
    index.annotationBytes += bytes - (existing?.bytes ?? 0);
    index.annotations.set(annotation.id, { item: annotation, bytes });
    return outcome;
  }
  let ids: string[];
  if (op.op === 'remove') {
    ids = [];
    const seen = new Set<string>();
    for (const id of op.ids) {
      const entry = index.annotations.get(id);
      if (!entry || seen.has(id)) continue;
      if (!canEditOthers && entry.item.author !== userId)
        return {
          status: 'refused',
          code: 'FORBIDDEN',
          detail: 'annotation belongs to another user',
        };
      seen.add(id);
      ids.push(id);
    }
  } else {
    ids = room.state.annotations
      .filter(
        (item) =>
          (op.frame === null || item.frame === op.frame) &&
          (canEditOthers || item.author === userId),
      )
      .map((item) => item.id);
  }
  if (ids.length === 0) return { status: 'noop', version: 0 };
  const outcome = sequence('sync.annotation', { op: 'remove', ids });
  for (const id of ids) {
    index.annotationBytes -= index.annotations.get(id)?.bytes ?? 0;
    index.annotations.delete(id);
  }
  return outcome;
}

export function applyNote(
  room: SequencedRoom,
  op: ClientPayload<'sync.note'>,
  userId: string,
  canEditOthers: boolean,
  context: ChangeContext,
  sequence: Sequence,
): LogicOutcome {
  const index = roomIndex(room);
  const id = op.op === 'remove' ? op.id : op.note.id;
  const existing = index.notes.get(id);
  if (existing && existing.item.author !== userId && !canEditOthers) {
    return { status: 'refused', code: 'FORBIDDEN', detail: 'note belongs to another user' };
  }
  if (op.op === 'remove') {
    if (!existing) return { status: 'refused', code: 'ITEM_NOT_FOUND', detail: id };
    const outcome = sequence('sync.note', { op: 'remove', id });
    index.noteBytes -= existing.bytes;
    index.notes.delete(id);
    return outcome;
  }
  if (op.op === 'update' && !existing)
    return { status: 'refused', code: 'ITEM_NOT_FOUND', detail: id };
  if (!existing && index.notes.size >= context.limits.maxNotes) {
    return {
      status: 'refused',
      code: 'LIMIT_EXCEEDED',
      detail: `at most ${context.limits.maxNotes} notes per room`,
    };
  }
  // The shot a note was written on stays when an older player edits it without saying.
  const media = op.note.media ?? existing?.item.media;
  const note: Note = {
    ...op.note,
    ...(media !== undefined ? { media } : {}),
    author: existing?.item.author ?? userId,
    createdAt: existing?.item.createdAt ?? context.now,
    updatedAt: context.now,
  };
  const bytes = byteSize(note);
  const refusal = overBudget(index, context.limits.budget, 'note', bytes - (existing?.bytes ?? 0));
  if (refusal) return refusal;
  const outcome = sequence('sync.note', { op: 'upsert', note });
  index.noteBytes += bytes - (existing?.bytes ?? 0);
  index.notes.set(id, { item: note, bytes });
  return outcome;
}
