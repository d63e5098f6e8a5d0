// A real OpenID Connect provider for the sign-in tests: panva's oidc-provider on an ephemeral
// loopback port, in a process of its own (startOidcProvider spawns oidcProviderMain.ts, which
// runs runOidcProvider below and takes the tests' few requests as JSON lines on stdin), with its development login and consent pages (any password), two
// accounts (one of the studio's domain and group, one not), the player's client (authorization
// code + PKCE) and a program's client (client credentials → JWT access tokens, RFC 9068, for a
// resource = audience). Its signing key is the test's own, so tests can forge tokens (expired…)
// that only differ from real ones where they mean to.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

export const STUDIO_ACCOUNTS = {
  alice: {
    sub: 'alice',
    name: 'Alice Artist',
    email: 'alice@studio.test',
    email_verified: true,
    groups: ['artists'],
  },
  mallory: {
    sub: 'mallory',
    name: 'Mallory Outsider',
    email: 'mallory@elsewhere.test',
    email_verified: true,
    groups: ['visitors'],
  },
} as const;

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'test/support/oidcProviderMain.ts');

export const PLAYER_CLIENT = { id: 'reelsync-player', secret: 'player-secret' } as const;
export const PROGRAM_CLIENT = { id: 'render-farm', secret: 'farm-secret' } as const;
/** The audience (resource indicator) ReelSync accepts access tokens for. */
export const REELSYNC_AUDIENCE = 'https://reelsync.test';

export interface TestOidcProvider {
  /** The issuer URL (http://127.0.0.1:<port>). */
  readonly issuer: string;
  /** Registers the ReelSync server's callback once its address is known. */
  allowRedirect(redirectUri: string): void | Promise<void>;
  /** A client-credentials access token for `resource` (default REELSYNC_AUDIENCE). */
  clientCredentialsToken(resource?: string): Promise<string>;
  /** A token signed with the provider's own key, with the given claims (e.g. expired). */
  forgeAccessToken(claims: Record<string, unknown>, typ?: string): Promise<string>;
  close(): Promise<void>;
}

/** The provider in this process (what the provider's own process runs). */
export async function runOidcProvider(): Promise<TestOidcProvider> {
  // The port comes first: the provider needs its issuer URL when it is built.
  let handler: ((req: never, res: never) => void) | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req as never, res as never);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const redirectUris: string[] = [];

  let provider: Provider | null = null;
  const build = (): Provider => {
    const configuration: Configuration = {
      clients: [
        {
          client_id: PLAYER_CLIENT.id,
          client_secret: PLAYER_CLIENT.secret,
          redirect_uris: [...redirectUris],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
        {
          client_id: PROGRAM_CLIENT.id,
          client_secret: PROGRAM_CLIENT.secret,
          redirect_uris: [],
          grant_types: ['client_credentials'],
          response_types: [],
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: ['test-cookie-key'] },
      claims: {
        openid: ['sub'],
        profile: ['name'],
        email: ['email', 'email_verified'],
        groups: ['groups'],
      },
      pkce: { required: () => true, methods: ['S256'] },
      ttl: {
        AccessToken: 600,
        AuthorizationCode: 60,
        ClientCredentials: 600,
        Grant: 3600,
        IdToken: 600,
        Interaction: 600,
        Session: 3600,
      },
      features: {
        devInteractions: { enabled: true },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => undefined as unknown as string,
          useGrantedResource: () => false,
          getResourceServerInfo: (_ctx, resource) => ({
            scope: 'sync',
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 600,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      findAccount: (_ctx, id) => {
        const account = STUDIO_ACCOUNTS[id as keyof typeof STUDIO_ACCOUNTS];
        if (!account) return undefined;
        return { accountId: id, claims: () => ({ ...account, groups: [...account.groups] }) };
      },
    };
    const built = new Provider(issuer, configuration);
    // Quiet: a failed test shows its own error; the provider's logs would bury it.
    built.on('server_error', () => undefined);
    return built;
  };
  provider = build();
  handler = provider.callback() as never;

  return {
    issuer,
    allowRedirect(redirectUri) {
      redirectUris.push(redirectUri);
      // Static clients are read when the provider is built: rebuild it with the new URI (the
      // keys stay, so tokens and discovery stay the same).
      provider = build();
      handler = provider.callback() as never;
    },
    clientCredentialsToken: (resource) => clientCredentialsToken(issuer, resource),
    forgeAccessToken(claims, typ = 'at+jwt') {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ })
        .setIssuer(issuer)
        .sign(privateKey);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A program's access token from the provider's token endpoint (client credentials). */
async function clientCredentialsToken(issuer: string, resource = REELSYNC_AUDIENCE) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${PROGRAM_CLIENT.id}:${PROGRAM_CLIENT.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'sync', resource }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`token request failed: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** The provider in a child process of its own; the tests talk to it over HTTP and stdin. */
export async function startOidcProvider(): Promise<TestOidcProvider> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // The provider's development-mode warnings stay out of the test output; a failure to start
  // shows them.
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout });
  const waiting = new Map<number, (reply: { result?: unknown; error?: string }) => void>();
  let nextId = 1;
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the OIDC provider process did not start')),
      30_000,
    );
    child.once('exit', (code) => reject(new Error(`the OIDC provider process exited (${code})`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as {
        issuer?: string;
        id?: number;
        result?: unknown;
        error?: string;
      };
      if (message.issuer) {
        clearTimeout(timer);
        resolve(message.issuer);
      } else if (message.id !== undefined) waiting.get(message.id)?.(message);
    });
  });
  const ask = (op: string, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        if (reply.error) reject(new Error(reply.error));
        else resolve(reply.result);
      });
      child.stdin.write(`${JSON.stringify({ id, op, args })}\n`);
    });
  return {
    issuer,
    async allowRedirect(redirectUri) {
      await ask('allowRedirect', [redirectUri]);
    },
    clientCredentialsToken: (resource) => clientCredentialsToken(issuer, resource),
    forgeAccessToken: async (claims, typ) => String(await ask('forgeAccessToken', [claims, typ])),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
