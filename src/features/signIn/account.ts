// Who the page is signed in as, from the server's GET /api/me (server/oidc/authRoutes.ts): sign-in
// off, signed out (with where to sign in), or signed in (name, email). DOM-free.
import { EventEmitter } from '../../utils/EventEmitter';

export const ME_PATH = '/api/me';

export type AccountState =
  /** Not known (yet): the server could not be asked, or is an older one without /api/me. */
  | { kind: 'unknown' }
  /** The server does not use sign-in: everybody may create and join rooms. */
  | { kind: 'off' }
  | { kind: 'signedOut'; provider: string; loginUrl: string; message: string }
  | {
      kind: 'signedIn';
      provider: string;
      name: string;
      email: string | null;
      logoutUrl: string;
    };

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/** GET /api/me's answer as a state (anything unexpected is `unknown`). */
export function parseMe(status: number, body: unknown): AccountState {
  if (typeof body !== 'object' || body === null) return { kind: 'unknown' };
  const me = body as Record<string, unknown>;
  if (me['auth'] === 'none') return { kind: 'off' };
  if (me['auth'] !== 'oidc') return { kind: 'unknown' };
  const provider = text(me['provider']) ?? 'your studio';
  if (status === 200 && me['signedIn'] === true) {
    const user = (me['user'] ?? {}) as Record<string, unknown>;
    return {
      kind: 'signedIn',
      provider,
      name: text(user['name']) ?? text(user['email']) ?? 'Signed in',
      email: text(user['email']),
      logoutUrl: text(me['logoutUrl']) ?? '/auth/logout',
    };
  }
  return {
    kind: 'signedOut',
    provider,
    loginUrl: text(me['loginUrl']) ?? '/auth/login',
    message: text(me['message']) ?? 'Sign in first',
  };
}

export async function fetchAccount(
  fetchFn: (url: string, init?: RequestInit) => Promise<Response>,
): Promise<AccountState> {
  try {
    const response = await fetchFn(ME_PATH, { credentials: 'same-origin', cache: 'no-store' });
    return parseMe(response.status, await response.json());
  } catch {
    return { kind: 'unknown' };
  }
}

/** The sign-in URL that comes back to this page (room link included) once signed in. */
export function loginHref(
  loginUrl: string,
  location: Pick<Location, 'pathname' | 'search' | 'hash'>,
): string {
  const back = `${location.pathname}${location.search}${location.hash}`;
  return back === '/' ? loginUrl : `${loginUrl}?return=${encodeURIComponent(back)}`;
}

/**
 * A room link (`?room=`) opened signed out on a server with sign-in: go to the sign-in at once
 * (its question could only be refused), but once per link and tab, so a browser that does not
 * keep the cookie is not sent round in circles; the header's button stays for another try.
 */
export function signInForLink(
  state: AccountState,
  location: Pick<Location, 'pathname' | 'search' | 'hash'>,
  triedFor: string | null,
): string | null {
  if (state.kind !== 'signedOut') return null;
  if (!new URLSearchParams(location.search).has('room')) return null;
  if (triedFor === `${location.pathname}${location.search}`) return null;
  return loginHref(state.loginUrl, location);
}

/**
 * The signed-in person's name, for features that want it (the room panel uses it as the default
 * display name). Set by the sign-in feature; null when nobody is signed in or sign-in is off.
 */
export class SignedInUser extends EventEmitter<{ changed: string | null }> {
  private current: string | null = null;

  get name(): string | null {
    return this.current;
  }

  set(name: string | null): void {
    if (name === this.current) return;
    this.current = name;
    this.emit('changed', name);
  }
}
