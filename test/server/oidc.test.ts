// Sign-in (--oidc-issuer) against a real OpenID Connect provider (oidc-provider, in-process on
// loopback): the browser's authorization-code flow with PKCE over HTTP → session cookie → the
// /sync socket creates and joins rooms; without a cookie, or with a refused token, the socket
// gets AUTH_REQUIRED and close 4011; programs get in with an access token for the audience.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, ReelSyncError } from '../../sdk/node';
import { CLOSE_CODES, PROTOCOL_VERSION } from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { signInOverHttp } from '../support/oidcLogin';
import {
  PLAYER_CLIENT,
  REELSYNC_AUDIENCE,
  startOidcProvider,
  type TestOidcProvider,
} from '../support/oidcProvider';
import { HandshakeRefused, WebSocketClient } from '../../src/network/WebSocketClient';
import { nodeWebSocket } from '../network/helpers';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';

let provider: TestOidcProvider;
let server: RunningServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  provider = await startOidcProvider();
  server = await startTestServer({
    oidcIssuer: provider.issuer,
    oidcClientId: PLAYER_CLIENT.id,
    oidcClientSecret: PLAYER_CLIENT.secret,
    oidcName: 'Test Studio',
    oidcAllowedDomains: ['studio.test'],
    oidcAudience: REELSYNC_AUDIENCE,
  });
  await provider.allowRedirect(`${server.url}/auth/callback`);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server?.close();
  await provider?.close();
});

/** A socket with these upgrade headers, and its answer to hello. */
async function hello(headers: Record<string, string>) {
  const client = await TestClient.connect(server.syncUrl, { headers });
  clients.push(client);
  const id = client.send('hello', { protocolVersion: PROTOCOL_VERSION });
  const reply = await client.next('welcome', undefined, 3000).catch(() => null);
  if (reply) return { client, welcome: reply, error: null, closeCode: null };
  const error = client.all('error').find((message) => message.replyTo === id) ?? null;
  return { client, welcome: null, error, closeCode: await client.closed };
}

