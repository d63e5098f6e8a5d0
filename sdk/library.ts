// The room's media library for programs (docs/media-library.md, docs/sdk.md): its items, adding
// and removing them, the host's policy, media tokens for the HTTP routes, and waiting for an item
// to be processed. Uploading bytes is the tus protocol (bin/cli/push.ts does it in Node).
import {
  roomLibrary,
  type ClientMessageType,
  type ClientPayload,
  type LibraryItem,
  type LibraryItemInput,
  type RoomState,
} from '../src/protocol/index';
import { ReelSyncError } from './errors';

/** What the library needs of its client (ReelSyncClient passes its own). */
export interface LibraryHost {
  state(): RoomState | null;
  change<K extends ClientMessageType>(type: K, payload: ClientPayload<K>): Promise<RoomState>;
  /** The room and this member's session token (null outside a room). */
  credentials(): { room: string; sessionToken: string } | null;
  /** Called on every new room state; returns the unsubscribe. */
  onState(listener: () => void): () => void;
  /** The server's http(s) base URL. */
  httpBase: string;
}

export interface MediaToken {
  token: string;
  expiresAt: number;
}

export class RoomLibrary {
  constructor(private readonly host: LibraryHost) {}

  /** The server's http(s) base URL (uploads go to /api/uploads under it). */
  get httpBase(): string {
    return this.host.httpBase;
  }

  /** The room's items (empty outside a room). */
  get items(): LibraryItem[] {
    const state = this.host.state();
    return state ? [...roomLibrary(state).items] : [];
  }

  /** Whether participants (not only the host) may add. */
  get participantsMayAdd(): boolean {
    const state = this.host.state();
    return state ? roomLibrary(state).participantsMayAdd : false;
  }

  item(id: string): LibraryItem | undefined {
    return this.items.find((item) => item.id === id);
  }

  /**
   * Registers an item (before its upload) and resolves with it as the room now has it: state
   * 'uploading' means the bytes are wanted; 'processing' or 'ready', the server already had them.
   */
  async add(input: LibraryItemInput): Promise<LibraryItem> {
    await this.host.change('library.add', { item: input });
    const item = this.item(input.id);
    if (!item) throw new ReelSyncError('TIMEOUT', `${input.name} is not in the library`);
    return item;
  }

  async remove(id: string): Promise<void> {
    await this.host.change('library.remove', { id });
  }

  /** Host only: whether participants may add to the library. */
  async setParticipantsMayAdd(allowed: boolean): Promise<void> {
    await this.host.change('room.setLibraryPolicy', { participantsMayAdd: allowed });
  }

  /** A short-lived token for the room's media routes and uploads (POST /api/media/token). */
  async mediaToken(): Promise<MediaToken> {
    const credentials = this.host.credentials();
    if (!credentials) throw new ReelSyncError('NOT_IN_ROOM', 'Join or create a room first');
    let response: Response;
    try {
      response = await fetch(new URL('/api/media/token', this.host.httpBase), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials),
      });
    } catch {
      throw new ReelSyncError('UNREACHABLE', `Cannot reach ${this.host.httpBase}`);
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok || typeof body.token !== 'string')
      throw new ReelSyncError(
        typeof body.code === 'string' ? (body.code as never) : 'INTERNAL_ERROR',
        typeof body.message === 'string'
          ? body.message
          : `media token refused (${response.status})`,
      );
    return { token: body.token, expiresAt: Number(body.expiresAt) };
  }

  /** The URL of an item's original, proxy or thumbnail for a media token. */
  mediaUrl(
    id: string,
    token: string,
    part: 'original' | 'proxy' | 'thumbnail' = 'original',
  ): string {
    const url = new URL(
      `/api/media/${id}${part === 'original' ? '' : `/${part}`}`,
      this.host.httpBase,
    );
    url.searchParams.set('token', token);
    return url.toString();
  }

  /** Resolves when item `id` satisfies `done` (e.g. ready or failed); rejects after timeoutMs. */
  waitFor(
    id: string,
    done: (item: LibraryItem) => boolean,
    timeoutMs = 10 * 60_000,
  ): Promise<LibraryItem> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const item = this.item(id);
        if (!item || !done(item)) return false;
        cleanup();
        resolve(item);
        return true;
      };
      const off = this.host.onState(() => void check());
      const timer = setTimeout(() => {
        cleanup();
        reject(new ReelSyncError('TIMEOUT', `library item ${id} did not get there in time`));
      }, timeoutMs);
      const cleanup = () => {
        off();
        clearTimeout(timer);
      };
      check();
    });
  }
}

/** http(s)://host/ for a server URL given as http(s) or ws(s). */
export function httpBaseOf(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  url.pathname = '/';
  url.search = '';
  url.hash = '';
  return url.toString();
}
