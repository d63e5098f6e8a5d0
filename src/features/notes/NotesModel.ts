// Over 400 lines: local and room notes, merged into one list (the pure helpers are in
// noteDrafts.ts).
// The notes list without a DOM: local notes (kept in this browser), the room's notes, and the
// changes on their way to the room. Room changes go out through the shared Outbox one at a time
// and are confirmed by the room's own note list, so a refusal can be matched to the change it
// answers and an offline moment never loses a note: queued changes wait and are sent when the
// room is reachable again.
import type { ClientPayload, Note, User } from '../../protocol/index';
import type { KeyValueStorage } from '../../network/types';
import { Outbox, type OutboxEntry } from '../../network/Outbox';
import { realTimers, type Timers } from '../../network/timers';
import { EventEmitter } from '../../utils/EventEmitter';
import type { LocalNote, NoteDraft, NoteItem, NotesNetwork } from './noteTypes';
import { loadLocalNotes, saveLocalNotes, upsertLocalNote } from './localNotes';
import {
  compareNotes,
  draftFields,
  newNoteId,
  opId,
  plural,
  validateDraft,
  wireNote,
  type QueuedOp,
} from './noteDrafts';
import { belongsTo, type MediaKeys } from './mediaKeys';

/** Color of the author chip for notes written outside a room. */
export const LOCAL_AUTHOR_COLOR = '#9aa1ab';
const FORMER_AUTHOR_COLOR = '#6b727c';
/** A change the room neither showed nor refused by then (a lost answer) is sent again, then kept
 * locally. */
const ANSWER_TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 2;
/** Retry interval while connected but unable to send (waiting for the room's state). */
const SEND_RETRY_MS = 250;

export { compareNotes, newNoteId, validateDraft };

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

type NoteEntry = Readonly<OutboxEntry<string, QueuedOp>>;

export class NotesModel extends EventEmitter<NotesModelEvents> {
  private local: LocalNote[];
  private roomNotes: readonly Note[] = [];
  private roomId: string | null;
  /** The media on screen: only its notes are listed, and new notes are written on it. */
  private media: MediaKeys | null = null;
  /** Changes on their way to the room, one at a time, keyed by note id. */
  private readonly outbox: Outbox<string, QueuedOp>;
  private readonly names = new Map<string, { name: string; color: string }>();
  private readonly unsubscribers: Array<() => void> = [];
  private readonly storage: KeyValueStorage | null;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly localName: () => string;
  private storageWarned = false;
  /** The text of the refusal being handled (the outbox passes only its code on). */
  private refusalMessage = '';
  private disposed = false;

  constructor(
    private readonly network: NotesNetwork,
    options: NotesModelOptions = {},
  ) {
    super();
    this.storage = options.storage ?? null;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? newNoteId;
    this.localName = options.localName ?? (() => 'Me');
    this.outbox = new Outbox<string, QueuedOp>({
      send: (entry) => this.network.sendNote(toPayload(entry.value)),
      canSend: () =>
        this.roomId !== null &&
        this.network.canEdit &&
        this.network.connectionState === 'connected',
      coalesce: coalesceNoteOps,
      maxInFlight: 1,
      maxAttempts: MAX_ATTEMPTS,
      resendAfterMs: options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS,
      // A refusal is final (the note is kept locally); only lost answers are sent again.
      retryRefused: () => false,
      // Connected but not sendable yet (the room's state is still on its way): look again soon.
      blockedRetryMs: SEND_RETRY_MS,
      timers: options.timers ?? realTimers,
    });
    this.outbox.on('gaveUp', ({ entry, reason, code }) => this.gaveUp(entry, reason, code));
    this.local = loadLocalNotes(this.storage);
    this.roomId = network.roomCode;
    if (this.roomId) this.roomNotes = network.notes;
    this.rememberUsers(network.users);
    this.unsubscribers.push(
      network.on('notesChanged', (notes) => this.roomNotesChanged(notes)),
      network.on('roomJoined', (info) => this.joined(info.roomId)),
      network.on('roomLeft', () => this.left()),
      network.on('roomEnded', () => this.left()),
      network.on('connectionStateChanged', (state) => this.connectionChanged(state)),
      // After a resume the room may answer with changes that touch no note (no notesChanged):
      // the status turning 'synced' is when sending becomes possible again.
      network.on('syncStatusChanged', () => this.pump()),
      network.on('error', (error) => {
        if (error.replyTo === undefined) return;
        this.refusalMessage = error.message;
        if (this.outbox.refused(error.replyTo, error.code, error.retryAfterMs)) {
          this.pump();
          this.emit('changed', undefined);
        }
      }),
      network.on('roleChanged', () => this.roleChanged()),
      network.on('roomSettingsChanged', () => this.emit('changed', undefined)),
      network.on('usersChanged', (users) => {
        this.rememberUsers(users);
        this.emit('changed', undefined);
      }),
    );
  }

