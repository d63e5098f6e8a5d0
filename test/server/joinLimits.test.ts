// Join hardening through the real server (memory store, and Redis with
// REELSYNC_TEST_STORE=redis): PIN attempts reserved atomically before the hash, a per-address
// doubling back-off, a room under attack slowed rather than locked, the bounded hash queue,
// and a store-backed limit on unknown room codes that survives reconnects and instances.
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/protocol/index';
import { startServer, type RunningServer, type ServerOptions } from '../../server/index';
import { createRoom } from './helpers/rooms';
import { startTestServer, testStaticDir } from './helpers/server';
import { TestClient } from './helpers/TestClient';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];

async function start(overrides: Partial<ServerOptions> = {}) {
  const server = await startTestServer(overrides);
  servers.push(server);
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
async function joinError(client: TestClient, roomId: string, pin?: string) {
  return (await client.errorFor(client.send('room.join', pin ? { roomId, pin } : { roomId })))
    .payload;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0).reverse()) await server.close();
});

describe('PIN attempts', () => {
  it('1,000 parallel wrong joins from one address: at most the limit are checked, the right PIN is then refused', async () => {
    const limit = 5;
    const server = await start({
      pinAttemptsPerAddress: limit,
      pinBackoffBaseMs: 60_000,
      pinAttemptsPerRoom: 100_000,
      roomOpRate: 1000,
      roomOpBurst: 1000,
      maxViolations: 100_000,
      maxConnectionsPerAddress: 1000,
      hashQueueSize: 10_000,
    });
    const host = await createRoom(server.syncUrl, { pin: '4821' });
    clients.push(host.client);
    const roomId = host.joined.payload.roomId;
    const attackers = await Promise.all(Array.from({ length: 100 }, () => greeted(server.syncUrl)));
    // 100 connections × 10 joins, all sent at once.
    for (const client of attackers)
      for (let i = 0; i < 10; i++)
        client.send('room.join', { roomId, pin: String(1000 + i).padStart(4, '0') });
    const codes = await Promise.all(attackers.map((client) => client.closed));
    expect(new Set(codes)).toEqual(new Set([CLOSE_CODES.TOO_MANY_ATTEMPTS.code]));
    const checked = attackers.flatMap((client) =>
      client.all('error').filter((m) => m.payload.code === 'BAD_PIN'),
    );
    expect(checked.length).toBeLessThanOrEqual(limit);
    expect(attackers.some((c) => c.all('room.joined').length > 0)).toBe(false);
    // The right PIN from the same address waits out the back-off.
    const late = await greeted(server.syncUrl);
    const refused = await joinError(late, roomId, '4821');
    expect(refused.code).toBe('TOO_MANY_ATTEMPTS');
    expect(refused.retryAfterMs).toBeGreaterThan(30_000);
  });

  it('the back-off doubles per address and ends: one more attempt after each wait', async () => {
    const server = await start({ pinAttemptsPerAddress: 2, pinBackoffBaseMs: 800 });
    const host = await createRoom(server.syncUrl, { pin: '4821' });
    clients.push(host.client);
    const roomId = host.joined.payload.roomId;
    const first = await greeted(server.syncUrl);
    expect((await joinError(first, roomId, '0001')).code).toBe('BAD_PIN');
    expect((await joinError(first, roomId, '0002')).code).toBe('BAD_PIN'); // limit: 800 ms wait
    const early = await joinError(first, roomId, '0003');
    expect(early.code).toBe('TOO_MANY_ATTEMPTS');
    expect(early.retryAfterMs).toBeLessThanOrEqual(800);
    await new Promise((resolve) => setTimeout(resolve, (early.retryAfterMs ?? 0) + 50));
    const second = await greeted(server.syncUrl);
    expect((await joinError(second, roomId, '0004')).code).toBe('BAD_PIN'); // now 1600 ms
    const again = await joinError(second, roomId, '0005');
    expect(again.code).toBe('TOO_MANY_ATTEMPTS');
    expect(again.retryAfterMs).toBeGreaterThan(800);
    await new Promise((resolve) => setTimeout(resolve, (again.retryAfterMs ?? 0) + 50));
    // Someone behind the same address who knows the PIN gets in once the wait is over.
    const knows = await greeted(server.syncUrl);
    await knows.request('room.join', { roomId, pin: '4821' }, 'room.joined');
  });

  it('wrong PINs from many addresses slow the room down but do not lock out who knows the PIN', async () => {
    const server = await start({
      pinAttemptsPerRoom: 2,
      pinRoomIntervalMs: 200,
      trustProxy: true,
    });
    const host = await createRoom(server.syncUrl, { pin: '4821' });
    clients.push(host.client);
    const roomId = host.joined.payload.roomId;
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) {
      const guesser = await greeted(server.syncUrl, address);
      expect((await joinError(guesser, roomId, '9999')).code).toBe('BAD_PIN');
    }
    const member = await greeted(server.syncUrl, '10.0.0.5');
    const joined = await member.request('room.join', { roomId, pin: '4821' }, 'room.joined');
    expect(joined.payload.roomId).toBe(roomId);
  });

  it('a room past its limit checks one PIN per interval; beyond the longest wait, RATE_LIMITED says when to retry', async () => {
    const server = await start({
      pinAttemptsPerRoom: 1,
      pinRoomIntervalMs: 5000,
      pinRoomMaxWaitMs: 0,
      trustProxy: true,
    });
    const host = await createRoom(server.syncUrl, { pin: '4821' });
    clients.push(host.client);
    const roomId = host.joined.payload.roomId;
    const a = await greeted(server.syncUrl, '10.0.1.1');
    expect((await joinError(a, roomId, '1111')).code).toBe('BAD_PIN');
    const b = await greeted(server.syncUrl, '10.0.1.2');
    expect((await joinError(b, roomId, '2222')).code).toBe('BAD_PIN'); // first slot: now
    const c = await greeted(server.syncUrl, '10.0.1.3');
    const slowed = await joinError(c, roomId, '4821');
    expect(slowed.code).toBe('RATE_LIMITED');
    expect(slowed.retryAfterMs).toBeGreaterThan(3000);
    expect(slowed.message).toContain('slowed down');
    expect(c.closeCode).toBeNull();
  });
});

