// The notes list without a DOM: local notes (kept in this browser), the room's notes, and the
// changes on their way to the room. Room changes go out through the shared Outbox one at a time
// and are confirmed by the room's own note list, so a refusal can be matched to the change it
// answers and an offline moment never loses a note: queued changes wait and are sent when the
// room is reachable again. The queue is noteQueue.ts, the local list localNoteStore.ts.
import type { Note } from '../../protocol/index';
import type { KeyValueStorage } from '../../network/types';
import { realTimers, type Timers } from '../../network/timers';
import { EventEmitter } from '../../utils/EventEmitter';
import type { LocalNote, NoteDraft, NoteItem, NotesNetwork } from './noteTypes';
import { keepRoomNotes } from './localNotes';
import { LocalNoteStore } from './localNoteStore';
import {
  compareNotes,
  newNoteId,
  plural,
  validateDraft,
  wireNote,
  type QueuedOp,
} from './noteDrafts';
import { belongsTo, type MediaKeys } from './mediaKeys';
import { ANSWER_TIMEOUT_MS, type GivenUp } from './noteOutbox';
import { NoteQueue } from './noteQueue';
import { LOCAL_AUTHOR_COLOR, NoteAuthors } from './noteAuthors';

export { compareNotes, newNoteId, validateDraft, LOCAL_AUTHOR_COLOR };

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';

export type NotesModelEvents = {
  /** The list, the mode or the pending count changed. */
  changed: void;
  /** Something the user should be told (a refusal, notes carried into/out of a room). */
  notice: { kind: NoticeKind; message: string };
};

export type NoteResult = { ok: true; id: string } | { ok: false; error: string };

export interface NotesModelOptions {
  storage?: KeyValueStorage | null;
  /** The name shown for this user's notes outside a room. */
  localName?: () => string;
  now?: () => number;
  newId?: () => string;
  /** How long a sent change may go unanswered before it is sent again (default 10 s). */
  answerTimeoutMs?: number;
  timers?: Timers;
}

export class NotesModel extends EventEmitter<NotesModelEvents> {
  /** The notes kept in this browser. */
  private readonly local: LocalNoteStore;
  private roomNotes: readonly Note[] = [];
  private roomId: string | null;
  /** The media on screen: only its notes are listed, and new notes are written on it. */
  private media: MediaKeys | null = null;
  /** Changes on their way to the room, one at a time, keyed by note id. */
  private readonly queue: NoteQueue;
  private readonly authors: NoteAuthors;
  private readonly unsubscribers: Array<() => void> = [];
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly localName: () => string;

  constructor(
    private readonly network: NotesNetwork,
    options: NotesModelOptions = {},
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? newNoteId;
    this.localName = options.localName ?? (() => 'Me');
    this.authors = new NoteAuthors(network, this.localName);
    this.queue = new NoteQueue({
      send: (payload) => this.network.sendNote(payload),
      canSend: () =>
        this.roomId !== null &&
        this.network.canEdit &&
        this.network.connectionState === 'connected',
      answerTimeoutMs: options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS,
      timers: options.timers ?? realTimers,
      roomNotes: () => this.roomNotes,
      gaveUp: (op, outcome) => this.gaveUp(op, outcome),
    });
    this.local = new LocalNoteStore(options.storage ?? null, (message) =>
      this.notify('warning', message),
    );
    this.roomId = network.roomCode;
    if (this.roomId) this.roomNotes = network.notes;
    this.authors.remember(network.users);
    this.unsubscribers.push(
      network.on('notesChanged', (notes) => this.roomNotesChanged(notes)),
      network.on('roomJoined', (info) => this.joined(info.roomId)),
      network.on('roomLeft', () => this.left()),
      network.on('roomEnded', () => this.left()),
      network.on('connectionStateChanged', (state) => this.connectionChanged(state)),
      // After a resume the room may answer with changes that touch no note (no notesChanged):
      // the status turning 'synced' is when sending becomes possible again.
      network.on('syncStatusChanged', () => this.queue.pump()),
      network.on('error', ({ replyTo, code, message, retryAfterMs }) => {
        if (replyTo === undefined) return;
        if (this.queue.refused({ replyTo, code, message, retryAfterMs }))
          this.emit('changed', undefined);
      }),
      network.on('roleChanged', () => this.roleChanged()),
      network.on('roomSettingsChanged', () => this.emit('changed', undefined)),
      network.on('usersChanged', (users) => {
        this.authors.remember(users);
        this.emit('changed', undefined);
      }),
    );
  }

  /** The room this model follows (null outside one). */
  get room(): string | null {
    return this.roomId;
  }

  /** The changes not yet in the room, oldest first (mirrored into IndexedDB by the mount). */
  get unsentOps(): QueuedOp[] {
    return this.queue.ops;
  }

