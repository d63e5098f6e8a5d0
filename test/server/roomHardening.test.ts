// Issue 14, room state: byte budgets, strict seeds, annotation id ownership, limited and
// drained snapshots, and the host's powers (remove a member, change the PIN). Real server on
// an ephemeral port; REELSYNC_TEST_STORE=redis runs the same against Redis.
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, type AnnotationInput } from '../../src/protocol/index';
import type { RunningServer, ServerOptions } from '../../server/index';
import { createRoom, joinRoom, type Joined } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

async function start(overrides: Partial<ServerOptions> = {}): Promise<string> {
  server = await startTestServer(overrides);
  return server.syncUrl;
}
function track(joined: Joined): Joined {
  clients.push(joined.client);
  return joined;
}
async function greeted(url: string): Promise<TestClient> {
  const client = await TestClient.greeted(url);
  clients.push(client);
  return client;
}

/** A stroke of `points` points (3 numbers each), about 20 bytes per point serialized. */
function stroke(id: string, points = 50, frame = 1): AnnotationInput {
  const coords = Array.from({ length: points * 3 }, (_, i) => (i % 3 === 2 ? 0.5 : 1000 + i / 7));
  return { id, frame, tool: 'pen', color: '#ff0000', width: 2, points: coords };
}

describe('room state byte budget', () => {
  it('refuses drawings past the room drawing budget with a clear message, and frees room as drawings are cleared', async () => {
    const url = await start({ maxAnnotationsBytes: 20_000, stateRate: 1000, stateBurst: 1000 });
    const host = track(await createRoom(url));
    const me = host.joined.payload.userId;
    let refusal: string | null = null;
    let accepted = 0;
    for (let i = 0; i < 40 && !refusal; i++) {
      const id = host.client.send('sync.annotation', {
        op: 'add',
        annotation: stroke(`${me}-${i}`),
      });
      const answer = await host.client
        .next('sync.annotation', (m) => m.replyTo === id, 3000)
        .catch(() => null);
      if (answer) accepted++;
      else {
        const error = host.client.all('error').find((m) => m.replyTo === id);
        expect(error?.payload.code).toBe('ROOM_BUDGET_FULL');
        refusal = error?.payload.message ?? '';
      }
    }
    // ~2.6 KB per stroke: 7 fit in 20 KB, the 8th does not.
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThan(10);
    expect(refusal).toMatch(/room drawing budget full \(20 KB\) — clear old drawings/);
    // Clearing frees the budget (tracked per change, not re-measured from scratch).
    host.client.send('sync.annotation', { op: 'clear', frame: null });
    await host.client.next('sync.annotation', (m) => m.payload.op === 'remove');
    const again = host.client.send('sync.annotation', {
      op: 'add',
      annotation: stroke(`${me}-again`),
    });
    await host.client.next('sync.annotation', (m) => m.replyTo === again);
  });

  it('refuses one oversized annotation and notes past the notes budget', async () => {
    const url = await start({ maxAnnotationBytes: 4096, maxNotesBytes: 700 });
    const host = track(await createRoom(url));
    const me = host.joined.payload.userId;
    const big = host.client.send('sync.annotation', {
      op: 'add',
      annotation: stroke(`${me}-big`, 400),
    });
    const tooBig = await host.client.errorFor(big);
    expect(tooBig.payload.code).toBe('LIMIT_EXCEEDED');
    expect(tooBig.payload.message).toMatch(/one annotation may take at most 4 KB/);
    const text = 'n'.repeat(200);
    const first = host.client.send('sync.note', { op: 'add', note: { id: 'n1', frame: 1, text } });
    await host.client.next('sync.note', (m) => m.replyTo === first);
    const second = host.client.send('sync.note', { op: 'add', note: { id: 'n2', frame: 1, text } });
    await host.client.next('sync.note', (m) => m.replyTo === second);
    const third = host.client.send('sync.note', { op: 'add', note: { id: 'n3', frame: 1, text } });
    const full = await host.client.errorFor(third);
    expect(full.payload).toMatchObject({ code: 'ROOM_BUDGET_FULL' });
    expect(full.payload.message).toMatch(/room notes budget full/);
  });
});

