// OpenID Connect sign-in (--oidc-issuer): only the studio's accounts create or join rooms.
//
// One issuer configuration (discovered once) serves both kinds of client. Browsers sign in with
// the authorization-code flow and PKCE (./browserSignIn.ts) and then carry the session cookie: a
// JWT signed with a key derived from the room secret (./cookieTokens.ts). Programs (SDK, CLI)
// send "Authorization: Bearer <access token>" instead (./accessTokens.ts).
// `authenticate()` is what the /sync and /stream upgrades ask (server/sync/SyncServer.ts).
import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import { AccessTokenCheck } from './accessTokens';
import { AUTH_PATHS } from './authRoutes';
import { BrowserSignIn } from './browserSignIn';
import { CookieTokens, SESSION_COOKIE } from './cookieTokens';
import { PublicAddress } from './publicAddress';

/** Who is on the other end: a signed-in person (session cookie) or a program (access token). */
export interface Account {
  sub: string;
  name: string;
  email: string | null;
  via: 'session' | 'token';
}

export type Authentication = { ok: true; account: Account } | { ok: false; reason: string };

export class OidcAuth {
  readonly issuer: string;
  /** "Sign in with <name>". */
  readonly providerName: string;
  /** The browser's sign-in: /auth/login, /auth/callback and /auth/logout (./authRoutes.ts). */
  readonly signIn: BrowserSignIn;
  private readonly address: PublicAddress;
  private readonly tokens: CookieTokens;
  private readonly accessTokens: AccessTokenCheck;
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly config: ServerConfig & { oidcIssuer: string; oidcClientId: string },
    roomSecret: string,
    logger: Logger,
    /** Served over TLS (the Secure cookie flag, https redirect URIs). */
    tls: boolean,
  ) {
    this.issuer = config.oidcIssuer;
    this.providerName = config.oidcName ?? new URL(config.oidcIssuer).host;
    const discover = () => this.discover();
    this.address = new PublicAddress(config, tls);
    this.tokens = new CookieTokens(roomSecret, this.issuer);
    this.accessTokens = new AccessTokenCheck(this.issuer, config.oidcAudience, discover);
    this.signIn = new BrowserSignIn(
      config,
      this.providerName,
      discover,
      this.tokens,
      this.address,
      logger,
    );
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

  /** A valid session cookie or access token on this request, else why not (said to the client). */
  async authenticate(req: IncomingMessage): Promise<Authentication> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) return this.accessTokens.check(bearer);
    const session = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (!session)
      return {
        ok: false,
        reason: `sign in at ${this.address.base(req)}${AUTH_PATHS.login} (the player's "Sign in with ${this.providerName}" button); programs send "Authorization: Bearer <access token>"`,
      };
    const account = await this.tokens.openSession(session);
    if (account) return { ok: true, account };
    return {
      ok: false,
      reason: `your sign-in expired or is not valid here; sign in again at ${this.address.base(req)}${AUTH_PATHS.login}`,
    };
  }
}
