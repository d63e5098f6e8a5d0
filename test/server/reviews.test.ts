// Durable reviews through the real server: a room's notes, drawings and state are written to the
// reviews database (embedded PGlite here; PostgreSQL in reviewsPostgres.test.ts) and its link
// reopens it after the server restarted or the room ended — its PIN still asked, its people
// resuming with their own session tokens, a wrong PIN still refused.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer, ServerOptions } from '../../server/index';
import { createRoom, joinRoom, snapshotOf } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';
import { waitFor } from '../support/waitFor';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
});

/** A server with reviews on, in the given data folder, under a fixed room secret. */
async function startReviewServer(
  dataDir: string,
  overrides: Partial<ServerOptions> = {},
): Promise<{ server: RunningServer; url: string }> {
  const server = await startTestServer({
    dataDir,
    reviews: true,
    roomSecret: 'reviews-test-secret-0123456789abcdef',
    ...overrides,
  });
  servers.push(server);
  // The database opens in the background; the tests wait for it so the first save counts.
  await server.reviews?.ready();
  return { server, url: server.url.replace(/^http/, 'ws') + '/sync' };
}

/** Creates a PIN room with one note and one drawing, written to the reviews. */
async function reviewWithWork(url: string) {
  const host = await createRoom(url, { displayName: 'Supervisor', pin: '4321' });
  clients.push(host.client);
  const { roomId, userId } = host.joined.payload;
  const guest = await joinRoom(url, roomId, { displayName: 'Artist', pin: '4321' });
  clients.push(guest.client);
  const note = host.client.send('sync.note', {
    op: 'add',
    note: { id: 'n-1', frame: 12, text: 'the matte edge flickers' },
  });
  await host.client.next('sync.note', (message) => message.replyTo === note);
  const stroke = host.client.send('sync.annotation', {
    op: 'add',
    annotation: {
      id: `${userId}-1`,
      frame: 12,
      tool: 'pen',
      color: '#ff0000',
      width: 2,
      points: [100, 100, 0.5, 200, 150, 0.5],
    },
  });
  await host.client.next('sync.annotation', (message) => message.replyTo === stroke);
  return { host, guest, roomId, userId };
}

// Starting the embedded database (WebAssembly PostgreSQL) takes seconds on a loaded machine.
vi.setConfig({ testTimeout: 90_000 });

describe('durable reviews (embedded database)', () => {
  it('a review reopens after a full server restart: the host and the guest resume with their notes and drawings', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-reviews-'));
    const first = await startReviewServer(dataDir);
    const { host, guest, roomId, userId } = await reviewWithWork(first.url);
    await first.server.close();

    const second = await startReviewServer(dataDir);
    const back = await TestClient.greeted(second.url);
    clients.push(back);
    const resumed = await back.request(
      'room.resume',
      { roomId, sessionToken: host.joined.payload.sessionToken, lastVersion: 0 },
      'room.joined',
    );
    expect(resumed.payload).toMatchObject({ roomId, userId, role: 'host' });
    const state = await back.next('sync.state');
    expect(snapshotOf(state).notes.map((note) => note.text)).toEqual(['the matte edge flickers']);
    expect(snapshotOf(state).annotations.map((annotation) => annotation.id)).toEqual([
      `${userId}-1`,
    ]);

    const guestBack = await TestClient.greeted(second.url);
    clients.push(guestBack);
    const guestResumed = await guestBack.request(
      'room.resume',
      { roomId, sessionToken: guest.joined.payload.sessionToken, lastVersion: 0 },
      'room.joined',
    );
    expect(guestResumed.payload).toMatchObject({ roomId, role: 'participant' });
  });

  it('an ended review reopens from its link: the PIN is still asked, a wrong one refused, the right one admits to the notes', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-reviews-'));
    const { url } = await startReviewServer(dataDir);
    const { host, roomId } = await reviewWithWork(url);
    host.client.send('room.end', {});
    await host.client.next('room.ended');

    const stranger = await TestClient.greeted(url);
    clients.push(stranger);
    const noPin = stranger.send('room.join', { roomId, displayName: 'Director' });
    expect((await stranger.errorFor(noPin)).payload.code).toBe('PIN_REQUIRED');
    const wrong = stranger.send('room.join', { roomId, displayName: 'Director', pin: '0000' });
    expect((await stranger.errorFor(wrong)).payload.code).toBe('BAD_PIN');

    const director = await joinRoom(url, roomId, { displayName: 'Director', pin: '4321' });
    clients.push(director.client);
    expect(snapshotOf(director.state).notes.map((note) => note.text)).toEqual([
      'the matte edge flickers',
    ]);
    const users = director.client.all('room.users').at(-1)?.payload.users ?? [];
    // The people of the review are back as disconnected members until they return.
    expect(users.map((user) => [user.displayName, user.connected]).sort()).toEqual([
      ['Artist', false],
      ['Director', true],
      ['Supervisor', false],
    ]);
  });

  it('a later change is kept too, and a new room never takes a kept review’s code', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-reviews-'));
    const { server, url } = await startReviewServer(dataDir);
    const { host, roomId } = await reviewWithWork(url);
    const edit = host.client.send('sync.note', {
      op: 'add',
      note: { id: 'n-2', frame: 40, text: 'grade is too warm' },
    });
    await host.client.next('sync.note', (message) => message.replyTo === edit);
    const archive = await server.reviews?.ready();
    await waitFor(async () => ((await archive?.load(roomId))?.state.notes.length ?? 0) === 2, {
      what: 'the second note written to the reviews',
      timeoutMs: 5000,
    });
    expect(await server.reviews?.isKept(roomId)).toBe(true);
    expect(await server.reviews?.isKept('ZZZZZZ')).toBe(false);
  });
});