describe('room.create seeds', () => {
  it('refuses extra and wrongly typed seed fields with INVALID_MESSAGE; the room works after a clean create', async () => {
    const url = await start();
    const client = await greeted(url);
    const forgedNote = {
      id: 'x',
      frame: 1,
      text: 'forged',
      author: 'host',
      createdAt: 1,
      updatedAt: 1,
    };
    const attempts: unknown[] = [
      { state: { annotations: 'oops' } },
      { state: { notes: [forgedNote] } },
      { state: { settings: { othersCanEdit: 'yes' } } },
      { settings: { othersCanEdit: 'yes' } },
      { state: { view: { zoom: 1, pan: { x: 0, y: 0 }, fit: true, channel: 'rgb', extra: 1 } } },
    ];
    for (const payload of attempts) {
      const id = client.send('room.create', payload as never);
      const error = await client.errorFor(id);
      expect(error.payload.code, JSON.stringify(payload)).toBe('INVALID_MESSAGE');
    }
    expect(client.all('room.joined')).toHaveLength(0);
    const joined = await client.request('room.create', { state: {} }, 'room.joined');
    const state = await client.next('sync.state');
    if (state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(state.payload.state.notes).toEqual([]);
    const id = client.send('sync.annotation', {
      op: 'add',
      annotation: stroke(`${joined.payload.userId}-1`),
    });
    await client.next('sync.annotation', (m) => m.replyTo === id);
  });

  it('both stores refuse to create a room whose state does not match the schema', async () => {
    await start();
    const store = server?.store;
    if (!store) throw new Error('the test server exposes its store');
    const host = {
      userId: 'u1',
      sessionTokenHash: 'x',
      displayName: 'H',
      color: '#ffffff',
      role: 'host' as const,
      joinedAt: 0,
      connected: true,
      connectionId: 'c',
      status: 'active' as const,
      mediaStatus: 'none' as const,
    };
    const meta = {
      roomId: 'ZZZZ-2345',
      createdAt: 0,
      pinHash: null,
      hostTokenHash: 'h',
      capacity: 4,
      creatorAddress: 'a',
      lastActiveAt: 0,
    };
    const { createDefaultRoomState } = await import('../../src/protocol/index');
    const bad = { ...createDefaultRoomState(), annotations: 'oops' } as never;
    await expect(store.createRoom({ meta, state: bad, host })).rejects.toThrow(/annotations/);
    const forged = {
      ...createDefaultRoomState(),
      settings: { presentationMode: false, othersCanEdit: 'yes', waitForEveryone: false },
    } as never;
    await expect(store.createRoom({ meta, state: forged, host })).rejects.toThrow(/othersCanEdit/);
    expect(await store.getRoomMeta(meta.roomId)).toBeNull();
  });
});

describe('annotation ids', () => {
  it('a participant cannot take ids of another user, so the victim draws and stays the author', async () => {
    const url = await start();
    const host = track(await createRoom(url));
    const victim = track(await joinRoom(url, host.joined.payload.roomId));
    const attacker = track(await joinRoom(url, host.joined.payload.roomId));
    const victimId = victim.joined.payload.userId;
    const squat = attacker.client.send('sync.annotation', {
      op: 'add',
      annotation: stroke(`${victimId}-p-1`),
    });
    const refused = await attacker.client.errorFor(squat);
    expect(refused.payload.code).toBe('FORBIDDEN');
    expect(refused.payload.message).toContain(attacker.joined.payload.userId);
    const own = victim.client.send('sync.annotation', {
      op: 'add',
      annotation: stroke(`${victimId}-p-1`),
    });
    const drawn = await victim.client.next('sync.annotation', (m) => m.replyTo === own);
    expect(drawn.payload).toMatchObject({ op: 'add', annotation: { author: victimId } });
  });

  it('with othersCanEdit, an id re-created by someone else keeps the author its id names', async () => {
    const url = await start();
    const host = track(await createRoom(url));
    const guest = track(await joinRoom(url, host.joined.payload.roomId));
    host.client.send('room.settings', { settings: { othersCanEdit: true } });
    await guest.client.next('room.settings');
    const hostId = host.joined.payload.userId;
    // The guest creates an id in the host's name: allowed (it may edit others'), but the
    // author is the host, so the guest gains nothing it could not do anyway.
    const made = guest.client.send('sync.annotation', {
      op: 'add',
      annotation: stroke(`${hostId}-h-1`),
    });
    const change = await host.client.next('sync.annotation', (m) => m.replyTo === made);
    expect(change.payload).toMatchObject({ annotation: { author: hostId } });
    host.client.send('room.settings', { settings: { othersCanEdit: false } });
    await guest.client.next('room.settings', (m) => !m.payload.settings.othersCanEdit);
    const erase = guest.client.send('sync.annotation', { op: 'remove', ids: [`${hostId}-h-1`] });
    expect((await guest.client.errorFor(erase)).payload.code).toBe('FORBIDDEN');
  });
});

describe('snapshots', () => {
  it('a connection gets at most three full snapshots at once; then RATE_LIMITED with a retry time', async () => {
    const url = await start({ snapshotRequestIntervalMs: 60_000 });
    const host = track(await createRoom(url));
    const ids = Array.from({ length: 5 }, () => host.client.send('sync.requestState', {}));
    const answered = await Promise.all(
      ids.slice(0, 3).map((id) => host.client.next('sync.state', (m) => m.replyTo === id)),
    );
    expect(answered.map((m) => m.payload.mode)).toEqual(['snapshot', 'snapshot', 'snapshot']);
    for (const id of ids.slice(3)) {
      const error = await host.client.errorFor(id);
      expect(error.payload.code).toBe('RATE_LIMITED');
      expect(error.payload.retryAfterMs).toBeGreaterThan(0);
    }
    // Changes since a known version are cheap and not limited.
    const changes = host.client.send('sync.requestState', { lastVersion: 0 });
    const reply = await host.client.next('sync.state', (m) => m.replyTo === changes);
    expect(reply.payload.mode).toBe('changes');
  });

  it('a late joiner gets a room state larger than the send-buffer limit and stays connected', async () => {
    const url = await start({
      stateRate: 1000,
      stateBurst: 1000,
      sendHighWaterBytes: 64 * 1024,
      sendMaxBufferBytes: 256 * 1024,
    });
    const host = track(await createRoom(url));
    const me = host.joined.payload.userId;
    // ~8 MB of strokes, thirty times the send-buffer limit (sent one at a time: the host's own
    // echoes must not back up its socket).
    for (let i = 0; i < 100; i++) {
      const id = host.client.send('sync.annotation', {
        op: 'add',
        annotation: stroke(`${me}-${i}`, 2000),
      });
      await host.client.next('sync.annotation', (m) => m.replyTo === id, 5000);
    }
    const late = track(await joinRoom(url, host.joined.payload.roomId));
    if (late.state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(late.state.payload.state.annotations).toHaveLength(100);
    // Still connected and served after the big message.
    await late.client.request('ping', { clientTime: 1 }, 'pong');
    host.client.send('sync.frame', { frame: 3, baseVersion: 100 });
    await late.client.next('sync.playback');
    expect(late.client.closeCode).toBeNull();
  }, 60_000);
});

describe('host powers', () => {
  it('the host removes a member: told why, closed with 4010, its rejoin token no longer works', async () => {
    const url = await start();
    const host = track(await createRoom(url, { displayName: 'Host' }));
    const roomId = host.joined.payload.roomId;
    const guest = track(await joinRoom(url, roomId, { displayName: 'Gone' }));
    const other = track(await joinRoom(url, roomId, { displayName: 'Stays' }));
    const guestId = guest.joined.payload.userId;
    // Only the host may, and not on itself.
    const byGuest = other.client.send('room.removeMember', { userId: guestId });
    expect((await other.client.errorFor(byGuest)).payload.code).toBe('FORBIDDEN');
    const self = host.client.send('room.removeMember', { userId: host.joined.payload.userId });
    expect((await host.client.errorFor(self)).payload.code).toBe('FORBIDDEN');

    host.client.send('room.removeMember', { userId: guestId });
    const removed = await guest.client.next('room.removed');
    expect(removed.payload.message).toMatch(/host removed you/i);
    expect(await guest.client.closed).toBe(CLOSE_CODES.REMOVED.code);
    await other.client.next(
      'room.users',
      (m) => !m.payload.users.some((u) => u.userId === guestId),
    );

    const back = await greeted(url);
    const resume = back.send('room.resume', {
      roomId,
      sessionToken: guest.joined.payload.sessionToken,
      lastVersion: 0,
    });
    expect((await back.errorFor(resume)).payload.code).toBe('INVALID_SESSION');
  });

  it('the host changes the PIN: the room is told, the old PIN stops working, the new one admits', async () => {
    const url = await start();
    const host = track(await createRoom(url, { pin: '1234' }));
    const roomId = host.joined.payload.roomId;
    const member = track(await joinRoom(url, roomId, { pin: '1234' }));
    const byMember = member.client.send('room.setPin', { pin: '0000' });
    expect((await member.client.errorFor(byMember)).payload.code).toBe('FORBIDDEN');

    host.client.send('room.setPin', { pin: '5678' });
    expect((await member.client.next('room.pinChanged')).payload.pinProtected).toBe(true);
    const old = await greeted(url);
    expect((await old.errorFor(old.send('room.join', { roomId, pin: '1234' }))).payload.code).toBe(
      'BAD_PIN',
    );
    track(await joinRoom(url, roomId, { pin: '5678' }));

    host.client.send('room.setPin', { pin: null });
    expect(
      (await member.client.next('room.pinChanged', (m) => !m.payload.pinProtected)).payload,
    ).toEqual({ pinProtected: false });
    const open = track(await joinRoom(url, roomId));
    expect(open.joined.payload.pinProtected).toBe(false);
  });
});
