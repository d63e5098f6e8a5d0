// Programs (SDK, CLI) send "Authorization: Bearer <access token>": an RFC 9068 JWT access token of
// the issuer for --oidc-audience, checked against the issuer's published keys (JWKS, cached).
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type * as oidc from 'openid-client';
import type { Account, Authentication } from './OidcAuth';

export class AccessTokenCheck {
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(
    private readonly issuer: string,
    /** --oidc-audience; unset: no access tokens are accepted. */
    private readonly audience: string | undefined,
    /** The issuer's metadata (OidcAuth.discover). */
    private readonly discover: () => Promise<oidc.Configuration>,
  ) {}

  /** An RFC 9068 JWT access token: the issuer's signature, `at+jwt`, our audience, not expired. */
  async check(token: string): Promise<Authentication> {
    const audience = this.audience;
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
