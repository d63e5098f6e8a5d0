// Persists what a page reload needs to rejoin its room (room code, user id, session and host
// tokens) and the sync settings, in an injectable sessionStorage-like store, per server URL.
import type { KeyValueStorage, SyncSettings } from './types';

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

  loadSettings(): Partial<SyncSettings> {
    const value = this.read(SETTINGS_KEY);
    if (!value || typeof value !== 'object') return {};
    const settings: Partial<SyncSettings> = {};
    for (const key of ['playback', 'view', 'color', 'annotations', 'audio'] as const) {
      const flag = (value as Record<string, unknown>)[key];
      if (typeof flag === 'boolean') settings[key] = flag;
    }
    return settings;
  }

  saveSettings(settings: SyncSettings): void {
    this.write(SETTINGS_KEY, settings);
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
