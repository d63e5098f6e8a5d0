// Bad input and limits through the real server: malformed, unknown, mistyped and oversize
// messages, handshake rules, floods, abuse cut-off, connection limit, Origin allow-list,
// heartbeat, and a slow consumer cut off without stalling the room.
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, PROTOCOL_VERSION } from '../../src/protocol/index';
import type { RunningServer, ServerOptions } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';
import { waitFor } from '../support/waitFor';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

async function start(overrides: Partial<ServerOptions> = {}) {
  server = await startTestServer(overrides);
  return server.syncUrl;
}
async function greeted(url: string) {
  const client = await TestClient.greeted(url);
  clients.push(client);
  return client;
}
async function connections(): Promise<number> {
  const response = await fetch(`${server?.url}/healthz`);
  return ((await response.json()) as { connections: number }).connections;
}
const view = { zoom: 2, pan: { x: 0, y: 0 }, fit: false, channel: 'rgb' as const };

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

describe('bad input gets typed errors', () => {
  it('malformed JSON, non-objects, unknown types, missing and wrongly-typed fields, binary frames', async () => {
    const client = await greeted(await start());
    client.sendRaw('{"type": "ping", ');
    expect((await client.next('error')).payload.code).toBe('INVALID_JSON');
    client.sendRaw('[1,2,3]');
    expect((await client.next('error')).payload).toMatchObject({
      code: 'INVALID_MESSAGE',
      path: '',
    });
    client.sendRaw(JSON.stringify({ type: 'sync.teleport', id: 'u1', timestamp: 1, payload: {} }));
    const unknown = await client.next('error');
    expect(unknown.payload).toMatchObject({ code: 'UNKNOWN_TYPE', path: '/type' });
    expect(unknown.replyTo).toBe('u1');
    client.sendRaw(JSON.stringify({ type: 'ping', id: 'm1', timestamp: 1, payload: {} }));
    expect((await client.next('error')).payload).toMatchObject({
      code: 'INVALID_MESSAGE',
      path: '/payload',
    });
    client.sendRaw(
      JSON.stringify({ type: 'ping', id: 'm2', timestamp: 'now', payload: { clientTime: 1 } }),
    );
    expect((await client.next('error')).payload).toMatchObject({
      code: 'INVALID_MESSAGE',
      path: '/timestamp',
    });
    client.sendRaw(Buffer.from([1, 2, 3]));
    expect((await client.next('error')).payload.message).toContain('binary');
    // The connection is still usable.
    await client.request('ping', { clientTime: 1 }, 'pong');
  });

  it('HANDSHAKE_REQUIRED before hello; a second hello is refused', async () => {
    const url = await start();
    const client = await TestClient.connect(url);
    clients.push(client);
    const early = client.send('room.create', {});
    expect((await client.errorFor(early)).payload.code).toBe('HANDSHAKE_REQUIRED');
    await client.request('hello', { protocolVersion: PROTOCOL_VERSION }, 'welcome');
    const again = client.send('hello', { protocolVersion: PROTOCOL_VERSION });
    expect((await client.errorFor(again)).payload.code).toBe('INVALID_MESSAGE');
  });

  it('messages pipelined right behind hello are handled in order', async () => {
    const url = await start();
    const client = await TestClient.connect(url);
    clients.push(client);
    client.send('hello', { protocolVersion: PROTOCOL_VERSION });
    client.send('room.create', { displayName: 'Fast' });
    expect((await client.next('room.joined')).payload.role).toBe('host');
  });

  it('VERSION_MISMATCH refuses cleanly and closes with 4001', async () => {
    const url = await start();
    const client = await TestClient.connect(url);
    clients.push(client);
    const id = client.send('hello', { protocolVersion: PROTOCOL_VERSION + 1 });
    const error = await client.errorFor(id);
    expect(error.payload.code).toBe('VERSION_MISMATCH');
    expect(error.payload.message).toContain(`server speaks ${PROTOCOL_VERSION}`);
    expect(await client.closed).toBe(CLOSE_CODES.VERSION_MISMATCH.code);
  });

  it('oversize: a message over the limit closes with 1009 (the limit is announced in welcome)', async () => {
    const url = await start({ maxMessageBytes: 1024 });
    const client = await TestClient.connect(url);
    clients.push(client);
    const welcome = await client.request('hello', { protocolVersion: PROTOCOL_VERSION }, 'welcome');
    expect(welcome.payload.limits.maxMessageBytes).toBe(1024);
    client.sendRaw(
      JSON.stringify({
        type: 'ping',
        id: 'big',
        timestamp: 1,
        payload: { clientTime: 1 },
        pad: 'x'.repeat(1100),
      }),
    );
    expect(await client.closed).toBe(1009);
  });

  it('repeated bad input closes the connection with 4002', async () => {
    const client = await greeted(await start({ maxViolations: 5 }));
    for (let i = 0; i < 10; i++) client.sendRaw('nope');
    expect(await client.closed).toBe(CLOSE_CODES.ABUSE.code);
    expect(client.all('error').length).toBeGreaterThanOrEqual(5);
  });
});

