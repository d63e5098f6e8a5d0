// The base of share links: the server's --public-url when it has one (asked once at
// GET /api/config, see server/clientConfig.ts), else the address this page was opened at (so a
// page opened at a LAN address shares that address). A page opened at localhost on the server
// machine shares the server's first LAN address instead: a localhost link is no use to anyone else.

/** Where the server that served the page tells its public URL. */
export const CLIENT_CONFIG_PATH = '/api/config';

type FetchLike = (url: string, init?: { cache?: RequestCache }) => Promise<Response>;

/** An absolute http(s) URL ending in `/`, or null when `raw` is not one. */
export function shareBaseFrom(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

export class ShareBase {
  private publicUrl: string | null = null;
  private lanUrl: string | null = null;
  private readonly pageBase: string;
  /** Settles once the server was asked (whatever the answer). */
  readonly ready: Promise<void>;

  /**
   * @param pageOrigin the page's own origin (`location.origin`), the base without --public-url
   * @param fetchConfig fetches the server's client config; null skips asking (tests, no server)
   */
  constructor(pageOrigin: string, fetchConfig: FetchLike | null) {
    this.pageBase = shareBaseFrom(pageOrigin) ?? pageOrigin;
    this.ready = fetchConfig ? this.load(fetchConfig) : Promise.resolve();
  }

  /**
   * The base share links are built on: the public URL if the server gave one, else the page's
   * address (its LAN address when the page is at localhost).
   */
  get url(): string {
    return this.publicUrl ?? this.lanUrl ?? this.pageBase;
  }

  /** Whether the server gave a --public-url. */
  get isPublic(): boolean {
    return this.publicUrl !== null;
  }

  private async load(fetchConfig: FetchLike): Promise<void> {
    try {
      const response = await fetchConfig(CLIENT_CONFIG_PATH, { cache: 'no-store' });
      // A dev server or an older server answers with the player's HTML, or 404.
      if (!response.ok || !/json/.test(response.headers.get('content-type') ?? '')) return;
      const body = (await response.json()) as { publicUrl?: unknown; lanUrls?: unknown };
      this.publicUrl = shareBaseFrom(body.publicUrl);
      if (isLoopback(this.pageBase) && Array.isArray(body.lanUrls))
        this.lanUrl = shareBaseFrom(body.lanUrls[0]);
    } catch {
      // No config: the page's own address stays the base.
    }
  }
}

function isLoopback(base: string): boolean {
  try {
    return /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(new URL(base).hostname);
  } catch {
    return false;
  }
}