  /** Unsent changes of an earlier page (the tab closed offline): kept, and sent when in the room. */
  recoverUnsent(groups: ReadonlyArray<{ roomId: string; ops: readonly QueuedOp[] }>): void {
    const recovered = this.local.recover(groups, this.now());
    if (recovered === 0) return;
    if (this.roomId) this.sendPending(this.roomId);
    else
      this.notify(
        'info',
        `${plural(recovered, 'note')} written offline will be sent when you rejoin its room.`,
      );
    this.emit('changed', undefined);
  }

  /** 'room' while in a room, 'local' otherwise. */
  get mode(): 'local' | 'room' {
    return this.roomId ? 'room' : 'local';
  }

  /** Changes waiting for the room (sent or not yet confirmed). */
  get pendingCount(): number {
    return this.queue.pendingCount;
  }

  /** True when a new note goes to the room (in a room with a role that may edit). */
  get addsToRoom(): boolean {
    return this.roomId !== null && this.network.canEdit;
  }

  /** Local notes of the media on screen that could be added to the current room. */
  get shareableCount(): number {
    return this.shareable().length;
  }

  /**
   * The media on screen changed (or its fingerprint became known): its notes are listed, and
   * new notes are written on it. Notes of other media stay, listed when that media is open.
   */
  setMedia(keys: MediaKeys | null): void {
    const same =
      keys === this.media ||
      (keys !== null &&
        this.media !== null &&
        keys.write === this.media.write &&
        keys.match.join('\n') === this.media.match.join('\n'));
    if (same) return;
    this.media = keys;
    this.emit('changed', undefined);
  }

  /** Every note to show (of the media on screen), sorted by frame. */
  get items(): NoteItem[] {
    return this.allItems.filter((item) => belongsTo(item.media, this.media));
  }

  /** Every note, whatever media it was written on (the notes panel's "All shots"), by frame. */
  get allItems(): NoteItem[] {
    const items = this.roomId
      ? this.authors.roomList(this.roomNotes, this.queue.ops, this.local.notes, this.now())
      : this.local.notes.map((note) => this.authors.localItem(note));
    return items.sort(compareNotes);
  }

  find(id: string): NoteItem | undefined {
    return this.items.find((item) => item.id === id);
  }

  /** Adds a note: to the room when in one with an editing role, otherwise in this browser. */
  add(draft: NoteDraft): NoteResult {
    const error = validateDraft(draft);
    if (error) return { ok: false, error };
    const id = this.newId();
    const written = this.media ? { ...draft, media: this.media.write } : draft;
    if (this.addsToRoom) this.queue.put(wireNote(id, written));
    else this.local.put(id, written, this.now());
    this.emit('changed', undefined);
    return { ok: true, id };
  }

  update(id: string, draft: NoteDraft): NoteResult {
    const error = validateDraft(draft);
    if (error) return { ok: false, error };
    const item = this.find(id);
    if (!item) return { ok: false, error: 'This note was deleted in the meantime.' };
    if (!item.editable) return { ok: false, error: 'You may not edit this note.' };
    // An edit keeps the note on the shot it was written on.
    const edited = item.media !== undefined ? { ...draft, media: item.media } : draft;
    if (item.state === 'local') this.local.put(id, edited, this.now());
    else this.queue.put({ ...wireNote(id, edited), op: 'update' });
    this.emit('changed', undefined);
    return { ok: true, id };
  }

  remove(id: string): NoteResult {
    const item = this.find(id);
    if (!item) return { ok: true, id };
    if (!item.editable) return { ok: false, error: 'You may not delete this note.' };
    if (item.state === 'local') this.local.retain((note) => note.id !== id);
    else this.queue.put({ op: 'remove', id });
    this.emit('changed', undefined);
    return { ok: true, id };
  }

  /**
   * Sends the local notes of the media on screen to the room (they leave this browser's list once
   * the room has them; those of other media are offered when that media is open).
   */
  shareLocal(): number {
    const shared = this.shareable();
    for (const note of shared) this.queue.put(wireNote(note.id, note));
    this.emit('changed', undefined);
    return shared.length;
  }

  /** Deletes every local note (the room's notes are untouched). */
  clearLocal(): number {
    const count = this.local.clear();
    this.emit('changed', undefined);
    return count;
  }

  dispose(): void {
    this.queue.dispose();
    for (const off of this.unsubscribers.splice(0)) off();
    this.removeAllListeners();
  }

  private shareable(): LocalNote[] {
    if (!this.addsToRoom) return [];
    const inRoom = new Set(this.roomNotes.map((note) => note.id));
    return this.local.notes.filter(
      (note) => !inRoom.has(note.id) && belongsTo(note.media, this.media),
    );
  }

  // ── room ────────────────────────────────────────────────────────────────────────────────

