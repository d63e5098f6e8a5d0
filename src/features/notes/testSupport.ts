// Test support for the notes unit tests (not imported by the app): a fake network that behaves
// like the room (sent changes come back in the room's list, or as refusals; drops; role changes)
// and an in-memory storage.
import {
  DEFAULT_ROOM_SETTINGS,
  type ClientPayload,
  type Note,
  type RoomSettings,
  type User,
} from '../../protocol/index';
import type { ConnectionState, KeyValueStorage, NetworkSyncEvents } from '../../network/types';
import { EventEmitter } from '../../utils/EventEmitter';
import type { MediaInfo, MediaSource } from '../../core/media/types';
import type { NotesNetwork } from './noteTypes';

export class FakeNetwork extends EventEmitter<NetworkSyncEvents> implements NotesNetwork {
  notes: Note[] = [];
  userId: string | null = null;
  role: 'host' | 'participant' | 'viewer' = 'participant';
  roomSettings: RoomSettings = { ...DEFAULT_ROOM_SETTINGS };
  roomCode: string | null = null;
  users: User[] = [];
  connectionState: ConnectionState = 'disconnected';
  sent: ClientPayload<'sync.note'>[] = [];
  /** When false, sent changes stay unanswered until answer() is called. */
  autoAnswer = true;
  private clock = 1000;

  get canEdit(): boolean {
    return this.roomCode !== null && this.role !== 'viewer';
  }
  get isHost(): boolean {
    return this.role === 'host';
  }

  sendNote(op: ClientPayload<'sync.note'>): string | null {
    if (!this.canEdit || this.connectionState !== 'connected') return null;
    this.sent.push(op);
    const messageId = `m${this.sent.length}`;
    if (this.autoAnswer) this.apply(op, this.userId ?? 'me', messageId);
    return messageId;
  }

  /** What the server does with a change (ownership rules included). */
  apply(op: ClientPayload<'sync.note'>, author: string, replyTo = `m${this.sent.length}`): void {
    const id = op.op === 'remove' ? op.id : op.note.id;
    const existing = this.notes.find((note) => note.id === id);
    const mayEditOthers = this.isHost || this.roomSettings.othersCanEdit;
    if (existing && existing.author !== author && !mayEditOthers) {
      this.emit('error', { code: 'FORBIDDEN', message: 'note belongs to another user', replyTo });
      return;
    }
    if (op.op === 'remove') {
      if (!existing) return this.emit('error', { code: 'ITEM_NOT_FOUND', message: id, replyTo });
      this.notes = this.notes.filter((note) => note.id !== id);
    } else {
      if (op.op === 'update' && !existing)
        return this.emit('error', { code: 'ITEM_NOT_FOUND', message: id, replyTo });
      this.clock += 1;
      const note: Note = {
        ...op.note,
        author: existing?.author ?? author,
        createdAt: existing?.createdAt ?? this.clock,
        updatedAt: this.clock,
      };
      this.notes = existing
        ? this.notes.map((item) => (item.id === id ? note : item))
        : [...this.notes, note];
    }
    this.emit('notesChanged', this.notes);
  }

  enter(roomId: string, role: 'host' | 'participant' | 'viewer', notes: Note[] = []): void {
    this.roomCode = roomId;
    this.userId = 'me';
    this.role = role;
    this.notes = notes;
    this.users = [
      userOf('me', 'Me Myself', '#ff0000', role),
      userOf('alice', 'Alice', '#00ff00', 'participant'),
    ];
    this.connectionState = 'connected';
    this.emit('notesChanged', this.notes);
    this.emit('roomJoined', { roomId, userId: 'me', role, pinProtected: false, capacity: 10 });
  }

  setConnection(state: ConnectionState): void {
    this.connectionState = state;
    this.emit('connectionStateChanged', state);
  }
}

export function userOf(
  userId: string,
  displayName: string,
  color: string,
  role: User['role'],
): User {
  return {
    userId,
    displayName,
    color,
    role,
    connected: true,
    joinedAt: 0,
    status: 'active',
    mediaStatus: 'ready',
  } as User;
}

export class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

/** A media source with no pictures: enough for the notes (name, range, fingerprint). */
export function fakeMedia(
  name: string,
  fingerprint: string | null = `fp-${name}`,
  info: Partial<MediaInfo> = {},
): MediaSource {
  const media: MediaSource = {
    info: {
      kind: 'video',
      name,
      frameStart: 1,
      frameEnd: 480,
      fps: 24,
      width: 1920,
      height: 1080,
      sizeBytes: 1000,
      fingerprint,
      hasAudio: false,
      ...info,
    },
    getFrame: () => null,
    loadFrame: () => Promise.reject(new Error('no pictures in tests')),
    setPlayhead: () => undefined,
    fingerprint: () => {
      media.info.fingerprint ??= `fp-${name}`;
      return Promise.resolve(media.info.fingerprint);
    },
    dispose: () => undefined,
  };
  return media;
}