describe('OpenID Connect sign-in', () => {
  it('signs in through the provider (PKCE), and the session cookie lets the socket create and join rooms', async () => {
    const signIn = await signInOverHttp(server.url, 'alice', '/?room=ABCD-EFGH');
    expect(signIn.landedAt).toBe('/?room=ABCD-EFGH');
    const authorize = signIn.visited.find((url) => url.startsWith(`${provider.issuer}/auth?`));
    expect(authorize).toBeDefined();
    const query = new URL(authorize ?? '').searchParams;
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(query.get('redirect_uri')).toBe(`${server.url}/auth/callback`);

    const me = await fetch(`${server.url}/api/me`, { headers: { cookie: signIn.cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      auth: 'oidc',
      provider: 'Test Studio',
      signedIn: true,
      user: { name: 'Alice Artist', email: 'alice@studio.test', sub: 'alice' },
    });

    const host = await TestClient.greeted(server.syncUrl, { headers: { cookie: signIn.cookie } });
    clients.push(host);
    const created = await host.request('room.create', { displayName: 'Alice' }, 'room.joined');
    const guest = await TestClient.greeted(server.syncUrl, { headers: { cookie: signIn.cookie } });
    clients.push(guest);
    const joined = await guest.request(
      'room.join',
      { roomId: created.payload.roomId },
      'room.joined',
    );
    expect(joined.payload.roomId).toBe(created.payload.roomId);
  });

  it('refuses a socket without a session: AUTH_REQUIRED saying where to sign in, close 4011', async () => {
    const { welcome, error, closeCode } = await hello({});
    expect(welcome).toBeNull();
    expect(error?.payload.code).toBe('AUTH_REQUIRED');
    expect(error?.payload.message).toContain(`${server.url}/auth/login`);
    expect(closeCode).toBe(CLOSE_CODES.AUTH_REQUIRED.code);

    const me = await fetch(`${server.url}/api/me`);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({
      auth: 'oidc',
      signedIn: false,
      code: 'AUTH_REQUIRED',
      loginUrl: '/auth/login',
    });
  });

  it("the player's client fails its connect with the server's code and words", async () => {
    const client = new WebSocketClient({
      url: server.syncUrl,
      createWebSocket: nodeWebSocket,
      onlineEvents: null,
    });
    try {
      const error: unknown = await client.connect().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HandshakeRefused);
      expect((error as HandshakeRefused).code).toBe('AUTH_REQUIRED');
      expect((error as HandshakeRefused).message).toContain('/auth/login');
      expect(client.state).toBe('idle');
    } finally {
      client.dispose();
    }
  });

  it('refuses the /stream upgrade without a session (401)', async () => {
    await expect(TestClient.connect(server.syncUrl.replace(/\/sync$/, '/stream'))).rejects.toThrow(
      'HTTP 401',
    );
  });

  it('refuses a forged or tampered session cookie', async () => {
    const signIn = await signInOverHttp(server.url, 'alice');
    const [name, value = ''] = signIn.cookie.split('=');
    const [header, payload, signature = ''] = value.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString(
      'base64url',
    );
    const { error, closeCode } = await hello({
      cookie: `${name}=${header}.${forged}.${signature}`,
    });
    expect(error?.payload.code).toBe('AUTH_REQUIRED');
    expect(error?.payload.message).toContain('expired or is not valid');
    expect(closeCode).toBe(4011);
  });

  it('does not let an account outside the allowed domains sign in', async () => {
    await expect(signInOverHttp(server.url, 'mallory')).rejects.toThrow(
      /HTTP 403[\s\S]*ACCOUNT_NOT_ALLOWED[\s\S]*elsewhere\.test is not one of the allowed domains/,
    );
  });

  it('lets a program in with an access token for the audience', async () => {
    const token = await provider.clientCredentialsToken();
    const { welcome } = await hello({ authorization: `Bearer ${token}` });
    expect(welcome?.type).toBe('welcome');
    const program = await TestClient.greeted(server.syncUrl, {
      headers: { authorization: `Bearer ${token}` },
    });
    clients.push(program);
    const created = await program.request('room.create', {}, 'room.joined');
    expect(created.payload.roomId).toMatch(/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
  });

  it('the SDK connects with accessToken, and says AUTH_REQUIRED without one', async () => {
    const refused: unknown = await connect(server.url, { reconnect: false }).catch(
      (caught: unknown) => caught,
    );
    expect(refused).toBeInstanceOf(ReelSyncError);
    expect((refused as ReelSyncError).code).toBe('AUTH_REQUIRED');
    const token = await provider.clientCredentialsToken();
    const sdk = await connect(server.url, { accessToken: () => token, reconnect: false });
    try {
      const room = await sdk.createRoom({ name: 'Render farm' });
      expect(room.mode).toBe('created');
    } finally {
      await sdk.close();
    }
  });

  it('the CLI creates a room with REELSYNC_TOKEN, and explains --token without it', async () => {
    const bin = path.resolve(import.meta.dirname, '../../bin/reelsync.js');
    const run = (env: Record<string, string>) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [bin, 'room', 'create', '--json', '--server', server.url],
          { env: { ...process.env, ...env }, stdio: 'pipe' },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const token = await provider.clientCredentialsToken();
    const [signedIn, anonymous] = await Promise.all([run({ REELSYNC_TOKEN: token }), run({})]);
    expect(signedIn.stderr).toBe('');
    expect(signedIn.code).toBe(0);
    expect(JSON.parse(signedIn.stdout)).toMatchObject({ link: expect.stringContaining('?room=') });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('--token or REELSYNC_TOKEN');
  }, 60_000);

  it('refuses an access token for another audience', async () => {
    const token = await provider.clientCredentialsToken('https://other-service.test');
    const { error, closeCode } = await hello({ authorization: `Bearer ${token}` });
    expect(error?.payload.code).toBe('AUTH_REQUIRED');
    expect(error?.payload.message).toContain('audience is not this server');
    expect(closeCode).toBe(4011);
  });

  it("refuses an expired access token, though signed with the issuer's key", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await provider.forgeAccessToken({
      sub: 'render-farm',
      client_id: 'render-farm',
      aud: REELSYNC_AUDIENCE,
      iat: now - 7200,
      exp: now - 3600,
    });
    const { error, closeCode } = await hello({ authorization: `Bearer ${token}` });
    expect(error?.payload.code).toBe('AUTH_REQUIRED');
    expect(error?.payload.message).toContain('expired');
    expect(closeCode).toBe(4011);
  });

  it('refuses an ID-token-shaped JWT (not typ at+jwt) as an access token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await provider.forgeAccessToken(
      { sub: 'alice', aud: REELSYNC_AUDIENCE, iat: now, exp: now + 600 },
      'JWT',
    );
    const { error } = await hello({ authorization: `Bearer ${token}` });
    expect(error?.payload.message).toContain('not a JWT access token');
  });

  it('signs out: the cookie is cleared', async () => {
    const logout = await fetch(`${server.url}/auth/logout`, { method: 'POST', redirect: 'manual' });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('set-cookie')).toMatch(
      /^reelsync_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const get = await fetch(`${server.url}/auth/logout`, { redirect: 'manual' });
    expect(get.status).toBe(405);
  });

  it('never redirects off the server after sign-in (open redirect)', async () => {
    const signIn = await signInOverHttp(server.url, 'alice', '//evil.test/x');
    expect(signIn.landedAt).toBe('/');
  });
});

describe('without sign-in', () => {
  it('GET /api/me says sign-in is off, and sockets need nothing', async () => {
    const open = await startTestServer();
    try {
      const me = await fetch(`${open.url}/api/me`);
      expect(await me.json()).toEqual({ auth: 'none' });
      const client = await TestClient.greeted(open.syncUrl);
      await client.close();
    } finally {
      await open.close();
    }
  });
});
