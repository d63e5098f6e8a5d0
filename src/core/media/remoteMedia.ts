// Media streamed over HTTP instead of read from a local file: what identifies it, the fetch every
// request goes through (server refusals become MediaErrors, network failures are retried a few
// times), and a range-request byte reader for the parts mediabunny does not read (timecode).
import { MediaError } from './MediaError';
import type { ByteReader } from './mp4Info';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** A piece of media the player streams with HTTP range requests. */
export interface RemoteMedia {
  /** Where the bytes are (absolute, or relative to the page). */
  url: string;
  /** The name shown and announced to the room (the library item's, not the URL's). */
  name: string;
  /**
   * The media identity: for a room library item its id (the SHA-256 of the original's bytes, so
   * a local copy of the same file matches); it is never recomputed over the network.
   */
  fingerprint: string;
  /** Every request goes through this (the library adds a fresh access token); default fetch. */
  fetch?: FetchLike;
  /** The size of the bytes, when known (otherwise a HEAD request asks). */
  size?: number;
}

/** Network failures retried before the open (or a frame) fails: about 15 s of backoff in all. */
const MAX_NETWORK_ATTEMPTS = 6;

/** Retry delay (s) for mediabunny's UrlSource: refusals are final, network failures back off. */
export function remoteRetryDelay(previousAttempts: number, error: unknown): number | null {
  if (error instanceof MediaError && error.code !== 'NETWORK') return null;
  if (previousAttempts >= MAX_NETWORK_ATTEMPTS) return null;
  return Math.min(0.5 * 2 ** (previousAttempts - 1), 8);
}

/** Reads the `{ code, message }` body the media server sends with a refusal (best effort). */
async function refusalText(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as { code?: unknown; message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return `the server answered ${response.status} ${response.statusText}`.trim();
}

/**
 * The fetch used for a remote media: a refusal (4xx/5xx) rejects with a REFUSED MediaError that
 * names the media but never the URL (it carries the access token); a failed request rejects
 * with NETWORK (retried by remoteRetryDelay).
 */
export function guardedFetch(
  remote: RemoteMedia,
): (input: unknown, init?: RequestInit) => Promise<Response> {
  const base: FetchLike = remote.fetch ?? ((url, init) => fetch(url, init));
  return async (input, init) => {
    const url =
      typeof input === 'string'
        ? input
        : input instanceof URL
          ? input.href
          : (input as Request).url;
    let response: Response;
    try {
      response = await base(url, init);
    } catch (error) {
      if (error instanceof MediaError) throw error;
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      const origin = crossOrigin(url);
      if (origin !== null)
        // Not worth retrying: the browser blocked it (CORS, or the page's content security policy).
        throw new MediaError(
          'REFUSED',
          `${remote.name} could not be fetched from ${origin}: that server must allow this page (CORS: Access-Control-Allow-Origin, and expose Content-Range), and the player's server must allow the origin, or the network is down.`,
          { cause: error },
        );
      throw new MediaError('NETWORK', `${remote.name} could not be fetched (network error).`, {
        cause: error,
      });
    }
    if (!response.ok) {
      const why = await refusalText(response);
      throw new MediaError('REFUSED', `${remote.name} could not be streamed: ${why}.`);
    }
    return response;
  };
}

/** The origin of `url` when it is not the page's own (null: same origin, or no page). */
function crossOrigin(url: string): string | null {
  const page = (globalThis as { location?: { origin?: string; href?: string } }).location;
  if (!page?.origin || !page.href) return null;
  try {
    const origin = new URL(url, page.href).origin;
    return origin === page.origin ? null : origin;
  } catch {
    return null;
  }
}

/** The size of the remote bytes: the known one, else Content-Length of a HEAD (null if unsaid). */
export async function remoteSize(remote: RemoteMedia): Promise<number | null> {
  if (remote.size !== undefined) return remote.size;
  const response = await guardedFetch(remote)(remote.url, { method: 'HEAD' });
  const length = Number(response.headers.get('Content-Length'));
  return Number.isFinite(length) && length > 0 ? length : null;
}

/** Reads byte ranges of a remote media with Range requests (for readMp4Info). */
export function remoteReader(remote: RemoteMedia): ByteReader {
  const request = guardedFetch(remote);
  return async (offset, length) => {
    const end = offset + length - 1;
    const response = await request(remote.url, { headers: { Range: `bytes=${offset}-${end}` } });
    if (response.status !== 206) {
      // A server that ignores Range would send everything: not worth it for a timecode.
      await response.body?.cancel();
      throw new MediaError('NETWORK', `${remote.name}: the server does not answer range requests.`);
    }
    return new Uint8Array(await response.arrayBuffer());
  };
}

/** The identity of media known only by its URL: `url-` + SHA-256 hex of the URL (UTF-8). */
export async function urlFingerprint(url: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url));
  const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0'));
  return `url-${hex.join('')}`;
}

/** A name for media known by URL: the last path segment, decoded (else the host). */
export function nameOfUrl(url: string): string {
  try {
    const parsed = new URL(url, 'http://localhost');
    const last = parsed.pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : parsed.host;
  } catch {
    return url;
  }
}
