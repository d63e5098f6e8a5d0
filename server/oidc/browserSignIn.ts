// The browser's sign-in: the authorization-code flow with PKCE (openid-client). /auth/login sends
// the browser to the issuer with a one-time verifier, state and nonce kept in the login cookie;
// /auth/callback exchanges the code, checks the ID token, reads userinfo, applies the allowed
// domains / groups (./accessPolicy.ts) and sets the session cookie (./cookieTokens.ts).
import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import { accountAllowed, displayNameOf, type AccountClaims } from './accessPolicy';
import { AUTH_PATHS } from './authRoutes';
import {
  LOGIN_COOKIE,
  LOGIN_TTL_SECONDS,
  SESSION_COOKIE,
  type CookieTokens,
  type LoginTransaction,
} from './cookieTokens';
import type { Account } from './OidcAuth';
import type { PublicAddress } from './publicAddress';

/** `prompt` values passed on to the issuer (login: ask again, e.g. for another account). */
const PROMPTS = ['login', 'select_account', 'consent'] as const;

export type CallbackResult =
  | { ok: true; account: Account; location: string; cookies: string[] }
  | {
      ok: false;
      status: number;
      code: 'LOGIN_EXPIRED' | 'SIGN_IN_REFUSED' | 'SIGN_IN_FAILED' | 'ACCOUNT_NOT_ALLOWED';
      message: string;
      cookies: string[];
    };

export class BrowserSignIn {
  constructor(
    private readonly config: Pick<
      ServerConfig,
      | 'oidcScopes'
      | 'oidcAllowedDomains'
      | 'oidcAllowedGroups'
      | 'oidcGroupsClaim'
      | 'oidcSessionHours'
    >,
    /** "Sign in with <name>". */
    private readonly providerName: string,
    /** The issuer's metadata (OidcAuth.discover). */
    private readonly discover: () => Promise<oidc.Configuration>,
    private readonly tokens: CookieTokens,
    private readonly address: PublicAddress,
    private readonly logger: Logger,
  ) {}

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
    const sealed = await this.tokens.sealLogin(transaction);
    return {
      location: url.href,
      cookie: this.address.cookie(req, LOGIN_COOKIE, sealed, {
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
    const clearLogin = this.address.cookie(req, LOGIN_COOKIE, '', { maxAge: 0, path: '/auth' });
    const transaction = sealed ? await this.tokens.openLogin(sealed) : null;
    if (!transaction)
      return {
        ok: false,
        status: 400,
        code: 'LOGIN_EXPIRED',
        message:
          'This sign-in was not started here, took longer than 10 minutes, or the browser blocks cookies. Start again.',
        cookies: [clearLogin],
      };
    const url = new URL(req.url ?? '/', this.address.base(req));
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
    const session = await this.tokens.sealSession(account, hours);
    return {
      ok: true,
      account,
      location: transaction.returnTo,
      cookies: [
        clearLogin,
        this.address.cookie(req, SESSION_COOKIE, session, { maxAge: hours * 3600, path: '/' }),
      ],
    };
  }

  /** The Set-Cookie that ends the session (POST /auth/logout). */
  logoutCookie(req: IncomingMessage): string {
    return this.address.cookie(req, SESSION_COOKIE, '', { maxAge: 0, path: '/' });
  }

  /** Where the issuer sends the browser back: <public URL>/auth/callback. */
  redirectUri(req: IncomingMessage): string {
    return `${this.address.base(req)}${AUTH_PATHS.callback}`;
  }
}

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
