// Integration (real server): relayed cursors and strokes of one event-loop turn reach a client
// that announced "live.batch" in one frame, in order, and never overtake the messages after
// them; clients that did not announce it get one frame per message, as before.
import { afterEach, describe, expect, it } from 'vitest';
import { parseServerFrame, type ServerMessage } from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

async function member(roomId: string | null, features?: string[]): Promise<TestClient> {
  if (!server) throw new Error('no server');
  const client = await TestClient.greeted(server.syncUrl, {}, features);
  clients.push(client);
  if (roomId === null) await client.request('room.create', {}, 'room.joined');
  else await client.request('room.join', { roomId }, 'room.joined');
  await client.next('room.users');
  return client;
}

function roomOf(client: TestClient): string {
  const joined = client.received.find((m) => m.type === 'room.joined');
  if (joined?.type !== 'room.joined') throw new Error('not in a room');
  return joined.payload.roomId;
}

const cursorFrames = (client: TestClient) =>
  client.frames.filter((text) => text.includes('"type":"live.'));

describe('live.batch', () => {
  it('several users’ cursors in one turn arrive in one frame, in order; others get one each', async () => {
    server = await startTestServer();
    const host = await member(null);
    const roomId = roomOf(host);
    const batched = await member(roomId, ['live.batch']);
    const plain = await member(roomId);
    const movers = [host, await member(roomId), await member(roomId)];
    await batched.next('room.users', (m) => m.payload.users.length === 5);
    await plain.next('room.users', (m) => m.payload.users.length === 5);
    const before = cursorFrames(batched).length;

    // 3 users × 20 cursors sent back to back: the server relays many in each turn.
    for (let i = 0; i < 20; i++)
      for (const [index, mover] of movers.entries())
        mover.send('live.cursor', { x: i, y: index, frame: 1, visible: true });

    const expected = 60;
    const cursorsOf = (client: TestClient) =>
      client.received.filter(
        (m): m is Extract<ServerMessage, { type: 'live.cursor' }> => m.type === 'live.cursor',
      );
    await expect.poll(() => cursorsOf(batched).length).toBe(expected);
    await expect.poll(() => cursorsOf(plain).length).toBe(expected);

    const frames = cursorFrames(batched).slice(before);
    expect(frames.length).toBeLessThan(expected);
    expect(frames.some((text) => text.startsWith('{"type":"live.batch"'))).toBe(true);
    // Every batch frame is a valid message and nothing was lost or reordered per sender.
    for (const text of frames) expect(parseServerFrame(text).ok).toBe(true);
    for (const client of [batched, plain]) {
      const bySender = new Map<string, number[]>();
      for (const cursor of cursorsOf(client)) {
        const list = bySender.get(cursor.userId ?? '') ?? [];
        list.push(cursor.payload.x);
        bySender.set(cursor.userId ?? '', list);
      }
      for (const xs of bySender.values()) expect(xs).toEqual([...Array(20).keys()]);
    }
    // The client without the feature never sees a batch.
    expect(plain.frames.some((text) => text.includes('"type":"live.batch"'))).toBe(false);
    expect(batched.invalid).toEqual([]);
  });

  it('a cursor relayed just before a user leaves is delivered before the user list', async () => {
    server = await startTestServer();
    const host = await member(null);
    const roomId = roomOf(host);
    const watcher = await member(roomId, ['live.batch']);
    const leaver = await member(roomId);
    await watcher.next('room.users', (m) => m.payload.users.length === 3);
    leaver.send('live.cursor', { x: 5, y: 5, frame: 1, visible: true });
    leaver.send('room.leave', {});
    await watcher.next('room.users', (m) => m.payload.users.length === 2);
    const order = watcher.received
      .filter((m) => m.type === 'live.cursor' || m.type === 'room.users')
      .map((m) => m.type);
    const lastCursor = order.lastIndexOf('live.cursor');
    expect(lastCursor).toBeGreaterThanOrEqual(0);
    expect(lastCursor).toBeLessThan(order.lastIndexOf('room.users'));
  });
});
