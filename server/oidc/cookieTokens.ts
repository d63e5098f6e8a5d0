// What sign-in keeps in its two cookies: the session (who signed in) and the login transaction (a
// sign-in started at the issuer), each a JWT (HS256, jose) signed with its own key derived from
// the room secret, so every instance accepts it and a restart keeps people signed in.
import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Account } from './OidcAuth';

export const SESSION_COOKIE = 'reelsync_session';
export const LOGIN_COOKIE = 'reelsync_login';

/** How long a started sign-in may take at the issuer (the login cookie's lifetime). */
export const LOGIN_TTL_SECONDS = 600;
const SESSION_AUDIENCE = 'reelsync-session';
const LOGIN_AUDIENCE = 'reelsync-login';
const SELF = 'reelsync';

/** The sign-in a browser started: what the callback must see again. */
export interface LoginTransaction {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

export class CookieTokens {
  private readonly sessionKey: Uint8Array;
  private readonly loginKey: Uint8Array;

  constructor(
    roomSecret: string,
    /** The issuer sessions are of: a session of another one is not valid here. */
    private readonly issuer: string,
  ) {
    // Separate keys per use, both from the room secret (same on every instance).
    const derive = (label: string) =>
      new Uint8Array(createHmac('sha256', roomSecret).update(label).digest());
    this.sessionKey = derive('reelsync oidc session v1');
    this.loginKey = derive('reelsync oidc login v1');
  }

  /** The session cookie's value for a signed-in account, valid `hours`. */
  sealSession(account: Account, hours: number): Promise<string> {
    const claims = { name: account.name, email: account.email, idp: this.issuer, sub: account.sub };
    return seal(claims, SESSION_AUDIENCE, `${hours}h`, this.sessionKey);
  }

  /** The account of a valid session cookie, else null. */
  async openSession(token: string): Promise<Account | null> {
    const payload = await open(token, SESSION_AUDIENCE, this.sessionKey);
    // A session of another issuer (the option changed) is not one of ours any more.
    if (!payload || payload['idp'] !== this.issuer || typeof payload.sub !== 'string') return null;
    return {
      sub: payload.sub,
      name: typeof payload['name'] === 'string' ? payload['name'] : payload.sub,
      email: typeof payload['email'] === 'string' ? payload['email'] : null,
      via: 'session',
    };
  }

  /** The login cookie's value, valid LOGIN_TTL_SECONDS. */
  sealLogin(transaction: LoginTransaction): Promise<string> {
    return seal({ ...transaction }, LOGIN_AUDIENCE, `${LOGIN_TTL_SECONDS}s`, this.loginKey);
  }

  /** The transaction of a valid login cookie, else null. */
  async openLogin(sealed: string): Promise<LoginTransaction | null> {
    const payload = await open(sealed, LOGIN_AUDIENCE, this.loginKey);
    const { verifier, state, nonce, returnTo } = (payload ?? {}) as Partial<LoginTransaction>;
    if (!verifier || !state || !nonce || typeof returnTo !== 'string') return null;
    return { verifier, state, nonce, returnTo };
  }
}

function seal(
  claims: JWTPayload,
  audience: string,
  expiresIn: string,
  key: Uint8Array,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(SELF)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}

/** The payload of one of our own tokens for `audience`, else null (forged, tampered, expired). */
async function open(token: string, audience: string, key: Uint8Array): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: SELF,
      audience,
      algorithms: ['HS256'],
    });
    return payload;
  } catch {
    return null;
  }
}
