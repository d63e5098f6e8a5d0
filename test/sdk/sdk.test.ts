// The SDK against the real server on an ephemeral port: create/join (PIN, role), seek and
// playback reaching a second client's state, notes and their exports, events, typed errors.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { connect, ReelSyncError, type ReelSyncClient } from '../../sdk/node';
import { startTestServer } from '../server/helpers/server';

let server: RunningServer;
const clients: ReelSyncClient[] = [];

async function client(): Promise<ReelSyncClient> {
  const c = await connect(server.url, { timeoutMs: 5000 });
  clients.push(c);
  return c;
}

/** Resolves when `predicate` holds, polling (the state is pushed by the server). */
async function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<ReelSyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReelSyncError);
  return error as ReelSyncError;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await server?.close();
});

describe('ReelSyncClient', () => {
  it('creates a room, a second client joins it and sees a seek and play/pause', async () => {
    server = await startTestServer();
    const host = await client();
    const room = await host.createRoom({ name: 'Host', pin: '4321' });
    expect(room.role).toBe('host');
    expect(room.pinProtected).toBe(true);
    expect(host.state?.motion.anchorFrame).toBe(1);

    const guest = await client();
    const joined = await guest.joinRoom(room.roomId.toLowerCase(), { pin: '4321', name: 'Guest' });
    expect(joined.roomId).toBe(room.roomId);
    expect(joined.role).toBe('participant');
    expect(guest.users.map((u) => u.displayName).sort()).toEqual(['Guest', 'Host']);

    const after = await guest.seek(100);
    expect(after.motion.anchorFrame).toBe(100);
    await until(() => host.state?.motion.anchorFrame === 100);
    expect(host.currentFrame()).toBe(100);

    await host.play();
    await until(() => guest.state?.motion.playing === true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(guest.currentFrame()).toBeGreaterThan(100);
    const paused = await guest.pause();
    expect(paused.motion.playing).toBe(false);
    await until(() => host.state?.motion.playing === false);
    expect(host.currentFrame()).toBe(paused.motion.anchorFrame);

    await host.setSpeed(2);
    await host.setLoop('pingpong');
    const ranged = await host.setInOut(50, 150);
    expect(ranged.motion).toMatchObject({
      speed: 2,
      loopMode: 'pingpong',
      inPoint: 50,
      outPoint: 150,
    });
    await until(() => guest.state?.motion.outPoint === 150);
    expect(guest.version).toBe(host.version);
  });

  it('resolves a change that changes nothing (the server stays silent) without timing out', async () => {
    server = await startTestServer();
    const host = await client();
    await host.createRoom();
    await host.seek(10);
    const started = Date.now();
    const again = await host.seek(10);
    expect(again.motion.anchorFrame).toBe(10);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('adds notes, emits note and state events, and exports them as csv, json and html', async () => {
    server = await startTestServer();
    const host = await client();
    const room = await host.createRoom({ name: 'Sup' });
    const guest = await client();
    await guest.joinRoom(room.roomId, { name: 'Artist' });
    const seen: string[] = [];
    guest.on('note', (change) => {
      if (change.payload.op === 'upsert') seen.push(change.payload.note.text);
    });
    const states: number[] = [];
    guest.on('state', ({ version }) => states.push(version));

    await host.addNote(12, 'edge, "flicker"\non the left');
    await host.addNote(5, '=SUM(A1)');
    await until(() => seen.length === 2);
    expect(seen).toEqual(['edge, "flicker"\non the left', '=SUM(A1)']);
    expect(states.length).toBeGreaterThanOrEqual(2);

    const csv = guest.exportNotes('csv').split('\r\n');
    expect(csv[0]).toBe('Frame,End frame,Author,Text,Created,Updated,Id');
    expect(csv[1]).toMatch(/^5,,Sup,'=SUM\(A1\),/);
    expect(csv[2]).toMatch(/^12,,Sup,"edge, ""flicker""\non the left"/);
    const json = JSON.parse(guest.exportNotes('json')) as {
      room: string;
      notes: { frame: number }[];
    };
    expect(json.room).toBe(room.roomId);
    expect(json.notes.map((n) => n.frame)).toEqual([5, 12]);
    const html = guest.exportNotes('html');
    expect(html).toContain('&quot;flicker&quot;');
    expect(html).not.toContain('"flicker"');
  });

  it('rejects with typed errors: unreachable, unknown room, bad PIN, viewer refused', async () => {
    server = await startTestServer();
    const down = await rejection(connect('http://127.0.0.1:1'));
    expect(down.code).toBe('UNREACHABLE');

    const host = await client();
    const room = await host.createRoom({ pin: '2468' });
    const stranger = await client();
    expect((await rejection(stranger.joinRoom('ZZZZZZ'))).code).toBe('ROOM_NOT_FOUND');
    expect((await rejection(stranger.joinRoom(room.roomId, { pin: '0000' }))).code).toBe('BAD_PIN');
    expect((await rejection(stranger.joinRoom(room.roomId))).code).toBe('PIN_REQUIRED');

    const viewer = await client();
    await viewer.joinRoom(room.roomId, { pin: '2468', role: 'viewer' });
    expect(viewer.room?.role).toBe('viewer');
    const refused = await rejection(viewer.seek(50));
    expect(refused.code).toBe('FORBIDDEN');
    expect(viewer.state?.motion.anchorFrame).toBe(1);
    expect((await rejection(stranger.seek(3))).code).toBe('NOT_IN_ROOM');
  });
});
