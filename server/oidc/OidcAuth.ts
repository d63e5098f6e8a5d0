// Over 400 lines: the sign-in flow, its cookies and the access-token check share one issuer configuration; a split is due.
// OpenID Connect sign-in (--oidc-issuer): only the studio's accounts create or join rooms.
//
// Browsers sign in with the authorization-code flow and PKCE (openid-client): /auth/login sends
// them to the issuer with a one-time verifier, state and nonce kept in a short signed cookie;
// /auth/callback exchanges the code, checks the ID token, reads userinfo, applies the allowed
// domains / groups, and sets the session cookie: a JWT (HS256, jose) signed with a key derived
// from the room secret, so every instance accepts it and a restart keeps people signed in.
// Programs (SDK, CLI) send "Authorization: Bearer <access token>" instead: an RFC 9068 JWT access
// token of the issuer for --oidc-audience, checked against the issuer's published keys.
// `authenticate()` is what the /sync and /stream upgrades ask (server/sync/SyncServer.ts).
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
} from 'jose';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import { accountAllowed, displayNameOf, type AccountClaims } from './accessPolicy';

/** Who is on the other end: a signed-in person (session cookie) or a program (access token). */
export interface Account {
  sub: string;
  name: string;
  email: string | null;
  via: 'session' | 'token';
}

export type Authentication = { ok: true; account: Account } | { ok: false; reason: string };

export const SESSION_COOKIE = 'reelsync_session';
export const LOGIN_COOKIE = 'reelsync_login';
export const AUTH_PATHS = {
  login: '/auth/login',
  callback: '/auth/callback',
  logout: '/auth/logout',
  me: '/api/me',
} as const;

/** How long a started sign-in may take at the issuer (the login cookie's lifetime). */
const LOGIN_TTL_SECONDS = 600;
const SESSION_AUDIENCE = 'reelsync-session';
const LOGIN_AUDIENCE = 'reelsync-login';
const SELF = 'reelsync';
/** `prompt` values passed on to the issuer (login: ask again, e.g. for another account). */
const PROMPTS = ['login', 'select_account', 'consent'] as const;
/** A Host header we may build a redirect URI from (host name or [IPv6], optional port). */
const SAFE_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The sign-in a browser started: what the callback must see again. */
interface LoginTransaction {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

export class OidcAuth {
  readonly issuer: string;
  /** "Sign in with <name>". */
  readonly providerName: string;
  private readonly sessionKey: Uint8Array;
  private readonly loginKey: Uint8Array;
  private discovered: Promise<oidc.Configuration> | null = null;
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(
    private readonly config: ServerConfig & { oidcIssuer: string; oidcClientId: string },
    roomSecret: string,
    private readonly logger: Logger,
    /** Served over TLS (the Secure cookie flag, https redirect URIs). */
    private readonly tls: boolean,
  ) {
    this.issuer = config.oidcIssuer;
    this.providerName = config.oidcName ?? new URL(config.oidcIssuer).host;
    // Separate keys per use, both from the room secret (same on every instance).
    const derive = (label: string) =>
      new Uint8Array(createHmac('sha256', roomSecret).update(label).digest());
    this.sessionKey = derive('reelsync oidc session v1');
    this.loginKey = derive('reelsync oidc login v1');
  }

  /** The sign-in part of the config, when --oidc-issuer is set. */
  static create(
    config: ServerConfig,
    roomSecret: string,
    logger: Logger,
    tls: boolean,
  ): OidcAuth | null {
    const { oidcIssuer, oidcClientId } = config;
    if (!oidcIssuer || !oidcClientId) return null;
    const auth = new OidcAuth({ ...config, oidcIssuer, oidcClientId }, roomSecret, logger, tls);
    // Found early, so a wrong issuer shows in the log at start (and is retried when used).
    auth.discover().catch((error: unknown) => {
      logger.warn({ err: error, issuer: oidcIssuer }, 'OpenID Connect discovery failed');
    });
    return auth;
  }

