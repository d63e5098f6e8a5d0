// Notes written in a room that have not reached it yet survive closing the tab: the notes queue
// is mirrored into IndexedDB (idb-keyval), one entry per room. When the player opens again, each
// room's unsent changes come back as local notes marked `pending` for that room, and are sent as
// soon as this browser is in that room again (NotesModel). Storage may be missing or blocked
// (private windows): then nothing is mirrored and nothing throws.
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { QueuedOp } from './noteDrafts';

export interface UnsentNotesStore {
  /** Mirrors the room's unsent changes (an empty list removes the entry). */
  save(roomId: string, ops: readonly QueuedOp[]): Promise<void>;
  /** Every room's mirrored changes, removed from the store (the caller keeps them from now). */
  takeAll(): Promise<Array<{ roomId: string; ops: QueuedOp[] }>>;
}

export function isQueuedOp(value: unknown): value is QueuedOp {
  if (typeof value !== 'object' || value === null) return false;
  const op = value as Record<string, unknown>;
  if (op.op === 'remove') return typeof op.id === 'string';
  if (op.op !== 'add' && op.op !== 'update') return false;
  const note = op.note as Record<string, unknown> | null | undefined;
  return (
    typeof note === 'object' &&
    note !== null &&
    typeof note.id === 'string' &&
    typeof note.text === 'string' &&
    Number.isInteger(note.frame) &&
    (note.endFrame === undefined || Number.isInteger(note.endFrame)) &&
    (note.media === undefined || typeof note.media === 'string')
  );
}

/** The IndexedDB store of this browser, or null where IndexedDB is unavailable. */
export function indexedDbUnsentNotes(): UnsentNotesStore | null {
  if (typeof indexedDB === 'undefined') return null;
  let store: UseStore;
  try {
    store = createStore('reelsync-notes', 'unsent');
  } catch {
    return null;
  }
  return {
    async save(roomId, ops) {
      try {
        if (ops.length === 0) await del(roomId, store);
        else await set(roomId, { ops: [...ops], savedAt: Date.now() }, store);
      } catch {
        // Blocked or full: the queue still lives in the page until it closes.
      }
    },
    async takeAll() {
      try {
        const found: Array<{ roomId: string; ops: QueuedOp[] }> = [];
        for (const [key, value] of await entries<string, { ops?: unknown }>(store)) {
          if (typeof key !== 'string') continue;
          const ops = Array.isArray(value?.ops) ? value.ops.filter(isQueuedOp) : [];
          if (ops.length > 0) found.push({ roomId: key, ops });
          await del(key, store);
        }
        return found;
      } catch {
        return [];
      }
    },
  };
}

/**
 * Wires a model to the store: first takes back what an earlier page left (recovered into the
 * model), then mirrors the queue of the room the model is in after every change; leaving a room
 * clears its entry (the model keeps its unsent changes as local notes then). Returns a stop.
 */
export function mirrorUnsentNotes(
  store: UnsentNotesStore,
  model: {
    readonly room: string | null;
    readonly unsentOps: QueuedOp[];
    recoverUnsent(groups: ReadonlyArray<{ roomId: string; ops: readonly QueuedOp[] }>): void;
    on(event: 'changed', listener: () => void): () => void;
  },
): () => void {
  let stopped = false;
  let unsubscribe: (() => void) | null = null;
  let mirroredRoom: string | null = null;
  let mirrored = '';
  const mirror = (): void => {
    const room = model.room;
    if (mirroredRoom && mirroredRoom !== room) void store.save(mirroredRoom, []);
    mirroredRoom = room;
    if (!room) return;
    const ops = model.unsentOps;
    const key = JSON.stringify(ops);
    if (key === mirrored) return;
    mirrored = key;
    void store.save(room, ops);
  };
  void store.takeAll().then((groups) => {
    if (stopped) return;
    model.recoverUnsent(groups);
    unsubscribe = model.on('changed', mirror);
    mirror();
  });
  return () => {
    stopped = true;
    unsubscribe?.();
  };
}