  /** 'room' while in a room, 'local' otherwise. */
  get mode(): 'local' | 'room' {
    return this.roomId ? 'room' : 'local';
  }

  /** Changes waiting for the room (sent or not yet confirmed). */
  get pendingCount(): number {
    return this.outbox.pendingCount;
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

  /** Every note to show, sorted by frame. */
  get items(): NoteItem[] {
    const items: NoteItem[] = [];
    if (this.roomId) {
      const pending = new Map<string, QueuedOp>();
      for (const { value } of this.outbox.entries()) pending.set(opId(value), value);
      const roomIds = new Set<string>();
      for (const note of this.roomNotes) {
        roomIds.add(note.id);
        const op = pending.get(note.id);
        if (op?.op === 'remove') continue;
        const item = this.roomItem(note);
        if (op) {
          delete item.endFrame;
          Object.assign(item, draftFields(op.note), { state: 'pending' });
        }
        items.push(item);
        pending.delete(note.id);
      }
      // Pending adds (and updates of notes that are not in the list any more).
      for (const op of pending.values()) {
        if (op.op === 'remove') continue;
        const time = this.now();
        items.push({
          ...draftFields(op.note),
          id: op.note.id,
          author: this.network.userId,
          ...this.authorOf(this.network.userId),
          createdAt: time,
          updatedAt: time,
          state: 'pending',
          editable: true,
          own: true,
        });
      }
      for (const note of this.local) if (!roomIds.has(note.id)) items.push(this.localItem(note));
    } else {
      for (const note of this.local) items.push(this.localItem(note));
    }
    return items.filter((item) => belongsTo(item.media, this.media)).sort(compareNotes);
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
    if (this.addsToRoom) this.enqueue(wireNote(id, written));
    else this.putLocal(id, written);
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
    if (item.state === 'local') this.putLocal(id, edited);
    else this.enqueue({ ...wireNote(id, edited), op: 'update' });
    this.emit('changed', undefined);
    return { ok: true, id };
  }

  remove(id: string): NoteResult {
    const item = this.find(id);
    if (!item) return { ok: true, id };
    if (!item.editable) return { ok: false, error: 'You may not delete this note.' };
    if (item.state === 'local') {
      this.local = this.local.filter((note) => note.id !== id);
      this.save();
    } else this.enqueue({ op: 'remove', id });
    this.emit('changed', undefined);
    return { ok: true, id };
  }

  /**
   * Sends the local notes of the media on screen to the room (they leave this browser's list once
   * the room has them; those of other media are offered when that media is open).
   */
  shareLocal(): number {
    const shared = this.shareable();
    for (const note of shared) this.enqueue(wireNote(note.id, note));
    this.emit('changed', undefined);
    return shared.length;
  }

  /** Deletes every local note (the room's notes are untouched). */
  clearLocal(): number {
    const count = this.local.length;
    this.local = [];
    this.save();
    this.emit('changed', undefined);
    return count;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.outbox.dispose();
    for (const off of this.unsubscribers.splice(0)) off();
    this.removeAllListeners();
  }

  private shareable(): LocalNote[] {
    if (!this.addsToRoom) return [];
    const inRoom = new Set(this.roomNotes.map((note) => note.id));
    return this.local.filter((note) => !inRoom.has(note.id) && belongsTo(note.media, this.media));
  }

  // ── room ────────────────────────────────────────────────────────────────────────────────

  private joined(roomId: string): void {
    const previous = this.roomId;
    const carried = previous && previous !== roomId ? this.roomNotes : [];
    this.roomId = roomId;
    this.roomNotes = this.network.notes;
    this.rememberUsers(this.network.users);
    const inRoom = new Set(this.roomNotes.map((note) => note.id));
    // Copies kept from an earlier visit of this room: the room's version is the current one.
    const before = this.local.length;
    this.local = this.local.filter((note) => !(note.origin === roomId && inRoom.has(note.id)));
    if (this.local.length !== before) this.save();
    // The server lost the room and it was re-created under a new code: bring its notes along.
    if (carried.length > 0 && this.roomNotes.length === 0 && this.network.canEdit) {
      for (const note of carried) this.enqueue(wireNote(note.id, note));
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
    this.pump();
    this.emit('changed', undefined);
  }

  /** Leaving (or losing) the room keeps its notes and every unsent change in this browser. */
  private left(): void {
    const roomId = this.roomId;
    if (!roomId) return;
    const kept = new Map(this.local.map((note) => [note.id, note]));
    let copied = 0;
    for (const note of this.roomNotes) {
      const author = this.authorOf(note.author);
      kept.set(note.id, {
        id: note.id,
        frame: note.frame,
        ...(note.endFrame !== undefined ? { endFrame: note.endFrame } : {}),
        text: note.text,
        createdAt: note.createdAt,
        updatedAt: note.updatedAt,
        author: note.author,
        authorName: author.authorName,
        authorColor: author.authorColor,
        origin: roomId,
        ...(note.media !== undefined ? { media: note.media } : {}),
      });
      copied += 1;
    }
    let unsent = 0;
    for (const { value: op } of this.outbox.entries()) {
      if (op.op === 'remove') kept.delete(op.id);
      else {
        const existing = kept.get(op.note.id);
        const time = this.now();
        kept.set(op.note.id, {
          ...(existing ?? { createdAt: time }),
          ...draftFields(op.note),
          id: op.note.id,
          updatedAt: time,
        });
        unsent += 1;
      }
    }
    this.local = [...kept.values()];
    this.outbox.clear();
    this.roomId = null;
    this.roomNotes = [];
    this.save();
    if (copied + unsent > 0)
      this.notify(
        'info',
        `The room's notes are kept in this browser (${plural(this.local.length, 'note')}).`,
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
    const before = this.local.length;
    this.local = this.local.filter((note) => !inRoom.has(note.id) || this.queued(note.id));
    if (this.local.length !== before) this.save();
    this.pump();
    this.emit('changed', undefined);
  }

  private connectionChanged(state: string): void {
    if (state !== 'connected' && this.outbox.inFlightCount > 0) {
      // Unknown whether it arrived: send it again later (adds and updates are idempotent, and
      // pump() settles it first when the room already shows it).
      this.outbox.requeueInFlight();
      this.emit('changed', undefined);
    }
    this.pump();
  }

  private roleChanged(): void {
    if (!this.network.canEdit && this.roomId) {
      // Viewers cannot send: nothing unsent is lost, it stays as local notes.
      const unsent = this.outbox
        .entries()
        .map((entry) => entry.value)
        .filter((op): op is QueuedOp & { op: 'add' | 'update' } => op.op !== 'remove');
      this.outbox.clear();
      for (const op of unsent) this.putLocal(this.newId(), op.note);
      if (unsent.length > 0)
        this.notify(
          'warning',
          `You are a viewer now: ${plural(unsent.length, 'unsent note')} kept in this browser only.`,
        );
    }
    this.pump();
    this.emit('changed', undefined);
  }

  /** The outbox dropped a change: refused by the room, or unanswered twice. Nothing is lost. */
  private gaveUp(entry: NoteEntry, reason: 'refused' | 'unanswered', code?: string): void {
    const op = entry.value;
    if (reason === 'unanswered') {
      if (op.op !== 'remove') {
        this.putLocal(op.note.id, op.note);
        this.notify('error', 'The room did not answer; the note is kept as a local note.');
      }
    } else if (op.op === 'remove') {
      if (code !== 'ITEM_NOT_FOUND')
        this.notify('error', `Could not delete the note: ${this.refusalMessage}`);
    } else {
      // The text stays as a local note the user can share or export later.
      const id = op.op === 'add' ? op.note.id : this.newId();
      this.putLocal(id, op.note);
      const why =
        code === 'ITEM_NOT_FOUND' ? 'the note was deleted by someone else' : this.refusalMessage;
      this.notify('error', `The room did not take the note (${why}); it is kept as a local note.`);
    }
    this.emit('changed', undefined);
  }

  private enqueue(op: QueuedOp): void {
    this.outbox.put(opId(op), op);
    this.pump();
  }

  /**
   * Settles what the room's list already shows, then sends the next change. Queued changes are
   * checked only once nothing is in flight: a remove queued behind its note's add in flight is not
   * "shown" yet.
   */
  private pump(): void {
    if (this.disposed) return;
    // entries() lists what is in flight first (a send being answered while on the stack too).
    const inFlight = new Set(this.outbox.entries().slice(0, this.outbox.inFlightCount));
    this.outbox.settleWhere((entry) => inFlight.has(entry) && this.settled(entry.value));
    if (this.outbox.inFlightCount === 0)
      this.outbox.settleWhere((entry) => this.settled(entry.value));
    this.outbox.flush();
  }

  /** True when the room's list already shows the change. */
  private settled(op: QueuedOp): boolean {
    if (op.op === 'remove') return !this.roomNotes.some((note) => note.id === op.id);
    const note = this.roomNotes.find((candidate) => candidate.id === op.note.id);
    return (
      note !== undefined &&
      note.text === op.note.text &&
      note.frame === op.note.frame &&
      note.endFrame === op.note.endFrame
    );
  }

  private queued(id: string): boolean {
    return this.outbox.has(id);
  }

  // ── items ───────────────────────────────────────────────────────────────────────────────

  private roomItem(note: Note): NoteItem {
    const own = note.author === this.network.userId;
    const settings = this.network.roomSettings;
    return {
      ...draftFields(note),
      id: note.id,
      author: note.author,
      ...this.authorOf(note.author),
      createdAt: note.createdAt,
      updatedAt: note.updatedAt,
      state: 'synced',
      own,
      editable:
        this.network.canEdit && (own || this.network.isHost || settings.othersCanEdit === true),
    };
  }

  private localItem(note: LocalNote): NoteItem {
    const own = note.author === undefined;
    return {
      ...draftFields(note),
      id: note.id,
      author: note.author ?? null,
      authorName: note.authorName ?? this.localName(),
      authorColor: note.authorColor ?? LOCAL_AUTHOR_COLOR,
      createdAt: note.createdAt,
      updatedAt: note.updatedAt,
      state: 'local',
      own,
      editable: true,
    };
  }

  private authorOf(userId: string | null): { authorName: string; authorColor: string } {
    if (userId === null) return { authorName: this.localName(), authorColor: LOCAL_AUTHOR_COLOR };
    const user = this.network.users.find((candidate) => candidate.userId === userId);
    const known = user ? { name: user.displayName, color: user.color } : this.names.get(userId);
    if (!known) return { authorName: 'Former participant', authorColor: FORMER_AUTHOR_COLOR };
    return { authorName: known.name || 'Guest', authorColor: known.color };
  }

  private rememberUsers(users: readonly User[]): void {
    for (const user of users)
      this.names.set(user.userId, { name: user.displayName, color: user.color });
  }

  // ── local storage ───────────────────────────────────────────────────────────────────────

  private putLocal(id: string, draft: NoteDraft): void {
    this.local = upsertLocalNote(this.local, id, draft, this.now());
    this.save();
  }

  private save(): void {
    // Full or blocked storage: the notes stay in memory for this page; say so once.
    if (saveLocalNotes(this.storage, this.local) || this.storageWarned) return;
    this.storageWarned = true;
    this.notify(
      'warning',
      'Local notes could not be saved in this browser; export them before closing the page.',
    );
  }

  private notify(kind: NoticeKind, message: string): void {
    this.emit('notice', { kind, message });
  }
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
