// Sign-in options: OpenID Connect, so that only the studio's accounts create or join rooms. Off
// unless --oidc-issuer is set. One entry per option in the shape of server/config.ts's table,
// which includes them (docs/security.md, docs/server.md).
import type { OptionSpec } from '../config';

export const OIDC_OPTION_SPECS = [
  {
    key: 'oidcIssuer',
    flag: 'oidc-issuer',
    env: 'OIDC_ISSUER',
    kind: 'string',
    default: undefined,
    help: "OpenID Connect issuer URL of the studio's accounts (https; http only on loopback): with it, only signed-in accounts create or join rooms",
  },
  {
    key: 'oidcClientId',
    flag: 'oidc-client-id',
    env: 'OIDC_CLIENT_ID',
    kind: 'string',
    default: undefined,
    help: 'client id registered at the issuer (redirect URI: <public URL>/auth/callback)',
  },
  {
    key: 'oidcClientSecret',
    flag: 'oidc-client-secret',
    env: 'OIDC_CLIENT_SECRET',
    kind: 'string',
    default: undefined,
    help: 'client secret (prefer the env var; none: a public client, PKCE only)',
  },
  {
    key: 'oidcName',
    flag: 'oidc-name',
    env: 'OIDC_NAME',
    kind: 'string',
    default: undefined,
    help: 'the accounts\' name on the sign-in button, "Sign in with <name>" (default: the issuer\'s host)',
  },
  {
    key: 'oidcScopes',
    flag: 'oidc-scopes',
    env: 'OIDC_SCOPES',
    kind: 'string',
    default: 'openid profile email',
    help: 'scopes asked for at sign-in (add the one that carries groups for --oidc-allowed-groups)',
  },
  {
    key: 'oidcAllowedDomains',
    flag: 'oidc-allowed-domains',
    env: 'OIDC_ALLOWED_DOMAINS',
    kind: 'list',
    default: [],
    help: 'comma-separated email domains allowed to sign in (verified email; none: every account of the issuer)',
  },
  {
    key: 'oidcAllowedGroups',
    flag: 'oidc-allowed-groups',
    env: 'OIDC_ALLOWED_GROUPS',
    kind: 'list',
    default: [],
    help: 'comma-separated groups allowed to sign in (the account needs one of them in --oidc-groups-claim)',
  },
  {
    key: 'oidcGroupsClaim',
    flag: 'oidc-groups-claim',
    env: 'OIDC_GROUPS_CLAIM',
    kind: 'string',
    default: 'groups',
    help: "the ID token / userinfo claim listing the account's groups",
  },
  {
    key: 'oidcAudience',
    flag: 'oidc-audience',
    env: 'OIDC_AUDIENCE',
    kind: 'string',
    default: undefined,
    help: 'programs (SDK, CLI) may send "Authorization: Bearer <access token>": JWT access tokens of the issuer for this audience, checked against its keys (none: sign-in only)',
  },
  {
    key: 'oidcSessionHours',
    flag: 'oidc-session-hours',
    env: 'OIDC_SESSION_HOURS',
    kind: 'int',
    default: 12,
    help: 'a sign-in lasts this long (the session cookie expires; sign in again)',
  },
] as const satisfies readonly OptionSpec[];

interface OidcSettings {
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcClientSecret?: string;
  oidcAudience?: string;
  oidcAllowedDomains: string[];
  oidcSessionHours: number;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks the sign-in options together and normalises them in place (domains lower case without
 * a leading @, the issuer without a trailing slash); returns the problem, or null.
 */
export function checkOidcConfig(config: OidcSettings): string | null {
  config.oidcAllowedDomains = config.oidcAllowedDomains.map((domain) =>
    domain.replace(/^@/, '').toLowerCase(),
  );
  if (!config.oidcIssuer) {
    if (config.oidcClientId || config.oidcClientSecret || config.oidcAudience)
      return '--oidc-client-id, --oidc-client-secret and --oidc-audience need --oidc-issuer';
    return null;
  }
  let issuer: URL;
  try {
    issuer = new URL(config.oidcIssuer);
  } catch {
    return `--oidc-issuer: expected an https URL, got ${JSON.stringify(config.oidcIssuer)}`;
  }
  const local = issuer.protocol === 'http:' && LOOPBACK_HOST.test(issuer.hostname);
  if (issuer.protocol !== 'https:' && !local)
    return '--oidc-issuer: the issuer must be https (http only on loopback, for tests)';
  if (!config.oidcClientId) return '--oidc-issuer needs --oidc-client-id';
  if (config.oidcSessionHours < 1) return '--oidc-session-hours: at least 1';
  return null;
}
