// Over 400 lines: local and room notes plus their send queue (due to move onto the shared Outbox;
// the pure helpers are in noteDrafts.ts).
// The notes list without a DOM: local notes (kept in this browser), the room's notes, and the
// changes on their way to the room. Room changes are sent one at a time and confirmed by the
// room's own note list, so a refusal can be matched to the change it answers and an offline
// moment never loses a note: queued changes wait and are sent when the room is reachable again.
import type { ClientPayload, Note, User } from '../../protocol/index';
import type { KeyValueStorage } from '../../network/types';
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
/** Wait after RATE_LIMITED when the error event carries no `retryAfterMs` from the server. */
const RATE_LIMIT_RETRY_MS = 1000;
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
}

export class NotesModel extends EventEmitter<NotesModelEvents> {
  private local: LocalNote[];
  private roomNotes: readonly Note[] = [];
  private roomId: string | null;
  /** The media on screen: only its notes are listed, and new notes are written on it. */
  private media: MediaKeys | null = null;
  private queue: QueuedOp[] = [];
  private inFlight: QueuedOp | null = null;
  /** The message id of the change in flight (a refusal names it in replyTo). */
  private inFlightMessage: string | null = null;
  private readonly names = new Map<string, { name: string; color: string }>();
  private readonly unsubscribers: Array<() => void> = [];
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private answerTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly attempts = new Map<QueuedOp, number>();
  private readonly storage: KeyValueStorage | null;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly localName: () => string;
  private readonly answerTimeoutMs: number;
  private storageWarned = false;
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
    this.answerTimeoutMs = options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
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
      network.on('error', (error) =>
        this.refused(error.code, error.message, error.replyTo, error.retryAfterMs),
      ),
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
    return this.queue.length + (this.inFlight ? 1 : 0);
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
      for (const op of [this.inFlight, ...this.queue]) if (op) pending.set(opId(op), op);
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
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.setInFlight(null);
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
    for (const op of [this.inFlight, ...this.queue]) {
      if (!op) continue;
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
    this.queue = [];
    this.setInFlight(null);
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
    if (this.inFlight && this.settled(this.inFlight)) this.setInFlight(null);
    // Local notes the room now has (shared ones) leave the local list.
    const inRoom = new Set(notes.map((note) => note.id));
    const before = this.local.length;
    this.local = this.local.filter((note) => !inRoom.has(note.id) || this.queued(note.id));
    if (this.local.length !== before) this.save();
    this.pump();
    this.emit('changed', undefined);
  }

  private connectionChanged(state: string): void {
    if (state !== 'connected' && this.inFlight) {
      // Unknown whether it arrived: send it again later (adds and updates are idempotent, and
      // settled() drops it first when the room already shows it).
      this.queue.unshift(this.inFlight);
      this.setInFlight(null);
      this.emit('changed', undefined);
    }
    this.pump();
  }

  private roleChanged(): void {
    if (!this.network.canEdit && this.roomId) {
      // Viewers cannot send: nothing unsent is lost, it stays as local notes.
      const unsent = [this.inFlight, ...this.queue].filter(
        (op): op is QueuedOp & { op: 'add' | 'update' } => op !== null && op.op !== 'remove',
      );
      this.queue = [];
      this.setInFlight(null);
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

  /** An error answering the change in flight: the room refused it. */
  private refused(
    code: string,
    message: string,
    replyTo: string | undefined,
    retryAfterMs?: number,
  ): void {
    const op = this.inFlight;
    if (!op || replyTo === undefined || replyTo !== this.inFlightMessage) return;
    this.setInFlight(null);
    if (code === 'RATE_LIMITED') {
      this.queue.unshift(op);
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        this.pump();
      }, retryAfterMs ?? RATE_LIMIT_RETRY_MS);
      return;
    }
    if (op.op === 'remove') {
      if (code !== 'ITEM_NOT_FOUND') this.notify('error', `Could not delete the note: ${message}`);
    } else {
      // Nothing is lost: the text stays as a local note the user can share or export later.
      const id = op.op === 'add' ? op.note.id : this.newId();
      this.putLocal(id, op.note);
      const why = code === 'ITEM_NOT_FOUND' ? 'the note was deleted by someone else' : message;
      this.notify('error', `The room did not take the note (${why}); it is kept as a local note.`);
    }
    this.pump();
    this.emit('changed', undefined);
  }

  private enqueue(op: QueuedOp): void {
    const id = opId(op);
    const index = this.queue.findIndex((queued) => opId(queued) === id);
    const queued = index >= 0 ? this.queue[index] : undefined;
    if (!queued) this.queue.push(op);
    else if (queued.op === 'add' && op.op === 'remove') {
      // Never sent: forget it (unless an earlier version of it is in flight).
      this.queue.splice(index, 1);
      if (this.inFlight && opId(this.inFlight) === id) this.queue.push(op);
    } else if (queued.op === 'add' && op.op !== 'remove') this.queue[index] = { ...op, op: 'add' };
    else this.queue[index] = op;
    this.pump();
  }

  /** Sends the next change when the room is reachable and nothing else is waiting for an answer. */
  private pump(): void {
    if (this.disposed || this.inFlight || this.retryTimer !== null) return;
    const canSend =
      this.roomId !== null && this.network.canEdit && this.network.connectionState === 'connected';
    while (canSend && this.queue.length > 0) {
      const op = this.queue[0]!;
      if (this.settled(op)) {
        this.queue.shift();
        continue;
      }
      const payload: ClientPayload<'sync.note'> =
        op.op === 'remove' ? { op: 'remove', id: op.id } : { op: op.op, note: { ...op.note } };
      // In flight before sending: the answer may arrive while sendNote is still on the stack.
      this.queue.shift();
      this.setInFlight(op);
      const messageId = this.network.sendNote(payload);
      if (messageId === null) {
        this.setInFlight(null);
        this.queue.unshift(op);
        // Connected but not sendable yet (the room's state is still on its way): look again soon.
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = null;
          this.pump();
        }, SEND_RETRY_MS);
      } else if (this.inFlight === op) this.inFlightMessage = messageId;
      return;
    }
  }

  private setInFlight(op: QueuedOp | null): void {
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.answerTimer = null;
    if (this.inFlight) this.attempts.delete(this.inFlight);
    this.inFlight = op;
    this.inFlightMessage = null;
    if (!op) return;
    this.attempts.set(op, (this.attempts.get(op) ?? 0) + 1);
    this.answerTimer = setTimeout(() => this.unanswered(op), this.answerTimeoutMs);
  }

  /** Neither shown nor refused in time (an error the model could not match): retry, then keep. */
  private unanswered(op: QueuedOp): void {
    this.answerTimer = null;
    if (this.inFlight !== op) return;
    this.inFlight = null;
    if ((this.attempts.get(op) ?? 0) < MAX_ATTEMPTS) this.queue.unshift(op);
    else {
      this.attempts.delete(op);
      if (op.op !== 'remove') {
        this.putLocal(op.note.id, op.note);
        this.notify('error', 'The room did not answer; the note is kept as a local note.');
      }
    }
    this.pump();
    this.emit('changed', undefined);
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
    return [this.inFlight, ...this.queue].some((op) => op !== null && opId(op) === id);
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
