// Durable reviews in real Chromium against the real server with reviews on (docs/reviews.md): a
// room whose server restarts comes back from the reviews database with its notes — the pages
// resume by themselves — and after the host ends it, a new person opening its code reopens it and
// reads the notes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../server/index';
import { expect, test } from './fixtures';
import { byId, closeAll, joinRoom, openPerson, room, selfId, type Person } from './helpers/network';
import { addNote, noteRow, openNotes } from './helpers/notes';

const distDir = path.resolve(
  process.env.REELSYNC_DIST_DIR ?? path.join(import.meta.dirname, '..', 'dist'),
);

let people: Person[] = [];
let servers: RunningServer[] = [];
test.afterEach(async () => {
  await closeAll(...people);
  for (const server of servers.reverse()) await server.close();
  people = [];
  servers = [];
});

async function reviewServer(dataDir: string, port = 0): Promise<RunningServer> {
  const server = await startServer({
    port,
    // A room nobody is in ends after 2 s (the review stays in the database).
    roomIdleTimeoutMs: 2000,
    host: '127.0.0.1',
    staticDir: distDir,
    logLevel: 'warn',
    reviews: true,
    dataDir,
    roomSecret: 'e2e-reviews-secret-0123456789abcdef',
  });
  servers.push(server);
  await server.reviews?.ready();
  return server;
}

test('a review outlives its server and its room: notes come back after a restart and from the link after the room ended', async ({
  browser,
}) => {
  // Starting the embedded database (WebAssembly PostgreSQL) twice takes a while when loaded.
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-e2e-reviews-'));
  const first = await reviewServer(dataDir);
  const config = { reconnect: { baseDelayMs: 200, maxDelayMs: 1000, maxAttempts: 400 } };
  const host = await openPerson(browser, first.url, { name: 'Hana', config });
  const guest = await openPerson(browser, first.url, { name: 'Gus', config });
  people.push(host, guest);
  const code = await room(host.page, guest.page);
  const guestId = await selfId(guest.page);
  await addNote(host.page, 'the grade on the sky pumps');
  await openNotes(guest.page);
  await expect(noteRow(guest.page, 'the grade on the sky pumps')).toHaveAttribute(
    'data-state',
    'synced',
  );

  // The in-memory store goes with the server; the reviews database keeps the room.
  await first.close();
  servers = servers.filter((server) => server !== first);
  await reviewServer(dataDir, first.port);
  for (const person of [host, guest])
    await expect(byId(person.page, 'network-button')).toHaveAttribute('data-state', 'connected', {
      timeout: 60_000,
    });
  expect(await guest.page.evaluate(() => window.reelsync?.network.roomCode)).toBe(code);
  expect(await selfId(guest.page)).toBe(guestId);
  await expect(noteRow(guest.page, 'the grade on the sky pumps')).toHaveAttribute(
    'data-state',
    'synced',
  );

  // Everybody leaves and the room ends; a director opens its code later and reads the review.
  for (const person of [host, guest])
    await person.page.evaluate(() => window.reelsync?.network.leaveRoom());
  const second = servers.at(-1);
  if (!second) throw new Error('no server');
  await expect.poll(() => second.store.countRooms(), { timeout: 20_000 }).toBe(0);
  const director = await openPerson(browser, second.url, { name: 'Dee' });
  people.push(director);
  await joinRoom(director.page, code);
  await openNotes(director.page);
  await expect(noteRow(director.page, 'the grade on the sky pumps')).toHaveAttribute(
    'data-state',
    'synced',
  );
});