  /** The issuer's metadata (discovery), fetched once; a failure is retried on the next use. */
  discover(): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const { oidcClientId, oidcClientSecret } = this.config;
      const issuer = new URL(this.issuer);
      this.discovered = oidc
        .discovery(
          issuer,
          oidcClientId,
          oidcClientSecret,
          oidcClientSecret ? undefined : oidc.None(),
          // checkOidcConfig allows http only for a loopback issuer (tests, development).
          issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          this.discovered = null;
          throw error;
        });
    }
    return this.discovered;
  }

  // ── who is asking ─────────────────────────────────────────────────────────────────────────

  /** A valid session cookie or access token on this request, else why not (said to the client). */
  async authenticate(req: IncomingMessage): Promise<Authentication> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) return this.checkAccessToken(bearer);
    const session = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (!session)
      return {
        ok: false,
        reason: `sign in at ${this.base(req)}${AUTH_PATHS.login} (the player's "Sign in with ${this.providerName}" button); programs send "Authorization: Bearer <access token>"`,
      };
    const account = await this.readSession(session);
    if (account) return { ok: true, account };
    return {
      ok: false,
      reason: `your sign-in expired or is not valid here; sign in again at ${this.base(req)}${AUTH_PATHS.login}`,
    };
  }

  private async readSession(token: string): Promise<Account | null> {
    try {
      const { payload } = await jwtVerify(token, this.sessionKey, {
        issuer: SELF,
        audience: SESSION_AUDIENCE,
        algorithms: ['HS256'],
      });
      // A session of another issuer (the option changed) is not one of ours any more.
      if (payload['idp'] !== this.issuer || typeof payload.sub !== 'string') return null;
      return {
        sub: payload.sub,
        name: typeof payload['name'] === 'string' ? payload['name'] : payload.sub,
        email: typeof payload['email'] === 'string' ? payload['email'] : null,
        via: 'session',
      };
    } catch {
      return null;
    }
  }

  /** An RFC 9068 JWT access token: the issuer's signature, `at+jwt`, our audience, not expired. */
  private async checkAccessToken(token: string): Promise<Authentication> {
    const audience = this.config.oidcAudience;
    if (!audience)
      return {
        ok: false,
        reason:
          'this server accepts no access tokens (the operator has not set --oidc-audience); sign in with a browser',
      };
    let metadata: oidc.ServerMetadata;
    try {
      metadata = (await this.discover()).serverMetadata();
    } catch {
      return { ok: false, reason: `the sign-in provider ${this.issuer} cannot be reached` };
    }
    if (!metadata.jwks_uri) return { ok: false, reason: 'the issuer publishes no keys (jwks_uri)' };
    this.jwks ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: metadata.issuer,
        audience,
        typ: 'at+jwt',
      });
      if (typeof payload.sub !== 'string')
        return { ok: false, reason: 'the access token has no subject' };
      return { ok: true, account: tokenAccount(payload) };
    } catch (error) {
      return {
        ok: false,
        reason: `the access token was refused: ${tokenProblem(error, audience)}`,
      };
    }
  }

  // ── the browser's sign-in ─────────────────────────────────────────────────────────────────

  /**
   * GET /auth/login[?return=/path][&prompt=login]: off to the issuer, with PKCE, state and
   * nonce; back at `returnTo` (a path here) once signed in.
   */
  async loginRedirect(
    req: IncomingMessage,
    options: { returnTo: string; prompt?: string | null },
  ): Promise<{
    location: string;
    cookie: string;
  }> {
    const config = await this.discover();
    const transaction: LoginTransaction = {
      verifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      returnTo: safeReturnPath(options.returnTo),
    };
    const prompt = PROMPTS.find((value) => value === options.prompt);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(req),
      scope: this.config.oidcScopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(transaction.verifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
      ...(prompt ? { prompt } : {}),
    });
    const sealed = await new SignJWT({ ...transaction })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(SELF)
      .setAudience(LOGIN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${LOGIN_TTL_SECONDS}s`)
      .sign(this.loginKey);
    return {
      location: url.href,
      cookie: this.cookie(req, LOGIN_COOKIE, sealed, {
        maxAge: LOGIN_TTL_SECONDS,
        path: '/auth',
      }),
    };
  }

  /**
   * GET /auth/callback?code=…&state=…: the code for tokens (PKCE verifier, state and nonce
   * checked by openid-client), then the account's claims against the allowed domains and groups.
   */
  async callback(req: IncomingMessage): Promise<CallbackResult> {
    const sealed = parseCookie(req.headers.cookie ?? '')[LOGIN_COOKIE];
    const clearLogin = this.cookie(req, LOGIN_COOKIE, '', { maxAge: 0, path: '/auth' });
    const transaction = sealed ? await this.readLogin(sealed) : null;
    if (!transaction)
      return {
        ok: false,
        status: 400,
        code: 'LOGIN_EXPIRED',
        message:
          'This sign-in was not started here, took longer than 10 minutes, or the browser blocks cookies. Start again.',
        cookies: [clearLogin],
      };
    const url = new URL(req.url ?? '/', this.base(req));
    const providerError = url.searchParams.get('error');
    if (providerError)
      return {
        ok: false,
        status: 403,
        code: 'SIGN_IN_REFUSED',
        message: `${this.providerName} did not sign you in (${providerError}${
          url.searchParams.get('error_description')
            ? `: ${url.searchParams.get('error_description')}`
            : ''
        }).`,
        cookies: [clearLogin],
      };
    const config = await this.discover();
    let claims: AccountClaims;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      claims = { ...idClaims } as AccountClaims;
      // Groups and email often come only from userinfo (the ID token stays small).
      if (config.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...claims, ...info } as AccountClaims;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'OpenID Connect callback failed');
      return {
        ok: false,
        status: 400,
        code: 'SIGN_IN_FAILED',
        message: `The answer from ${this.providerName} could not be verified (${
          error instanceof Error ? error.message : String(error)
        }). Start again.`,
        cookies: [clearLogin],
      };
    }
    const verdict = accountAllowed(claims, {
      domains: this.config.oidcAllowedDomains,
      groups: this.config.oidcAllowedGroups,
      groupsClaim: this.config.oidcGroupsClaim,
    });
    if (!verdict.ok) {
      this.logger.info({ sub: claims.sub, reason: verdict.reason }, 'sign-in refused');
      return {
        ok: false,
        status: 403,
        code: 'ACCOUNT_NOT_ALLOWED',
        message: `This account cannot use this server: ${verdict.reason}. Sign in with another ${this.providerName} account.`,
        cookies: [clearLogin],
      };
    }
    const account: Account = {
      sub: claims.sub,
      name: displayNameOf(claims),
      email: typeof claims.email === 'string' ? claims.email : null,
      via: 'session',
    };
    this.logger.info({ sub: account.sub }, 'signed in');
    const hours = this.config.oidcSessionHours;
    const session = await new SignJWT({
      name: account.name,
      email: account.email,
      idp: this.issuer,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(account.sub)
      .setIssuer(SELF)
      .setAudience(SESSION_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${hours}h`)
      .sign(this.sessionKey);
    return {
      ok: true,
      account,
      location: transaction.returnTo,
      cookies: [
        clearLogin,
        this.cookie(req, SESSION_COOKIE, session, { maxAge: hours * 3600, path: '/' }),
      ],
    };
  }

  /** The Set-Cookie that ends the session (POST /auth/logout). */
  logoutCookie(req: IncomingMessage): string {
    return this.cookie(req, SESSION_COOKIE, '', { maxAge: 0, path: '/' });
  }

  private async readLogin(sealed: string): Promise<LoginTransaction | null> {
    try {
      const { payload } = await jwtVerify(sealed, this.loginKey, {
        issuer: SELF,
        audience: LOGIN_AUDIENCE,
        algorithms: ['HS256'],
      });
      const { verifier, state, nonce, returnTo } = payload as Partial<LoginTransaction>;
      if (!verifier || !state || !nonce || typeof returnTo !== 'string') return null;
      return { verifier, state, nonce, returnTo };
    } catch {
      return null;
    }
  }

  // ── addresses and cookies ─────────────────────────────────────────────────────────────────

  /** Where people reach this server: --public-url, else the request's (trusted) host. */
  base(req: IncomingMessage): string {
    if (this.config.publicUrl) return this.config.publicUrl.replace(/\/$/, '');
    const proxied = this.proxyHops > 0;
    const forwardedHost = proxied ? firstValue(req.headers['x-forwarded-host']) : undefined;
    const forwardedProto = proxied ? firstValue(req.headers['x-forwarded-proto']) : undefined;
    const host = forwardedHost ?? req.headers.host ?? 'localhost';
    const safeHost = SAFE_HOST.test(host) ? host : 'localhost';
    const https = this.tls || forwardedProto === 'https';
    return `${https ? 'https' : 'http'}://${safeHost}`;
  }

  redirectUri(req: IncomingMessage): string {
    return `${this.base(req)}${AUTH_PATHS.callback}`;
  }

  private get proxyHops(): number {
    return Math.max(this.config.trustProxyHops, this.config.trustProxy ? 1 : 0);
  }

  /** HttpOnly, SameSite=Lax (sent on the issuer's redirect back), Secure when served over https. */
  private cookie(
    req: IncomingMessage,
    name: string,
    value: string,
    options: Pick<SerializeOptions, 'maxAge' | 'path'>,
  ): string {
    return stringifySetCookie(name, value, {
      ...options,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.base(req).startsWith('https:'),
    });
  }
}

