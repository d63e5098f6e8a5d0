// Durable reviews on the real PostgreSQL (REELSYNC_TEST_POSTGRES_URL, default the machine's
// postgres://postgres@127.0.0.1:5432/postgres): each run gets its own database, created here and
// dropped after. The same migrations as the embedded database; a missing PostgreSQL fails the
// test, never skips it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomString } from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom, snapshotOf } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

const ADMIN_URL =
  process.env.REELSYNC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `reelsync_test_${randomString(8).toLowerCase()}`;
const databaseUrl = (() => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
})();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
beforeAll(async () => {
  await admin(`CREATE DATABASE ${database}`);
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

async function start(): Promise<{ server: RunningServer; url: string }> {
  const server = await startTestServer({
    reviews: true,
    databaseUrl,
    dataDir: mkdtempSync(path.join(tmpdir(), 'reelsync-reviews-pg-')),
    roomSecret: 'reviews-pg-test-secret-0123456789abcdef',
  });
  servers.push(server);
  expect(await server.reviews?.ready()).not.toBeNull();
  return { server, url: server.url.replace(/^http/, 'ws') + '/sync' };
}

describe('durable reviews on PostgreSQL', () => {
  it('migrates a fresh database, keeps a review through a restart and reopens it from its link', async () => {
    const first = await start();
    const host = await createRoom(first.url, { displayName: 'Supervisor' });
    clients.push(host.client);
    const { roomId } = host.joined.payload;
    const note = host.client.send('sync.note', {
      op: 'add',
      note: { id: 'n-1', frame: 3, text: 'roto chatter on the left' },
    });
    await host.client.next('sync.note', (message) => message.replyTo === note);
    await first.server.close();

    const second = await start();
    const guest = await joinRoom(second.url, roomId, { displayName: 'Director' });
    clients.push(guest.client);
    expect(snapshotOf(guest.state).notes.map((entry) => entry.text)).toEqual([
      'roto chatter on the left',
    ]);

    // The migration table says what ran: a second start applied nothing twice.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const ran = await client.query<{ name: string }>('SELECT name FROM reelsync_migrations');
    await client.end();
    expect(ran.rows.map((row) => row.name)).toEqual(['1765000000000_reviews']);
  });

  it('a --database-url that is not postgres:// stops the start with what to give', async () => {
    await expect(
      startTestServer({ reviews: true, databaseUrl: 'mysql://localhost/reviews' }),
    ).rejects.toThrow(/--database-url: expected postgres:\/\//);
  });
});
