// Connection and HTTP hardening through the real server: security headers, /metrics and
// /healthz access, the default Origin check, proxy hop counting and IPv6 grouping, the
// per-address connection cap, the lobby idle timeout (and clock-only connections), fragments bounded by the message limit,
// slowloris sockets closed, and room codes kept out of info-level logs.
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, PROTOCOL_VERSION } from '../../src/protocol/index';
import type { RunningServer, ServerOptions } from '../../server/index';
import { createRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

async function start(overrides: Partial<ServerOptions> = {}) {
  server = await startTestServer(overrides);
  return server;
}
async function greeted(url: string, from?: string) {
  const client = await TestClient.greeted(
    url,
    from ? { headers: { 'x-forwarded-for': from } } : {},
  );
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

describe('HTTP', () => {
  it('every response carries CSP, Referrer-Policy and nosniff (no HSTS over plain http)', async () => {
    const running = await start();
    for (const route of ['/', '/healthz', '/some/app/route']) {
      const response = await fetch(`${running.url}${route}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(`connect-src 'self' blob: data: ws://127.0.0.1:${running.port}`);
      expect(csp).not.toContain('unsafe-inline');
      // WebAssembly compilation only ('wasm-unsafe-eval'), never JavaScript eval.
      expect(csp).not.toContain("'unsafe-eval'");
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('/metrics: loopback only by default, a token or --metrics-public elsewhere; /healthz details likewise', async () => {
    const running = await start({ metricsToken: 's3cret-token' });
    const proxied = { 'x-forwarded-for': '203.0.113.9' };
    expect((await fetch(`${running.url}/metrics`)).status).toBe(200);
    const refused = await fetch(`${running.url}/metrics`, { headers: proxied });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('metrics-token');
    const wrong = await fetch(`${running.url}/metrics`, {
      headers: { ...proxied, authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(403);
    const withToken = await fetch(`${running.url}/metrics`, {
      headers: { ...proxied, authorization: 'Bearer s3cret-token' },
    });
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toContain('reelsync_connections');
    const health = await fetch(`${running.url}/healthz`, { headers: proxied });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect(await (await fetch(`${running.url}/healthz`)).json()).toHaveProperty('connections');
    await running.close();
    const open = await start({ metricsPublic: true });
    expect((await fetch(`${open.url}/metrics`, { headers: proxied })).status).toBe(200);
  });

  it('closes a slowloris socket (headers never finished) within the request timeout', async () => {
    const running = await start({ requestTimeoutMs: 1000 });
    const started = performance.now();
    const open = async () => {
      const socket = connect(running.port, '127.0.0.1');
      socket.on('error', () => undefined);
      // Read (and drop) what the server answers: a socket the headers check closes gets a 408
      // first, and unread, it would keep the socket from ever seeing the end (and closing).
      socket.resume();
      const closedAt = new Promise<number>((resolve) =>
        socket.once('close', () => resolve(performance.now())),
      );
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      return { socket, closedAt };
    };
    const dripping = await open();
    const silent = await open(); // connects, never sends a byte
    dripping.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const drip = setInterval(() => dripping.socket.writable && dripping.socket.write('a'), 200);
    const [dripClosed, silentClosed] = await Promise.all([dripping.closedAt, silent.closedAt]);
    clearInterval(drip);
    expect(dripClosed - started).toBeLessThan(3500);
    expect(silentClosed - started).toBeLessThan(3500);
  });
});

describe('WebSocket admission', () => {
  it('Origin: the server’s own origin and the allow-list pass, other sites get 403 by default', async () => {
    const running = await start();
    await expect(
      TestClient.connect(running.syncUrl, { origin: 'https://evil.example' }),
    ).rejects.toThrow('403');
    await expect(TestClient.connect(running.syncUrl, { origin: 'null' })).rejects.toThrow('403');
    clients.push(
      await TestClient.connect(running.syncUrl, { origin: `http://127.0.0.1:${running.port}` }),
    );
    clients.push(await TestClient.connect(running.syncUrl)); // not a browser: no Origin
    await running.close();
    const listed = await start({ allowedOrigins: ['https://review.example'] });
    clients.push(
      await TestClient.connect(listed.syncUrl, { origin: 'https://review.example' }),
      await TestClient.connect(listed.syncUrl, { origin: `http://127.0.0.1:${listed.port}` }),
    );
    await expect(
      TestClient.connect(listed.syncUrl, { origin: 'https://evil.example' }),
    ).rejects.toThrow('403');
  });

  it('behind one proxy the right-most X-Forwarded-For entry counts, and IPv6 counts per /64', async () => {
    const running = await start({ trustProxy: true, maxRoomsPerAddress: 2 });
    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      // The client controls everything left of what our proxy appended.
      const client = await greeted(running.syncUrl, `198.51.100.${i}, 10.9.9.9`);
      const created = await client
        .request('room.create', {}, 'room.joined')
        .then((reply) => reply.type)
        .catch((error: Error) => error.message);
      results.push(created);
    }
    expect(results.slice(0, 2)).toEqual(['room.joined', 'room.joined']);
    expect(results[2]).toContain('TOO_MANY_ROOMS');
    await running.close();
    const v6 = await start({ trustProxyHops: 1, maxRoomsPerAddress: 1 });
    const first = await greeted(v6.syncUrl, '2001:db8:5:6::1');
    await first.request('room.create', {}, 'room.joined');
    const sameNet = await greeted(v6.syncUrl, '2001:db8:5:6:ffff::2');
    expect((await sameNet.errorFor(sameNet.send('room.create', {}))).payload.code).toBe(
      'TOO_MANY_ROOMS',
    );
    const otherNet = await greeted(v6.syncUrl, '2001:db8:5:7::1');
    await otherNet.request('room.create', {}, 'room.joined');
  });

  it('caps connections per address: SERVER_BUSY says why; other addresses still connect', async () => {
    const running = await start({ maxConnectionsPerAddress: 3, trustProxy: true });
    for (let i = 0; i < 3; i++) await greeted(running.syncUrl, '192.0.2.7');
    const extra = await TestClient.connect(running.syncUrl, {
      headers: { 'x-forwarded-for': '192.0.2.7' },
    });
    clients.push(extra);
    const busy = await extra.next('error');
    expect(busy.payload.code).toBe('SERVER_BUSY');
    expect(busy.payload.message).toContain('from your address');
    expect(await extra.closed).toBe(CLOSE_CODES.SERVER_BUSY.code);
    await greeted(running.syncUrl, '192.0.2.8');
  });

  it('closes connections that said hello but joined no room; members stay', async () => {
    const running = await start({ lobbyIdleTimeoutMs: 300 });
    const member = await createRoom(running.syncUrl);
    clients.push(member.client);
    const idle = await greeted(running.syncUrl);
    expect(await idle.closed).toBe(CLOSE_CODES.HANDSHAKE_TIMEOUT.code);
    await member.client.request('ping', { clientTime: 1 }, 'pong');
  });

  it('a clock.only connection may only ping; it stays while it pings and goes when it stops', async () => {
    const running = await start({ lobbyIdleTimeoutMs: 300 });
    const clock = await TestClient.greeted(running.syncUrl, {}, ['clock.only']);
    clients.push(clock);
    const refused = await clock.errorFor(clock.send('room.create', {}));
    expect(refused.payload.code).toBe('FORBIDDEN');
    expect(refused.payload.message).toContain('clock.only');
    // Three idle timeouts' worth of pings: each keeps it open.
    const until = Date.now() + 900;
    while (Date.now() < until) {
      const pong = await clock.request('ping', { clientTime: 1 }, 'pong');
      expect(pong.payload.clientTime).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(clock.closeCode).toBeNull();
    expect(await clock.closed).toBe(CLOSE_CODES.HANDSHAKE_TIMEOUT.code);
  });

  it('fragments cannot pile up past the message limit (close 1009)', async () => {
    const running = await start({ maxMessageBytes: 4096 });
    const client = await TestClient.connect(running.syncUrl);
    clients.push(client);
    await client.request('hello', { protocolVersion: PROTOCOL_VERSION }, 'welcome');
    const chunk = 'x'.repeat(1500);
    for (let i = 0; i < 4; i++) client.ws.send(chunk, { fin: false });
    expect(await client.closed).toBe(1009);
  });
});

describe('logs', () => {
  it('room codes appear only at debug; info lines carry a one-way room reference', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const running = await start({ logLevel: 'info', logDestination: sink });
    const host = await createRoom(running.syncUrl);
    clients.push(host.client);
    const roomId = host.joined.payload.roomId;
    await host.client.request('room.leave', {}, 'room.left');
    expect(lines.some((line) => line.includes('"room created"'))).toBe(true);
    expect(lines.filter((line) => line.includes(roomId))).toEqual([]);
    const created = JSON.parse(lines.find((line) => line.includes('"room created"')) ?? '{}');
    expect(created.room).toMatch(/^[0-9a-f]{10}$/);
  });
});