export type CallbackResult =
  | { ok: true; account: Account; location: string; cookies: string[] }
  | {
      ok: false;
      status: number;
      code: 'LOGIN_EXPIRED' | 'SIGN_IN_REFUSED' | 'SIGN_IN_FAILED' | 'ACCOUNT_NOT_ALLOWED';
      message: string;
      cookies: string[];
    };

/** Only a path on this server (`/…`, never `//host` or `/\host`): no open redirect. */
export function safeReturnPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  try {
    const url = new URL(raw, 'http://localhost');
    return url.origin === 'http://localhost' ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

function tokenAccount(payload: JWTPayload): Account {
  const name =
    (typeof payload['name'] === 'string' && payload['name']) ||
    (typeof payload['client_id'] === 'string' && payload['client_id']) ||
    String(payload.sub);
  return {
    sub: String(payload.sub),
    name,
    email: typeof payload['email'] === 'string' ? payload['email'] : null,
    via: 'token',
  };
}

/** Why jose refused a token, in words a program's author can act on. */
function tokenProblem(error: unknown, audience: string): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired; get a new one';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return `its audience is not this server (expected "${audience}")`;
    if (error.claim === 'iss') return 'it was issued by another issuer';
    if (error.claim === 'typ') return 'it is not a JWT access token (typ at+jwt, RFC 9068)';
    return `its "${error.claim}" claim is not valid (${error.reason})`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return "its signature does not match the issuer's keys";
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "it is not signed by the issuer's keys";
  if (error instanceof joseErrors.JOSEError) return `it is not a valid JWT (${error.code})`;
  return 'it could not be checked';
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
}
