// Rooms through the real server: create/join/leave, codes, capacity, PINs and the attempt
// limiter, names and colors, roles, host handover and reclaim, ending a room.
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, isValidRoomCode } from '../../src/protocol/index';
import type { RunningServer, ServerOptions } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { waitFor } from '../support/waitFor';
import { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

async function start(overrides: Partial<ServerOptions> = {}) {
  server = await startTestServer(overrides);
  return server.syncUrl;
}

function track<T extends { client: TestClient }>(joined: T): T {
  clients.push(joined.client);
  return joined;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

describe('rooms', () => {
  it('creates a room: code, user id, session token, host token, snapshot, users', async () => {
    const url = await start();
    const { joined, state, client } = track(await createRoom(url, { displayName: 'Ana' }));
    expect(isValidRoomCode(joined.payload.roomId)).toBe(true);
    expect(joined.payload).toMatchObject({
      role: 'host',
      mode: 'created',
      pinProtected: false,
      capacity: 16,
    });
    expect(joined.payload.sessionToken.length).toBeGreaterThanOrEqual(32);
    expect(joined.payload.hostToken?.length).toBeGreaterThanOrEqual(32);
    expect(state.payload).toMatchObject({ mode: 'snapshot', version: 0 });
    const users = client.all('room.users').at(-1);
    expect(users?.payload.users).toEqual([
      expect.objectContaining({ displayName: 'Ana', role: 'host', connected: true }),
    ]);
  });

  it('joins by code; both see each other with distinct colors; leave removes the user', async () => {
    const url = await start();
    const host = track(await createRoom(url, { displayName: 'Ana' }));
    const guest = track(
      await joinRoom(url, host.joined.payload.roomId, { displayName: '  Bo\u0000 ' }),
    );
    expect(guest.joined.payload).toMatchObject({ mode: 'joined', role: 'participant' });
    expect(guest.joined.payload.hostToken).toBeUndefined();
    const both = await host.client.next('room.users', (m) => m.payload.users.length === 2);
    const [ana, bo] = both.payload.users;
    // One member-list broadcast per change: create, then join.
    await host.client.request('ping', { clientTime: 0 }, 'pong');
    expect(host.client.all('room.users')).toHaveLength(2);
    expect(guest.client.all('room.users')).toHaveLength(1);
    expect(bo?.displayName).toBe('Bo');
    expect(ana?.color).not.toBe(bo?.color);
    const id = guest.client.send('room.leave', {});
    await guest.client.next('room.left', (m) => m.replyTo === id);
    const after = await host.client.next('room.users', (m) => m.payload.users.length === 1);
    expect(after.payload.users[0]?.displayName).toBe('Ana');
  });

  it('names every nameless guest and cuts long names', async () => {
    const url = await start();
    const host = track(await createRoom(url));
    const guest = track(
      await joinRoom(url, host.joined.payload.roomId, { displayName: 'x'.repeat(60) }),
    );
    const users = guest.client.all('room.users').at(-1);
    expect(users?.payload.users).toHaveLength(2);
    expect(users?.payload.users[0]?.displayName).toBe('Guest 1');
    expect(users?.payload.users[1]?.displayName).toBe('x'.repeat(32));
  });

  it('ROOM_NOT_FOUND for an unknown code', async () => {
    const url = await start();
    const client = await TestClient.greeted(url);
    clients.push(client);
    const id = client.send('room.join', { roomId: 'ABCD-2345' });
    expect((await client.errorFor(id)).payload).toEqual({
      code: 'ROOM_NOT_FOUND',
      message: 'Room not found',
    });
  });

  it('ROOM_FULL at capacity', async () => {
    const url = await start({ roomCapacity: 2 });
    const host = track(await createRoom(url));
    track(await joinRoom(url, host.joined.payload.roomId));
    const third = await TestClient.greeted(url);
    clients.push(third);
    const id = third.send('room.join', { roomId: host.joined.payload.roomId });
    expect((await third.errorFor(id)).payload).toEqual({
      code: 'ROOM_FULL',
      message: 'Room is full',
    });
  });

  it('PIN rooms: PIN_REQUIRED, BAD_PIN, right PIN joins', async () => {
    const url = await start();
    const host = track(await createRoom(url, { pin: '4821' }));
    expect(host.joined.payload.pinProtected).toBe(true);
    const roomId = host.joined.payload.roomId;
    const client = await TestClient.greeted(url);
    clients.push(client);
    expect((await client.errorFor(client.send('room.join', { roomId }))).payload.code).toBe(
      'PIN_REQUIRED',
    );
    expect(
      (await client.errorFor(client.send('room.join', { roomId, pin: '0000' }))).payload.code,
    ).toBe('BAD_PIN');
    const joined = await client.request('room.join', { roomId, pin: '4821' }, 'room.joined');
    expect(joined.payload.pinProtected).toBe(true);
  });

  it('limits wrong PINs per client address, then closes with 4003', async () => {
    const url = await start({ pinAttemptsPerAddress: 3, pinBackoffBaseMs: 60_000 });
    const host = track(await createRoom(url, { pin: '4821' }));
    const roomId = host.joined.payload.roomId;
    const client = await TestClient.greeted(url);
    clients.push(client);
    for (let i = 0; i < 3; i++) {
      expect(
        (await client.errorFor(client.send('room.join', { roomId, pin: `000${i}` }))).payload.code,
      ).toBe('BAD_PIN');
    }
    // Even the right PIN is refused now, from this address.
    const id = client.send('room.join', { roomId, pin: '4821' });
    const refused = await client.errorFor(id);
    expect(refused.payload.code).toBe('TOO_MANY_ATTEMPTS');
    // It says how long to wait.
    expect(refused.payload.retryAfterMs).toBeGreaterThan(50_000);
    expect(refused.payload.message).toMatch(/wait \d+ s/);
    expect(await client.closed).toBe(CLOSE_CODES.TOO_MANY_ATTEMPTS.code);
    // A new connection from the same address is limited too.
    const again = await TestClient.greeted(url);
    clients.push(again);
    expect(
      (await again.errorFor(again.send('room.join', { roomId, pin: '4821' }))).payload.code,
    ).toBe('TOO_MANY_ATTEMPTS');
  });

  it('TOO_MANY_ROOMS per client address', async () => {
    const url = await start({ maxRoomsPerAddress: 2 });
    track(await createRoom(url));
    track(await createRoom(url));
    const client = await TestClient.greeted(url);
    clients.push(client);
    expect((await client.errorFor(client.send('room.create', {}))).payload.code).toBe(
      'TOO_MANY_ROOMS',
    );
  });

  it('a viewer is read-only; the host can change roles', async () => {
    const url = await start();
    const host = track(await createRoom(url));
    const viewer = track(await joinRoom(url, host.joined.payload.roomId, { role: 'viewer' }));
    expect(viewer.joined.payload.role).toBe('viewer');
    const seek = viewer.client.send('sync.frame', { frame: 10, baseVersion: 0 });
    expect((await viewer.client.errorFor(seek)).payload.code).toBe('FORBIDDEN');
    const setRole = host.client.send('room.setRole', {
      userId: viewer.joined.payload.userId,
      role: 'participant',
    });
    await viewer.client.next('room.users', (m) =>
      m.payload.users.some(
        (u) => u.userId === viewer.joined.payload.userId && u.role === 'participant',
      ),
    );
    expect(host.client.all('error').filter((m) => m.replyTo === setRole)).toEqual([]);
    viewer.client.send('sync.frame', { frame: 10, baseVersion: 0 });
    expect((await host.client.next('sync.playback')).payload.motion.anchorFrame).toBe(10);
    // Participants cannot change roles; unknown users are reported.
    const denied = viewer.client.send('room.setRole', {
      userId: host.joined.payload.userId,
      role: 'viewer',
    });
    expect((await viewer.client.errorFor(denied)).payload.code).toBe('FORBIDDEN');
    const missing = host.client.send('room.setRole', { userId: 'nobody', role: 'viewer' });
    expect((await host.client.errorFor(missing)).payload.code).toBe('USER_NOT_FOUND');
  });

  it('host handover rotates the host token: the old one stops working, the new host gets a new one', async () => {
    const url = await start();
    const host = track(await createRoom(url, { displayName: 'Ana' }));
    const guest = track(await joinRoom(url, host.joined.payload.roomId, { displayName: 'Bo' }));
    const guestId = guest.joined.payload.userId;
    host.client.send('room.transferHost', { userId: guestId });
    const handed = await guest.client.next(
      'room.users',
      (m) => m.payload.users.find((u) => u.userId === guestId)?.role === 'host',
    );
    expect(handed.payload.users.filter((u) => u.role === 'host')).toHaveLength(1);
    const rotated = (await guest.client.next('room.hostToken')).payload.hostToken;
    expect(rotated).not.toBe(host.joined.payload.hostToken);
    // The old host is a participant now: host-only actions are refused.
    expect((await host.client.errorFor(host.client.send('room.end', {}))).payload.code).toBe(
      'FORBIDDEN',
    );
    expect(host.client.all('room.hostToken')).toHaveLength(0);
    // A wrong token is refused, and so is the token the room was created with.
    expect(
      (
        await guest.client.errorFor(
          guest.client.send('room.claimHost', { hostToken: 'x'.repeat(32) }),
        )
      ).payload.code,
    ).toBe('BAD_HOST_TOKEN');
    const stale = host.client.send('room.claimHost', {
      hostToken: host.joined.payload.hostToken ?? '',
    });
    expect((await host.client.errorFor(stale)).payload.code).toBe('BAD_HOST_TOKEN');
    // The new token is the one that reclaims.
    host.client.send('room.claimHost', { hostToken: rotated });
    await guest.client.next(
      'room.users',
      (m) => m.payload.users.find((u) => u.userId === host.joined.payload.userId)?.role === 'host',
    );
  });

  it('the host ends the room: everyone gets room.ended and close 4004; the code is gone', async () => {
    const url = await start();
    const host = track(await createRoom(url));
    const guest = track(await joinRoom(url, host.joined.payload.roomId));
    host.client.send('room.end', {});
    expect((await guest.client.next('room.ended')).payload.reason).toBe('host');
    expect(await guest.client.closed).toBe(CLOSE_CODES.ROOM_ENDED.code);
    expect(await host.client.closed).toBe(CLOSE_CODES.ROOM_ENDED.code);
    const late = await TestClient.greeted(url);
    clients.push(late);
    expect(
      (await late.errorFor(late.send('room.join', { roomId: host.joined.payload.roomId }))).payload
        .code,
    ).toBe('ROOM_NOT_FOUND');
  });

  it('a room with nobody connected expires after the idle timeout', async () => {
    const url = await start({ roomIdleTimeoutMs: 300, presenceGraceMs: 50 });
    const host = track(await createRoom(url));
    const roomId = host.joined.payload.roomId;
    await host.client.close();
    // The sweep runs every max(1 s, timeout / 2); the room is gone from the store once it ran.
    await waitFor(async () => (await server?.store.getRoomMeta(roomId)) === null, {
      what: 'the idle room swept from the store',
      timeoutMs: 3000,
    });
    const late = await TestClient.greeted(url);
    clients.push(late);
    expect((await late.errorFor(late.send('room.join', { roomId }))).payload.code).toBe(
      'ROOM_NOT_FOUND',
    );
  });

  it('a server shutdown closes sockets with 4009 (reconnect)', async () => {
    const url = await start();
    const host = track(await createRoom(url));
    await server?.close();
    expect(await host.client.closed).toBe(CLOSE_CODES.SHUTDOWN.code);
  });

  it('NOT_IN_ROOM and ALREADY_IN_ROOM', async () => {
    const url = await start();
    const lobby = await TestClient.greeted(url);
    clients.push(lobby);
    expect(
      (
        await lobby.errorFor(
          lobby.send('sync.view', {
            view: { zoom: 1, pan: { x: 0, y: 0 }, fit: true, channel: 'rgb' },
          }),
        )
      ).payload.code,
    ).toBe('NOT_IN_ROOM');
    const host = track(await createRoom(url));
    expect((await host.client.errorFor(host.client.send('room.create', {}))).payload.code).toBe(
      'ALREADY_IN_ROOM',
    );
  });

  it('rooms are independent: changes in one never reach another', async () => {
    const url = await start();
    const a = track(await createRoom(url));
    const b = track(await createRoom(url));
    const bGuest = track(await joinRoom(url, b.joined.payload.roomId));
    a.client.send('sync.frame', { frame: 99, baseVersion: 0 });
    await a.client.next('sync.playback');
    b.client.send('sync.frame', { frame: 7, baseVersion: 0 });
    const seen = await bGuest.client.next('sync.playback');
    expect(seen.payload.motion.anchorFrame).toBe(7);
    expect(bGuest.client.all('sync.playback')).toHaveLength(1);
  });
});
