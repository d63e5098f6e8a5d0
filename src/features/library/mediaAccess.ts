// Access to the room's media on the server: the short-lived media token (POST /api/media/token,
// refreshed before it expires and after a refusal), the URLs of an item's original, proxy and
// thumbnail, and the RemoteMedia the player streams for an item.
import type { FetchLike, RemoteMedia } from '../../core/media/remoteMedia';
import type { LibraryItem } from './types';

/** A token is renewed this long before the server says it expires. */
const RENEW_BEFORE_MS = 60_000;

/** A refusal from the media token endpoint (code from the server, or NOT_IN_ROOM). */
export class MediaAccessError extends Error {
  override readonly name = 'MediaAccessError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Credentials = () => { room: string; sessionToken: string } | null;

export class MediaTokens {
  private current: { room: string; token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly credentials: Credentials,
    private readonly fetchFn: FetchLike = (url, init) => fetch(url, init),
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A valid media token for the room this page is in (fetched or renewed when needed). */
  async token(): Promise<string> {
    const credentials = this.credentials();
    if (!credentials) throw new MediaAccessError('NOT_IN_ROOM', 'Not in a room.');
    const current = this.current;
    if (
      current &&
      current.room === credentials.room &&
      current.expiresAt - RENEW_BEFORE_MS > this.now()
    )
      return current.token;
    this.pending ??= this.fetchToken(credentials).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forgets the token (the server refused it): the next `token()` asks for a new one. */
  invalidate(): void {
    this.current = null;
  }

  private async fetchToken(credentials: { room: string; sessionToken: string }): Promise<string> {
    const response = await this.fetchFn('/api/media/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    const body = (await response.json().catch(() => ({}))) as {
      token?: unknown;
      expiresAt?: unknown;
      code?: unknown;
      message?: unknown;
    };
    if (!response.ok || typeof body.token !== 'string' || typeof body.expiresAt !== 'number') {
      throw new MediaAccessError(
        typeof body.code === 'string' ? body.code : 'MEDIA_TOKEN_INVALID',
        typeof body.message === 'string'
          ? body.message
          : `The server refused access to the room’s media (${response.status}).`,
      );
    }
    this.current = { room: credentials.room, token: body.token, expiresAt: body.expiresAt };
    return body.token;
  }
}

export type MediaPart = 'original' | 'proxy' | 'thumbnail' | 'download';

/** The server path of an item's part (without the token). */
export function mediaPath(id: string, part: MediaPart): string {
  const base = `/api/media/${encodeURIComponent(id)}`;
  if (part === 'proxy') return `${base}/proxy`;
  if (part === 'thumbnail') return `${base}/thumbnail`;
  if (part === 'download') return `${base}?download=1`;
  return base;
}

/** `path` with the token as a query parameter. */
export function withToken(path: string, token: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/** A sound file with no picture: a soundtrack, attached in the audio panel (docs/audio.md). */
export function isSoundItem(item: LibraryItem): boolean {
  const media = item.media;
  return media !== undefined && media.hasAudio && media.width === 0 && media.height === 0;
}

/**
 * What the player streams for an item: the proxy when ready, else a browser-playable original;
 * null when it cannot be opened as the picture (not ready, or a soundtrack).
 */
export function streamPart(item: LibraryItem): 'proxy' | 'original' | 'url' | null {
  if (item.kind === 'url') return item.url ? 'url' : null;
  if (isSoundItem(item)) return null;
  if (item.state !== 'ready') return null;
  if (item.proxy?.state === 'ready') return 'proxy';
  return item.browserPlayable ? 'original' : null;
}

/**
 * The RemoteMedia for an item (null when it cannot be streamed yet). Server media goes through
 * a fetch that adds a fresh token and, after a token refusal, renews it once.
 */
export function remoteMediaOf(
  item: LibraryItem,
  tokens: MediaTokens,
  fetchFn: FetchLike = (url, init) => fetch(url, init),
): RemoteMedia | null {
  const part = streamPart(item);
  if (part === null) return null;
  if (part === 'url' && item.url) return { url: item.url, name: item.name, fingerprint: item.id };
  const authorised: FetchLike = async (url, init) => {
    const first = await fetchFn(withToken(url, await tokens.token()), init);
    if (first.status !== 401 && first.status !== 403) return first;
    tokens.invalidate();
    return fetchFn(withToken(url, await tokens.token()), init);
  };
  return {
    url: mediaPath(item.id, part === 'proxy' ? 'proxy' : 'original'),
    name: item.name,
    fingerprint: item.id,
    fetch: authorised,
    ...(part === 'original' ? { size: item.size } : {}),
  };
}