describe('rate limits', () => {
  it('a state flood is cut to the bucket, answered with one RATE_LIMITED per second, then closed 4002', async () => {
    const url = await start({ stateRate: 1, stateBurst: 5, maxViolations: 1000 });
    const { client } = await createRoom(url);
    clients.push(client);
    for (let i = 0; i < 40; i++) client.send('sync.view', { view: { ...view, zoom: i + 1 } });
    const limited = await client.next('error', (m) => m.payload.code === 'RATE_LIMITED');
    expect(limited.payload.retryAfterMs).toBeGreaterThan(0);
    await client.request('ping', { clientTime: 1 }, 'pong');
    expect(client.all('sync.view').map((m) => m.version)).toEqual([1, 2, 3, 4, 5]);
    expect(client.all('error').filter((m) => m.payload.code === 'RATE_LIMITED')).toHaveLength(1);
    await server?.close();
    const abusive = await createRoom(
      await start({ stateRate: 1, stateBurst: 5, maxViolations: 20 }),
    );
    clients.push(abusive.client);
    for (let i = 0; i < 40; i++) abusive.client.send('sync.view', { view });
    expect(await abusive.client.closed).toBe(CLOSE_CODES.ABUSE.code);
  });

  it('excess cursor messages are dropped silently (ephemeral), the room keeps working', async () => {
    const url = await start({ liveRate: 1, liveBurst: 3, maxViolations: 1000 });
    const host = await createRoom(url);
    const guest = await joinRoom(url, host.joined.payload.roomId);
    clients.push(host.client, guest.client);
    for (let i = 0; i < 20; i++)
      host.client.send('live.cursor', { x: i, y: i, frame: 1, visible: true });
    host.client.send('sync.frame', { frame: 5, baseVersion: 0 });
    await guest.client.next('sync.playback');
    expect(guest.client.all('live.cursor')).toHaveLength(3);
    expect(host.client.all('error')).toEqual([]);
  });
});

describe('connection limits', () => {
  it('closes an idle handshake with 4005', async () => {
    const client = await TestClient.connect(await start({ handshakeTimeoutMs: 150 }));
    clients.push(client);
    expect(await client.closed).toBe(CLOSE_CODES.HANDSHAKE_TIMEOUT.code);
  });

  it('refuses connections over the limit with SERVER_BUSY and 4007', async () => {
    const url = await start({ maxConnections: 1 });
    await greeted(url);
    const second = await TestClient.connect(url);
    clients.push(second);
    expect((await second.next('error')).payload.code).toBe('SERVER_BUSY');
    expect(await second.closed).toBe(CLOSE_CODES.SERVER_BUSY.code);
  });

  it('Origin allow-list: refuses other browser origins with 403; wrong paths get 404', async () => {
    const url = await start({ allowedOrigins: ['https://review.example'] });
    await expect(TestClient.connect(url, { origin: 'https://evil.example' })).rejects.toThrow(
      '403',
    );
    clients.push(await TestClient.connect(url, { origin: 'https://review.example' }));
    clients.push(await TestClient.connect(url));
    await expect(TestClient.connect(url.replace('/sync', '/other'))).rejects.toThrow('404');
  });

  it('heartbeat terminates a socket that stops answering pings', async () => {
    const url = await start({ heartbeatIntervalMs: 100 });
    const alive = await greeted(url);
    const dead = await greeted(url);
    expect(await connections()).toBe(2);
    dead.ws.pause(); // stops reading: pings go unanswered
    await waitFor(async () => (await connections()) === 1, { what: 'one connection left' });
    await alive.request('ping', { clientTime: 1 }, 'pong');
    dead.ws.terminate();
  });

  it('a slow consumer is cut off without stalling the room', async () => {
    const url = await start({
      stateRate: 10_000,
      stateBurst: 10_000,
      sendHighWaterBytes: 64 * 1024,
      sendMaxBufferBytes: 256 * 1024,
      // ~24 MB of strokes: over the default drawing budget, which is not what this tests.
      maxAnnotationsBytes: 64 * 1024 * 1024,
      maxRoomStateBytes: 64 * 1024 * 1024,
    });
    const host = await createRoom(url);
    const fast = await joinRoom(url, host.joined.payload.roomId);
    const slow = await joinRoom(url, host.joined.payload.roomId);
    clients.push(host.client, fast.client, slow.client);
    slow.client.ws.pause();
    const hostId = host.joined.payload.userId;
    const points = Array.from({ length: 3000 }, (_, i) => (i % 3 === 2 ? 0.5 : 1000 + i / 7));
    const total = 600;
    // The host sends in small batches, each after the fast member got the previous one: the
    // fast member keeps up (tests share one event loop with the server), the paused one cannot.
    for (let i = 0; i < total; i++) {
      host.client.send('sync.annotation', {
        op: 'add',
        annotation: {
          id: `${hostId}-s${i}`,
          frame: 1,
          tool: 'pen',
          color: '#ffffff',
          width: 1,
          points,
        },
      });
      if (i % 4 === 3) await fast.client.next('sync.annotation', (m) => m.version === i + 1, 5000);
    }
    expect(fast.client.all('sync.annotation')).toHaveLength(total);
    expect(fast.client.closeCode).toBeNull();
    await waitFor(async () => (await connections()) === 2, {
      what: 'two connections',
      timeoutMs: 10_000,
    });
    const users = await host.client.next(
      'room.users',
      (m) => m.payload.users.some((u) => u.userId === slow.joined.payload.userId && !u.connected),
      5000,
    );
    expect(users.payload.users).toHaveLength(3);
    const metrics = await (await fetch(`${server?.url}/metrics`)).text();
    expect(metrics).toMatch(/reelsync_rejections_total\{reason="SLOW_CONSUMER"\} [1-9]/);
    slow.client.ws.terminate();
  });
});