describe('the hash queue', () => {
  it('a burst of PIN checks is refused with SERVER_BUSY beyond the queue, and GET / stays fast', async () => {
    const server = await start({
      pinAttemptsPerAddress: 100_000,
      pinAttemptsPerRoom: 100_000,
      roomOpRate: 1000,
      roomOpBurst: 1000,
      maxViolations: 100_000,
      hashConcurrency: 1,
      hashQueueSize: 4,
    });
    const host = await createRoom(server.syncUrl, { pin: '4821' });
    clients.push(host.client);
    const roomId = host.joined.payload.roomId;
    const guessers = await Promise.all(Array.from({ length: 30 }, () => greeted(server.syncUrl)));
    // 600 guesses at once (30 connections × 20).
    for (const client of guessers)
      for (let i = 0; i < 20; i++) client.send('room.join', { roomId, pin: `${1000 + i}` });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const response = await fetch(`${server.url}/`);
    await response.text();
    const pageMs = performance.now() - started;
    expect(response.status).toBe(200);
    expect(pageMs).toBeLessThan(1500);
    const busy = guessers.flatMap((client) =>
      client.all('error').filter((m) => m.payload.code === 'SERVER_BUSY'),
    );
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]?.payload.retryAfterMs).toBeGreaterThan(0);
    expect(busy[0]?.payload.message).toContain('try again');
  });
});

describe('unknown room codes', () => {
  it('are limited per address across reconnects and instances, and counted in /metrics', async () => {
    const options = { lookupFailuresPerAddress: 5, lookupWindowMs: 60_000 };
    const a = await start(options);
    const b = await startServer({
      port: 0,
      host: '127.0.0.1',
      staticDir: testStaticDir(),
      logLevel: 'silent',
      ...options,
      store: a.store,
    });
    servers.push(b);
    const room = await createRoom(a.syncUrl);
    clients.push(room.client);
    const prober = await greeted(a.syncUrl);
    const codes: string[] = [];
    for (let i = 0; i < 6; i++)
      codes.push((await joinError(prober, `QQQQ-QQQ${'BCDFGH'[i]}`)).code);
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('ROOM_NOT_FOUND'));
    expect(codes[5]).toBe('TOO_MANY_ATTEMPTS');
    // Reconnecting does not reset it, nor does another instance sharing the store; while the
    // wait runs even a real code is refused (the wait is what stops enumeration).
    const reconnected = await greeted(a.syncUrl);
    const refused = await joinError(reconnected, 'QQQQ-QQQJ');
    expect(refused.code).toBe('TOO_MANY_ATTEMPTS');
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.message).toContain('room codes');
    const elsewhere = await greeted(b.syncUrl);
    expect((await joinError(elsewhere, room.joined.payload.roomId)).code).toBe('TOO_MANY_ATTEMPTS');
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/reelsync_rejections_total\{reason="ROOM_NOT_FOUND"\} 5/);
  });
});
