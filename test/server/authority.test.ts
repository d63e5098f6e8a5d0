// Authority and ordering through the real server: host-authority rule, presentation mode,
// last-write-wins, late-joiner snapshots, reconnect catch-up and snapshot fallback,
// presence grace, host succession, annotations/notes ownership, ephemeral relays.
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, DEFAULT_MOTION, type Motion, type ViewState } from '../../src/protocol/index';
import type { RunningServer, ServerOptions } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

async function start(overrides: Partial<ServerOptions> = {}) {
  server = await startTestServer(overrides);
  return server.syncUrl;
}
async function room(url: string) {
  const host = await createRoom(url, { displayName: 'Host' });
  const guest = await joinRoom(url, host.joined.payload.roomId, { displayName: 'Guest' });
  clients.push(host.client, guest.client);
  return { host, guest, roomId: host.joined.payload.roomId };
}
const view = (zoom: number): ViewState => ({
  zoom,
  pan: { x: 0, y: 0 },
  fit: false,
  channel: 'rgb',
});
const stroke = (id: string, frame = 5) => ({
  id,
  frame,
  tool: 'pen' as const,
  color: '#ff0000',
  width: 2,
  points: [1, 2, 0.5, 3, 4, 0.5],
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

describe('host authority', () => {
  it('a stale participant seek loses to a newer host seek; the sender gets the current motion', async () => {
    const { host, guest } = await room(await start());
    host.client.send('sync.frame', { frame: 100, baseVersion: 0 });
    const hostSeek = await guest.client.next('sync.playback');
    expect(hostSeek.version).toBe(1);
    // The guest's seek was based on version 0, before the host's change.
    const stale = guest.client.send('sync.frame', { frame: 20, baseVersion: 0 });
    const rejected = await guest.client.next('sync.rejected', (m) => m.replyTo === stale);
    expect(rejected.payload).toMatchObject({
      code: 'STALE_CHANGE',
      version: 1,
      motion: { anchorFrame: 100 },
    });
    // A fresh one (based on the host's version) wins.
    guest.client.send('sync.frame', { frame: 30, baseVersion: 1 });
    const fresh = await host.client.next(
      'sync.playback',
      (m) => m.payload.motion.anchorFrame === 30,
    );
    expect(fresh.version).toBe(2);
    expect(host.client.all('sync.playback').map((m) => m.payload.motion.anchorFrame)).toEqual([
      100, 30,
    ]);
  });

  it('playback messages carry the full motion; the server stamps sync.frame with its clock', async () => {
    const { host, guest } = await room(await start());
    const motion: Motion = {
      ...DEFAULT_MOTION,
      playing: true,
      anchorFrame: 12.5,
      anchorTime: Date.now(),
      speed: 2,
      direction: -1,
      loopMode: 'pingpong',
      inPoint: 10,
      outPoint: 90,
    };
    host.client.send('sync.playback', { motion, baseVersion: 0 });
    expect((await guest.client.next('sync.playback')).payload.motion).toEqual(motion);
    const before = performance.timeOrigin + performance.now();
    host.client.send('sync.frame', { frame: 40, baseVersion: 1 });
    const seek = await guest.client.next('sync.playback');
    expect(seek.payload.motion).toMatchObject({
      playing: true,
      anchorFrame: 40,
      speed: 2,
      loopMode: 'pingpong',
    });
    expect(seek.payload.motion.anchorTime).toBeGreaterThanOrEqual(before - 1);
    const bad = host.client.send('sync.playback', {
      motion: { ...motion, inPoint: 50, outPoint: 10 },
      baseVersion: 2,
    });
    expect((await host.client.errorFor(bad)).payload.code).toBe('INVALID_MESSAGE');
  });

  it('presentation mode makes playback host-only', async () => {
    const { host, guest } = await room(await start());
    host.client.send('room.settings', { settings: { presentationMode: true } });
    expect((await guest.client.next('room.settings')).payload.settings.presentationMode).toBe(true);
    const id = guest.client.send('sync.frame', { frame: 3, baseVersion: 1 });
    expect((await guest.client.errorFor(id)).payload.code).toBe('FORBIDDEN');
    const settings = guest.client.send('room.settings', { settings: { presentationMode: false } });
    expect((await guest.client.errorFor(settings)).payload.code).toBe('FORBIDDEN');
  });

  it('simple state is last-write-wins in server order; everyone ends equal', async () => {
    const { host, guest } = await room(await start());
    host.client.send('sync.view', { view: view(2) });
    guest.client.send('sync.view', { view: view(3) });
    const hostViews = [await host.client.next('sync.view'), await host.client.next('sync.view')];
    const guestViews = [await guest.client.next('sync.view'), await guest.client.next('sync.view')];
    expect(hostViews.map((m) => m.version)).toEqual([1, 2]);
    expect(guestViews.map((m) => m.payload.view.zoom)).toEqual(
      hostViews.map((m) => m.payload.view.zoom),
    );
    const id = guest.client.send('sync.requestState', {});
    const state = await guest.client.next('sync.state', (m) => m.replyTo === id);
    expect(state.payload.mode === 'snapshot' && state.payload.state.view.zoom).toBe(
      hostViews[1]?.payload.view.zoom,
    );
  });
});

describe('late joiners and reconnects', () => {
  it('a late joiner gets a full snapshot at the current version', async () => {
    const url = await start();
    const { host, roomId } = await room(url);
    host.client.send('sync.frame', { frame: 77, baseVersion: 0 });
    host.client.send('sync.view', { view: view(4) });
    host.client.send('sync.annotation', { op: 'add', annotation: stroke('h-1') });
    host.client.send('sync.note', { op: 'add', note: { id: 'n-1', frame: 77, text: 'edge' } });
    await host.client.next('sync.note');
    const late = await joinRoom(url, roomId);
    clients.push(late.client);
    const { payload } = late.state;
    expect(payload.mode).toBe('snapshot');
    if (payload.mode !== 'snapshot') return;
    expect(payload.version).toBe(4);
    expect(payload.state.motion.anchorFrame).toBe(77);
    expect(payload.state.view.zoom).toBe(4);
    expect(payload.state.annotations.map((a) => a.id)).toEqual(['h-1']);
    expect(payload.state.notes[0]).toMatchObject({
      id: 'n-1',
      text: 'edge',
      author: host.joined.payload.userId,
    });
  });

  it('reconnect with session token + last version replays the missed changes', async () => {
    const url = await start();
    const { host, guest, roomId } = await room(url);
    guest.client.ws.terminate();
    await host.client.next('room.users', (m) => m.payload.users.some((u) => !u.connected));
    for (const frame of [10, 20, 30]) host.client.send('sync.frame', { frame, baseVersion: 0 });
    await host.client.next('sync.playback', (m) => m.version === 3);
    const back = await TestClient.greeted(url);
    clients.push(back);
    const joined = await back.request(
      'room.resume',
      { roomId, sessionToken: guest.joined.payload.sessionToken, lastVersion: 0 },
      'room.joined',
    );
    expect(joined.payload).toMatchObject({
      mode: 'resumed',
      userId: guest.joined.payload.userId,
      role: 'participant',
    });
    const state = await back.next('sync.state');
    expect(state.payload.mode).toBe('changes');
    if (state.payload.mode !== 'changes') return;
    expect(state.payload.changes.map((c) => c.version)).toEqual([1, 2, 3]);
    const users = await back.next('room.users');
    expect(users.payload.users.every((u) => u.connected)).toBe(true);
  });

  it('falls back to a snapshot when the change log no longer covers the gap', async () => {
    const url = await start({ changeLogSize: 2 });
    const { host, guest, roomId } = await room(url);
    await guest.client.close();
    for (const frame of [1, 2, 3, 4, 5]) host.client.send('sync.frame', { frame, baseVersion: 0 });
    await host.client.next('sync.playback', (m) => m.version === 5);
    const back = await TestClient.greeted(url);
    clients.push(back);
    await back.request(
      'room.resume',
      { roomId, sessionToken: guest.joined.payload.sessionToken, lastVersion: 0 },
      'room.joined',
    );
    const state = await back.next('sync.state');
    expect(state.payload).toMatchObject({
      mode: 'snapshot',
      version: 5,
      state: { motion: { anchorFrame: 5 } },
    });
    // Within the log: changes.
    const id = back.send('sync.requestState', { lastVersion: 4 });
    expect((await back.next('sync.state', (m) => m.replyTo === id)).payload).toMatchObject({
      mode: 'changes',
      fromVersion: 4,
      version: 5,
    });
  });

  it('INVALID_SESSION for an unknown session token', async () => {
    const url = await start();
    const { roomId } = await room(url);
    const client = await TestClient.greeted(url);
    clients.push(client);
    const id = client.send('room.resume', { roomId, sessionToken: 'y'.repeat(32), lastVersion: 0 });
    expect((await client.errorFor(id)).payload.code).toBe('INVALID_SESSION');
  });

  it('a resumed session replaces an older connection (4008)', async () => {
    const url = await start();
    const { guest, roomId } = await room(url);
    const second = await TestClient.greeted(url);
    clients.push(second);
    await second.request(
      'room.resume',
      { roomId, sessionToken: guest.joined.payload.sessionToken, lastVersion: 0 },
      'room.joined',
    );
    expect(await guest.client.closed).toBe(CLOSE_CODES.REPLACED.code);
  });
});

describe('presence', () => {
  it('a drop keeps the user (disconnected) for the grace period, then removes it', async () => {
    const { host, guest } = await room(await start({ presenceGraceMs: 300 }));
    const guestId = guest.joined.payload.userId;
    guest.client.ws.terminate();
    const dropped = await host.client.next('room.users', (m) =>
      m.payload.users.some((u) => u.userId === guestId && !u.connected),
    );
    expect(dropped.payload.users).toHaveLength(2);
    const gone = await host.client.next('room.users', (m) => m.payload.users.length === 1);
    expect(gone.payload.users[0]?.userId).toBe(host.joined.payload.userId);
  });

  it('host leaves for good: the longest-present participant becomes host', async () => {
    const url = await start();
    const { host, guest, roomId } = await room(url);
    const later = await joinRoom(url, roomId);
    clients.push(later.client);
    host.client.send('room.leave', {});
    const users = await later.client.next('room.users', (m) => m.payload.users.length === 2);
    expect(users.payload.users.find((u) => u.role === 'host')?.userId).toBe(
      guest.joined.payload.userId,
    );
  });

  it('host drops past the grace period: the role passes on; the host token takes it back', async () => {
    const url = await start({ presenceGraceMs: 200 });
    const { host, guest, roomId } = await room(url);
    host.client.ws.terminate();
    await guest.client.next(
      'room.users',
      (m) => m.payload.users.length === 1 && m.payload.users[0]?.role === 'host',
    );
    // The old host comes back as a new member and reclaims with the host token on resume... its session is gone, so join + claim.
    const back = await joinRoom(url, roomId, { displayName: 'Host again' });
    clients.push(back.client);
    back.client.send('room.claimHost', { hostToken: host.joined.payload.hostToken ?? '' });
    const reclaimed = await guest.client.next(
      'room.users',
      (m) => m.payload.users.find((u) => u.userId === back.joined.payload.userId)?.role === 'host',
    );
    expect(reclaimed.payload.users.filter((u) => u.role === 'host')).toHaveLength(1);
  });

  it('presence updates (name, media status) reach everyone', async () => {
    const { host, guest } = await room(await start());
    guest.client.send('user.presence', {
      displayName: 'Bo\u202E',
      mediaStatus: 'ready',
      status: 'idle',
    });
    const users = await host.client.next('room.users', (m) =>
      m.payload.users.some((u) => u.displayName === 'Bo'),
    );
    expect(users.payload.users.find((u) => u.displayName === 'Bo')).toMatchObject({
      mediaStatus: 'ready',
      status: 'idle',
    });
  });
});

describe('annotations, notes, ephemeral traffic', () => {
  it('concurrent strokes from two users both land everywhere; ownership is enforced', async () => {
    const { host, guest } = await room(await start());
    // New annotation ids start with their author's user id.
    const h1 = `${host.joined.payload.userId}-1`;
    const g1 = `${guest.joined.payload.userId}-1`;
    host.client.send('sync.annotation', { op: 'add', annotation: stroke(h1) });
    guest.client.send('sync.annotation', { op: 'add', annotation: stroke(g1) });
    await host.client.next('sync.annotation', (m) => m.version === 2);
    await guest.client.next('sync.annotation', (m) => m.version === 2);
    const removeOthers = guest.client.send('sync.annotation', { op: 'remove', ids: [h1] });
    expect((await guest.client.errorFor(removeOthers)).payload.code).toBe('FORBIDDEN');
    const overwrite = guest.client.send('sync.annotation', {
      op: 'add',
      annotation: stroke(h1, 9),
    });
    expect((await guest.client.errorFor(overwrite)).payload.code).toBe('FORBIDDEN');
    guest.client.send('sync.annotation', { op: 'clear', frame: 5 });
    const cleared = await host.client.next('sync.annotation', (m) => m.payload.op === 'remove');
    expect(cleared.payload).toEqual({ op: 'remove', ids: [g1] });
    // The host may remove anyone's.
    host.client.send('sync.annotation', { op: 'remove', ids: [h1] });
    await guest.client.next(
      'sync.annotation',
      (m) => m.payload.op === 'remove' && m.payload.ids.includes(h1),
    );
  });

  it('LIMIT_EXCEEDED and ITEM_NOT_FOUND', async () => {
    const { host } = await room(await start({ maxAnnotations: 1 }));
    const hostId = host.joined.payload.userId;
    host.client.send('sync.annotation', { op: 'add', annotation: stroke(`${hostId}-a`) });
    const second = host.client.send('sync.annotation', {
      op: 'add',
      annotation: stroke(`${hostId}-b`),
    });
    expect((await host.client.errorFor(second)).payload.code).toBe('LIMIT_EXCEEDED');
    const update = host.client.send('sync.note', {
      op: 'update',
      note: { id: 'none', frame: 1, text: 'x' },
    });
    expect((await host.client.errorFor(update)).payload.code).toBe('ITEM_NOT_FOUND');
  });

  it('cursors and live strokes are relayed to others only, and never stored', async () => {
    const url = await start();
    const { host, guest, roomId } = await room(url);
    guest.client.send('live.cursor', { x: 10, y: 20, frame: 1, visible: true });
    const cursor = await host.client.next('live.cursor');
    expect(cursor.payload).toMatchObject({ x: 10, y: 20, color: expect.stringMatching(/^#/) });
    expect(cursor.userId).toBe(guest.joined.payload.userId);
    expect(cursor.version).toBeUndefined();
    host.client.send('live.stroke', {
      strokeId: 's',
      frame: 1,
      tool: 'pen',
      color: '#00ff00',
      width: 2,
      points: [1, 1, 0.5],
      done: false,
    });
    await guest.client.next('live.stroke');
    expect(guest.client.all('live.cursor')).toHaveLength(0);
    const late = await joinRoom(url, roomId);
    clients.push(late.client);
    expect(late.state.payload).toMatchObject({ mode: 'snapshot', version: 0 });
  });

  it('ping answers with the client time echoed and the server time', async () => {
    const url = await start();
    const client = await TestClient.greeted(url);
    clients.push(client);
    const before = performance.timeOrigin + performance.now();
    const pong = await client.request('ping', { clientTime: 1234.5 }, 'pong');
    expect(pong.payload.clientTime).toBe(1234.5);
    expect(pong.payload.serverTime).toBeGreaterThanOrEqual(before - 1);
  });
});