  private joined(roomId: string): void {
    const previous = this.roomId;
    const carried = previous && previous !== roomId ? this.roomNotes : [];
    this.roomId = roomId;
    this.roomNotes = this.network.notes;
    this.authors.remember(this.network.users);
    this.sendPending(roomId);
    const inRoom = new Set(this.roomNotes.map((note) => note.id));
    // Copies kept from an earlier visit of this room: the room's version is the current one.
    this.local.retain((note) => !(note.origin === roomId && inRoom.has(note.id)));
    // The server lost the room and it was re-created under a new code: bring its notes along.
    if (carried.length > 0 && this.roomNotes.length === 0 && this.network.canEdit) {
      for (const note of carried) this.queue.put(wireNote(note.id, note));
      this.notify('info', `${plural(carried.length, 'note')} carried into the re-created room.`);
    } else if (this.shareableCount > 0) {
      // A room this user just created (host, no notes yet) takes the local notes right away;
      // in someone else's room the panel offers to share them instead.
      if (this.network.isHost && this.roomNotes.length === 0) {
        const count = this.shareLocal();
        this.notify('success', `${plural(count, 'local note')} added to the room.`);
      } else {
        this.notify(
          'info',
          `You have ${plural(this.shareableCount, 'local note')}: the Notes panel can share them with the room.`,
        );
      }
    }
    this.queue.pump();
    this.emit('changed', undefined);
  }

  /** Leaving (or losing) the room keeps its notes and every unsent change in this browser. */
  private left(): void {
    const roomId = this.roomId;
    if (!roomId) return;
    const { notes, copied, unsent } = keepRoomNotes({
      local: this.local.notes,
      roomNotes: this.roomNotes,
      unsent: this.queue.takeAll(),
      roomId,
      authorOf: (userId) => this.authors.of(userId),
      now: this.now(),
    });
    this.roomId = null;
    this.roomNotes = [];
    this.local.replace(notes);
    if (copied + unsent > 0)
      this.notify(
        'info',
        `The room's notes are kept in this browser (${plural(notes.length, 'note')}).`,
      );
    this.emit('changed', undefined);
  }

  private roomNotesChanged(notes: readonly Note[]): void {
    // Another room's first snapshot arrives before its roomJoined: joined() takes it from there
    // (and still knows the previous room's notes, for a re-created room).
    if (!this.roomId || this.network.roomCode !== this.roomId) return;
    this.roomNotes = notes;
    // Local notes the room now has (shared ones) leave the local list.
    const inRoom = new Set(notes.map((note) => note.id));
    this.local.retain((note) => !inRoom.has(note.id) || this.queue.has(note.id));
    this.queue.pump();
    this.emit('changed', undefined);
  }

  private connectionChanged(state: string): void {
    // Unknown whether what is in flight arrived: it is sent again later.
    if (state !== 'connected' && this.queue.requeueInFlight()) this.emit('changed', undefined);
    this.queue.pump();
  }

  private roleChanged(): void {
    if (!this.network.canEdit && this.roomId) {
      // Viewers cannot send: nothing unsent is lost, it stays as local notes.
      const unsent = this.queue
        .takeAll()
        .filter((op): op is QueuedOp & { op: 'add' | 'update' } => op.op !== 'remove');
      for (const op of unsent) this.local.put(this.newId(), op.note, this.now());
      if (unsent.length > 0)
        this.notify(
          'warning',
          `You are a viewer now: ${plural(unsent.length, 'unsent note')} kept in this browser only.`,
        );
    }
    this.queue.pump();
    this.emit('changed', undefined);
  }

  /** The outbox dropped a change: refused by the room, or unanswered twice. Nothing is lost. */
  private gaveUp(op: QueuedOp, outcome: GivenUp): void {
    if (outcome.keep && op.op !== 'remove')
      this.local.put(outcome.keep === 'same id' ? op.note.id : this.newId(), op.note, this.now());
    if (outcome.message) this.notify('error', outcome.message);
    this.emit('changed', undefined);
  }

  /** Sends the changes written offline in this room (recoverUnsent) now that it is open. */
  private sendPending(roomId: string): void {
    const pending = this.local.notes.filter((note) => note.pending && note.origin === roomId);
    if (pending.length === 0 || !this.network.canEdit) return;
    const inRoom = new Set(this.roomNotes.map((note) => note.id));
    for (const note of pending) {
      const op = wireNote(note.id, note);
      this.queue.put(inRoom.has(note.id) ? { ...op, op: 'update' } : op);
    }
    this.local.markSent(roomId);
    this.notify('success', `${plural(pending.length, 'note')} written offline sent to the room.`);
  }

  private notify(kind: NoticeKind, message: string): void {
    this.emit('notice', { kind, message });
  }
}
