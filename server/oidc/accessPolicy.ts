// Which signed-in accounts may use the server (--oidc-allowed-domains, --oidc-allowed-groups) and
// the name they are shown under. Pure functions of the account's claims (ID token + userinfo).

/** The claims the sign-in reads (standard OpenID Connect claims, plus the groups claim). */
export interface AccountClaims {
  sub: string;
  name?: unknown;
  given_name?: unknown;
  preferred_username?: unknown;
  email?: unknown;
  email_verified?: unknown;
  [claim: string]: unknown;
}

export interface AccessPolicy {
  /** Lower-case email domains; empty: any. */
  domains: readonly string[];
  /** Group names; empty: any. */
  groups: readonly string[];
  /** The claim holding the account's groups (a list, or one string). */
  groupsClaim: string;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Domains: the email's domain must be listed and the email not marked unverified (an
 * `email_verified: false` address proves nothing). Groups: one of the account's groups must be
 * listed. Both, when both are set.
 */
export function accountAllowed(claims: AccountClaims, policy: AccessPolicy): Verdict {
  if (policy.domains.length > 0) {
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
    if (!email) return { ok: false, reason: 'it has no email address to check its domain' };
    if (claims.email_verified === false || claims.email_verified === 'false')
      return { ok: false, reason: `its email address ${email} is not verified` };
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (!policy.domains.includes(domain))
      return {
        ok: false,
        reason: `${domain} is not one of the allowed domains (${policy.domains.join(', ')})`,
      };
  }
  if (policy.groups.length > 0) {
    const raw = claims[policy.groupsClaim];
    const groups = Array.isArray(raw)
      ? raw.filter((group): group is string => typeof group === 'string')
      : typeof raw === 'string'
        ? [raw]
        : [];
    if (!groups.some((group) => policy.groups.includes(group)))
      return {
        ok: false,
        reason: `it is in none of the allowed groups (${policy.groups.join(', ')})`,
      };
  }
  return { ok: true };
}

/** The name people see: the full name, else the username, else the email's local part. */
export function displayNameOf(claims: AccountClaims): string {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const email = text(claims.email);
  const name =
    text(claims.name) ||
    text(claims.given_name) ||
    text(claims.preferred_username) ||
    email.split('@')[0] ||
    claims.sub;
  // The room's display names are at most 32 characters (the room panel's field).
  return name.slice(0, 32);
}
