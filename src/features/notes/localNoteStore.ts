// The local list the model keeps: the notes of localNotes.ts held in memory and saved after each
// change, the recovery of an earlier page's unsent changes, and one warning if storage refuses.
import type { KeyValueStorage } from '../../network/types';
import type { LocalNote, NoteDraft } from './noteTypes';
import type { QueuedOp } from './noteDrafts';
import { loadLocalNotes, saveLocalNotes, upsertLocalNote, withRecoveredUnsent } from './localNotes';

export class LocalNoteStore {
  private list: LocalNote[];
  private warned = false;

  constructor(
    private readonly storage: KeyValueStorage | null,
    /** Told once when the browser will not store the notes. */
    private readonly warn: (message: string) => void,
  ) {
    this.list = loadLocalNotes(storage);
  }

  get notes(): readonly LocalNote[] {
    return this.list;
  }

  /** Adds note `id`, or replaces it keeping its creation time and media. */
  put(id: string, draft: NoteDraft, now: number): void {
    this.list = upsertLocalNote(this.list, id, draft, now);
    this.save();
  }

  /** Keeps only the notes `keep` accepts (saved when some left). */
  retain(keep: (note: LocalNote) => boolean): void {
    const before = this.list.length;
    this.list = this.list.filter(keep);
    if (this.list.length !== before) this.save();
  }

  /** The whole list replaced (leaving a room: its notes kept with the unsent changes). */
  replace(notes: LocalNote[]): void {
    this.list = notes;
    this.save();
  }

  /** Deletes every local note; returns how many there were. */
  clear(): number {
    const count = this.list.length;
    this.list = [];
    this.save();
    return count;
  }

  /**
   * Unsent changes of an earlier page (the tab closed offline) become notes pending for their
   * room; returns how many.
   */
  recover(
    groups: ReadonlyArray<{ roomId: string; ops: readonly QueuedOp[] }>,
    now: number,
  ): number {
    let recovered = 0;
    for (const { roomId, ops } of groups) {
      const result = withRecoveredUnsent(this.list, roomId, ops, now);
      this.list = result.notes;
      recovered += result.recovered;
    }
    if (recovered > 0) this.save();
    return recovered;
  }

  /** The notes written offline in room `roomId`, sent now: no longer pending. */
  markSent(roomId: string): void {
    this.list = this.list.map((note) =>
      note.pending && note.origin === roomId ? { ...note, pending: false } : note,
    );
    this.save();
  }

  private save(): void {
    // Full or blocked storage: the notes stay in memory for this page; say so once.
    if (saveLocalNotes(this.storage, this.list) || this.warned) return;
    this.warned = true;
    this.warn(
      'Local notes could not be saved in this browser; export them before closing the page.',
    );
  }
}
