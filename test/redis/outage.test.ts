// Redis trouble under a running instance: while Redis is down clients get STORE_UNAVAILABLE
// and /healthz says 503; the instance reconnects by itself; accepted changes survive (with a
// persistent Redis); a Redis that restarts empty ends its rooms cleanly; events published
// while an instance's channel connection was cut reach its clients after it reconnects.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom, reachVersion } from '../server/helpers/rooms';
import { TEST_REDIS_URL, deletePrefix, uniquePrefix } from '../server/helpers/server';
import { startRedisInstance } from './helpers/instances';
import { PrivateRedis } from './helpers/privateRedis';
import { waitFor } from '../support/waitFor';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
function track<T extends { close(): Promise<unknown> }>(item: T): T {
  cleanups.push(() => item.close());
  return item;
}

const annotation = (id: string) => ({
  id,
  frame: 1,
  tool: 'pen' as const,
  color: '#00ff88',
  width: 2,
  points: [5, 5, 0.5],
});

type Health = { ok: boolean; store: { ok: boolean; store: string } };

/** Polls /healthz until it answers `status`; returns that answer's body. */
async function healthBecomes(server: RunningServer, status: number, timeoutMs = 15_000) {
  const last: { body?: Health } = {};
  await waitFor(
    async () => {
      const response = await fetch(`${server.url}/healthz`);
      last.body = (await response.json()) as Health;
      return response.status === status;
    },
    { what: `/healthz answering ${status}`, timeoutMs, intervalMs: 100 },
  );
  return last.body as Health;
}

describe('Redis outages', () => {
  it('down: STORE_UNAVAILABLE and 503; back: recovers by itself with every accepted change', async () => {
    const redis = await PrivateRedis.start({ persistent: true });
    cleanups.push(() => redis.dispose());
    const server = track(await startRedisInstance(uniquePrefix('outage'), {}, redis.url));
    const host = await createRoom(server.syncUrl);
    track(host.client);
    const guest = await joinRoom(server.syncUrl, host.joined.payload.roomId);
    track(guest.client);
    const leaver = await joinRoom(server.syncUrl, host.joined.payload.roomId);
    host.client.send('sync.annotation', {
      op: 'add',
      annotation: annotation(`${host.joined.payload.userId}-before`),
    });
    await reachVersion(guest.client, 1);

    await redis.stop();
    const down = await healthBecomes(server, 503);
    // Someone drops during the outage: recorded as disconnected once Redis is back.
    await leaver.client.close();
    expect(down).toMatchObject({ ok: false, store: { ok: false, store: 'redis' } });
    const refusedId = guest.client.send('sync.annotation', {
      op: 'add',
      annotation: annotation(`${guest.joined.payload.userId}-during`),
    });
    const refused = await guest.client.errorFor(refusedId, 5000);
    expect(refused.payload.code).toBe('STORE_UNAVAILABLE');

    await redis.restart();
    await healthBecomes(server, 200);
    const leaverId = leaver.joined.payload.userId;
    await host.client.next(
      'room.users',
      (m) => m.payload.users.some((user) => user.userId === leaverId && !user.connected),
      8000,
    );
    // The same sockets carry on: the retry is accepted and reaches the other member.
    const retryId = guest.client.send('sync.annotation', {
      op: 'add',
      annotation: annotation(`${guest.joined.payload.userId}-during`),
    });
    const echo = await guest.client.next('sync.annotation', (m) => m.replyTo === retryId, 8000);
    expect(echo.version).toBe(2);
    await reachVersion(host.client, 2);
    const stateId = host.client.send('sync.requestState', {});
    const state = await host.client.next('sync.state', (m) => m.replyTo === stateId);
    if (state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(state.payload.state.annotations.map((item) => item.id)).toEqual([
      `${host.joined.payload.userId}-before`,
      `${guest.joined.payload.userId}-during`,
    ]);
  });

  it('a Redis that restarts empty ends its rooms cleanly, and the instance serves new rooms', async () => {
    const redis = await PrivateRedis.start({ persistent: false });
    cleanups.push(() => redis.dispose());
    const server = track(await startRedisInstance(uniquePrefix('empty'), {}, redis.url));
    const host = await createRoom(server.syncUrl);
    track(host.client);
    await redis.stop();
    await healthBecomes(server, 503);
    await redis.restart();
    await healthBecomes(server, 200);
    const ended = await host.client.next('room.ended', () => true, 8000);
    expect(ended.payload.reason).toBe('server');
    expect(await host.client.closed).toBe(4004);
    const fresh = await createRoom(server.syncUrl);
    track(fresh.client);
    expect(fresh.joined.payload.mode).toBe('created');
  });

  it("events published while an instance's channel was cut reach its clients after reconnecting", async () => {
    const prefix = uniquePrefix('cut');
    cleanups.push(() => deletePrefix(prefix));
    const one = track(await startRedisInstance(prefix, { stateRate: 1000, stateBurst: 1000 }));
    const two = track(await startRedisInstance(prefix, { stateRate: 1000, stateBurst: 1000 }));
    const host = await createRoom(one.syncUrl);
    track(host.client);
    const guest = await joinRoom(two.syncUrl, host.joined.payload.roomId);
    track(guest.client);

    const admin = new Redis(TEST_REDIS_URL);
    admin.on('error', () => undefined);
    cleanups.push(async () => admin.disconnect());
    const list = (await admin.client('LIST')) as string;
    const line = list
      .split('\n')
      .find((entry) => entry.includes(`name=reelsync-sub:${one.store.instanceId}`));
    const id = /\bid=(\d+)/.exec(line ?? '')?.[1];
    expect(id).toBeDefined();
    await admin.client('KILL', 'ID', id ?? '');
    // Published while instance one is reconnecting its channel connection.
    for (let i = 0; i < 20; i++)
      guest.client.send('sync.annotation', {
        op: 'add',
        annotation: annotation(`${guest.joined.payload.userId}-cut-${i}`),
      });
    await reachVersion(guest.client, 20);
    await reachVersion(host.client, 20);
    const versions = host.client.received
      .filter((m) => m.type === 'sync.annotation')
      .map((m) => m.version);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
