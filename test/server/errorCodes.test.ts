// Every error code in the protocol's closed set is reachable through the real server
// (each is also covered where its behaviour is tested; this guards the set as a whole).
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MOTION,
  ERROR_CODE_LIST,
  PROTOCOL_VERSION,
  type ErrorCode,
} from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { FaultyStore } from './helpers/FaultyStore';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
});

describe('error codes', () => {
  it('every code is reachable', async () => {
    const seen = new Set<ErrorCode>();
    const store = new FaultyStore();
    const server = await startTestServer({
      store,
      maxMessageBytes: 2048,
      roomCapacity: 2,
      maxRoomsPerAddress: 2,
      pinAttemptsPerAddress: 2,
      stateRate: 1,
      stateBurst: 3,
      maxAnnotations: 1,
      maxNotesBytes: 10,
      maxViolations: 1000,
    });
    servers.push(server);
    const url = server.syncUrl;
    const record = async (client: TestClient, id: string) => {
      seen.add((await client.errorFor(id)).payload.code);
    };
    const raw = async (client: TestClient, data: string) => {
      const before = client.all('error').length;
      client.sendRaw(data);
      await client.next('error', () => client.all('error').length > before);
      seen.add(client.all('error').at(-1)?.payload.code ?? 'INTERNAL_ERROR');
    };

    const fresh = await TestClient.connect(url);
    clients.push(fresh);
    await record(fresh, fresh.send('ping', { clientTime: 1 })); // HANDSHAKE_REQUIRED
    await fresh.request('hello', { protocolVersion: PROTOCOL_VERSION }, 'welcome');
    await raw(fresh, '{'); // INVALID_JSON
    await raw(fresh, '{"type":"nope","id":"a","timestamp":1,"payload":{}}'); // UNKNOWN_TYPE
    await raw(fresh, '{"type":"ping","id":"a","timestamp":1,"payload":{}}'); // INVALID_MESSAGE
    // PAYLOAD_TOO_LARGE: a message over the limit closes the socket with 1009 (the limit is the
    // WebSocket maxPayload, so fragments cannot pile up); /metrics counts it under that code.
    const oversize = await TestClient.greeted(url);
    clients.push(oversize);
    oversize.sendRaw(JSON.stringify({ pad: 'x'.repeat(3000) }));
    expect(await oversize.closed).toBe(1009);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    if (/reelsync_rejections_total\{reason="PAYLOAD_TOO_LARGE"\} [1-9]/.test(metrics))
      seen.add('PAYLOAD_TOO_LARGE');
    await record(fresh, fresh.send('room.leave', {})); // NOT_IN_ROOM
    await record(fresh, fresh.send('room.join', { roomId: 'ABCD-2345' })); // ROOM_NOT_FOUND

    const host = await createRoom(url, { pin: '1234' });
    clients.push(host.client);
    const roomId = host.joined.payload.roomId;
    await record(host.client, host.client.send('room.create', {})); // ALREADY_IN_ROOM
    await record(
      host.client,
      host.client.send('room.setRole', { userId: 'ghost', role: 'viewer' }),
    ); // USER_NOT_FOUND
    await record(host.client, host.client.send('room.claimHost', { hostToken: 'q'.repeat(32) })); // BAD_HOST_TOKEN
    await record(host.client, host.client.send('sync.note', { op: 'remove', id: 'none' })); // ITEM_NOT_FOUND
    host.client.send('sync.annotation', {
      op: 'add',
      annotation: {
        id: `${host.joined.payload.userId}-1`,
        frame: 1,
        tool: 'pen',
        color: '#ffffff',
        width: 1,
        points: [],
      },
    });
    await record(
      host.client,
      host.client.send('sync.annotation', {
        op: 'add',
        annotation: {
          id: `${host.joined.payload.userId}-2`,
          frame: 1,
          tool: 'pen',
          color: '#ffffff',
          width: 1,
          points: [],
        },
      }),
    ); // LIMIT_EXCEEDED
    await record(
      host.client,
      host.client.send('sync.view', {
        view: { zoom: 1, pan: { x: 0, y: 0 }, fit: true, channel: 'rgb' },
      }),
    ); // RATE_LIMITED (bucket of 3 spent)

    const pinless = await TestClient.greeted(url);
    clients.push(pinless);
    await record(pinless, pinless.send('room.join', { roomId })); // PIN_REQUIRED
    await record(pinless, pinless.send('room.join', { roomId, pin: '0000' })); // BAD_PIN
    await record(pinless, pinless.send('room.join', { roomId, pin: '0001' })); // BAD_PIN (2nd)
    await record(pinless, pinless.send('room.join', { roomId, pin: '1234' })); // TOO_MANY_ATTEMPTS

    const second = await createRoom(url);
    clients.push(second.client);
    await record(
      second.client,
      second.client.send('sync.note', { op: 'add', note: { id: 'n1', frame: 1, text: 'x' } }),
    ); // ROOM_BUDGET_FULL
    // The store failures go through a connection whose rate-limit bucket is still full.
    store.failure = 'unavailable';
    await record(second.client, second.client.send('sync.frame', { frame: 1, baseVersion: 0 })); // STORE_UNAVAILABLE
    store.failure = 'crash';
    await record(second.client, second.client.send('sync.frame', { frame: 1, baseVersion: 0 })); // INTERNAL_ERROR
    const viewer = await joinRoom(url, second.joined.payload.roomId, { role: 'viewer' });
    clients.push(viewer.client);
    await record(viewer.client, viewer.client.send('sync.frame', { frame: 2, baseVersion: 0 })); // FORBIDDEN
    const full = await TestClient.greeted(url);
    clients.push(full);
    await record(full, full.send('room.join', { roomId: second.joined.payload.roomId })); // ROOM_FULL
    await record(full, full.send('room.create', {})); // TOO_MANY_ROOMS
    await record(
      full,
      full.send('room.resume', {
        roomId: second.joined.payload.roomId,
        sessionToken: 'w'.repeat(32),
        lastVersion: 0,
      }),
    ); // INVALID_SESSION

    // STALE_CHANGE arrives in sync.rejected.
    const third = await startTestServer({ maxFileBytes: 1000, roomQuotaBytes: 1500 });
    servers.push(third);
    const h = await createRoom(third.syncUrl);
    const p = await joinRoom(third.syncUrl, h.joined.payload.roomId);
    clients.push(h.client, p.client);
    const upload = (id: string, size: number) => ({
      item: { id: id.repeat(64), kind: 'upload' as const, name: 'a.mov', size },
    });
    await record(h.client, h.client.send('library.add', upload('a', 1001))); // FILE_TOO_LARGE
    await h.client.request('library.add', upload('b', 1000), 'sync.library');
    await record(h.client, h.client.send('library.add', upload('c', 600))); // ROOM_QUOTA_EXCEEDED
    await record(h.client, h.client.send('library.remove', { id: 'd'.repeat(64) })); // MEDIA_NOT_FOUND
    h.client.send('sync.frame', { frame: 9, baseVersion: 0 });
    await p.client.next('sync.playback');
    p.client.send('sync.frame', { frame: 1, baseVersion: 0 });
    seen.add((await p.client.next('sync.rejected')).payload.code);
    // WAITING_FOR_USERS arrives in sync.rejected (wait for everyone holds a play).
    p.client.send('user.presence', { mediaStatus: 'loading' });
    await h.client.next('room.users', (m) =>
      m.payload.users.some((u) => u.mediaStatus === 'loading'),
    );
    h.client.send('room.settings', { settings: { waitForEveryone: true } });
    await h.client.next('room.settings');
    const held = h.client.send('sync.playback', {
      motion: { ...DEFAULT_MOTION, playing: true },
      baseVersion: 100,
    });
    seen.add((await h.client.next('sync.rejected', (m) => m.replyTo === held)).payload.code);

    const mismatch = await TestClient.connect(third.syncUrl);
    clients.push(mismatch);
    await record(mismatch, mismatch.send('hello', { protocolVersion: 999 })); // VERSION_MISMATCH

    const busy = await startTestServer({ maxConnections: 0 });
    servers.push(busy);
    const refused = await TestClient.connect(busy.syncUrl);
    clients.push(refused);
    seen.add((await refused.next('error')).payload.code); // SERVER_BUSY

    // Answers of the media HTTP routes and the upload pipeline: reached in mediaUpload.test.ts;
    // AUTH_REQUIRED needs an OpenID Connect provider: reached in oidc.test.ts.
    const overHttp: ErrorCode[] = [
      'DISK_FULL',
      'MEDIA_TOKEN_INVALID',
      'NOT_MEDIA',
      'AUTH_REQUIRED',
    ];
    expect([...seen].sort()).toEqual(
      ERROR_CODE_LIST.filter((code) => !overHttp.includes(code)).sort(),
    );
  });
});
