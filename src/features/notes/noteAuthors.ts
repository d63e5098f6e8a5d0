// Who wrote a note and what the list shows for it: names and colors of the room's users (kept
// for people who have left), and the list item of a room note or a local note.
import type { Note, User } from '../../protocol/index';
import { draftFields, opId, type QueuedOp } from './noteDrafts';
import type { LocalNote, NoteItem, NotesNetwork } from './noteTypes';

/** Color of the author chip for notes written outside a room. */
export const LOCAL_AUTHOR_COLOR = '#9aa1ab';
const FORMER_AUTHOR_COLOR = '#6b727c';

export interface Author {
  authorName: string;
  authorColor: string;
}

export class NoteAuthors {
  private readonly names = new Map<string, { name: string; color: string }>();

  constructor(
    private readonly network: NotesNetwork,
    private readonly localName: () => string,
  ) {}

  /** Keeps the names of these users, so notes of people who left still show who wrote them. */
  remember(users: readonly User[]): void {
    for (const user of users)
      this.names.set(user.userId, { name: user.displayName, color: user.color });
  }

  of(userId: string | null): Author {
    if (userId === null) return { authorName: this.localName(), authorColor: LOCAL_AUTHOR_COLOR };
    const user = this.network.users.find((candidate) => candidate.userId === userId);
    const known = user ? { name: user.displayName, color: user.color } : this.names.get(userId);
    if (!known) return { authorName: 'Former participant', authorColor: FORMER_AUTHOR_COLOR };
    return { authorName: known.name || 'Guest', authorColor: known.color };
  }

  roomItem(note: Note): NoteItem {
    const own = note.author === this.network.userId;
    const settings = this.network.roomSettings;
    return {
      ...draftFields(note),
      id: note.id,
      author: note.author,
      ...this.of(note.author),
      createdAt: note.createdAt,
      updatedAt: note.updatedAt,
      state: 'synced',
      own,
      editable:
        this.network.canEdit && (own || this.network.isHost || settings.othersCanEdit === true),
    };
  }

  localItem(note: LocalNote): NoteItem {
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

  /**
   * The list in a room: the room's notes with their unsent changes shown as pending (a pending
   * remove hides its note), unsent adds, then the local notes the room does not have.
   */
  roomList(
    roomNotes: readonly Note[],
    unsent: readonly QueuedOp[],
    local: readonly LocalNote[],
    now: number,
  ): NoteItem[] {
    const items: NoteItem[] = [];
    const pending = new Map<string, QueuedOp>();
    for (const op of unsent) pending.set(opId(op), op);
    const roomIds = new Set<string>();
    for (const note of roomNotes) {
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
      items.push({
        ...draftFields(op.note),
        id: op.note.id,
        author: this.network.userId,
        ...this.of(this.network.userId),
        createdAt: now,
        updatedAt: now,
        state: 'pending',
        editable: true,
        own: true,
      });
    }
    for (const note of local) if (!roomIds.has(note.id)) items.push(this.localItem(note));
    return items;
  }
}
