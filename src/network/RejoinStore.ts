// Persists what a page reload needs to rejoin its room (room code, user id, session and host
// tokens) and the sync settings, in an injectable sessionStorage-like store, per server URL.
import { SYNC_CATEGORIES } from '../protocol/index';
import type { KeyValueStorage, SyncDirection, SyncDirections } from './types';

function isDirection(value: unknown): value is SyncDirection {
  if (!value || typeof value !== 'object') return false;
  const { send, accept } = value as Partial<Record<keyof SyncDirection, unknown>>;
  return typeof send === 'boolean' && typeof accept === 'boolean';
}

export interface StoredRoom {
  roomId: string;
  userId: string;
  sessionToken: string;
  hostToken?: string;
}

const ROOM_KEY = 'reelsync.network.room';
const SETTINGS_KEY = 'reelsync.network.settings';

export class RejoinStore {
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly url: string,
  ) {}

  loadRoom(): StoredRoom | null {
    const value = this.read(ROOM_KEY) as (StoredRoom & { url?: unknown }) | null;
    if (!value || value.url !== this.url) return null;
    if (typeof value.roomId !== 'string' || typeof value.sessionToken !== 'string') return null;
    const room: StoredRoom = {
      roomId: value.roomId,
      userId: String(value.userId),
      sessionToken: value.sessionToken,
    };
    if (typeof value.hostToken === 'string') room.hostToken = value.hostToken;
    return room;
  }

  saveRoom(room: StoredRoom): void {
    this.write(ROOM_KEY, { ...room, url: this.url });
  }

  clearRoom(): void {
    try {
      this.storage?.removeItem(ROOM_KEY);
    } catch {
      // Storage can be unavailable (privacy modes); rejoining after a reload is then impossible.
    }
  }

  /** Each category's directions; an older saved boolean (the checkbox) sets both. */
  loadDirections(): Partial<SyncDirections> {
    const value = this.read(SETTINGS_KEY);
    if (!value || typeof value !== 'object') return {};
    const directions: Partial<SyncDirections> = {};
    for (const key of SYNC_CATEGORIES) {
      const saved = (value as Record<string, unknown>)[key];
      if (typeof saved === 'boolean') directions[key] = { send: saved, accept: saved };
      else if (isDirection(saved)) directions[key] = { send: saved.send, accept: saved.accept };
    }
    return directions;
  }

  saveDirections(directions: SyncDirections): void {
    this.write(SETTINGS_KEY, directions);
  }

  private read(key: string): unknown {
    try {
      const raw = this.storage?.getItem(key);
      return raw ? (JSON.parse(raw) as unknown) : null;
    } catch {
      return null;
    }
  }

  private write(key: string, value: unknown): void {
    try {
      this.storage?.setItem(key, JSON.stringify(value));
    } catch {
      // See clearRoom: storage is best effort.
    }
  }
}
