// Starts a real ReelSync server on an ephemeral port for a test, with quiet logs by default.
// REELSYNC_TEST_STORE=redis runs it on a RedisRoomStore (REELSYNC_TEST_REDIS_URL, default
// redis://127.0.0.1:6379) under a random key prefix that is deleted when the server closes,
// so the whole server suite runs once per store. A missing Redis fails the test, never skips.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { randomString } from '../../../src/protocol/index';
import { startServer, type RunningServer, type ServerOptions } from '../../../server/index';
import { RedisRoomStore } from '../../../server/store/redis/RedisRoomStore';

let staticDir: string | null = null;

export const TEST_REDIS_URL = process.env.REELSYNC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Which store startTestServer uses when a test does not pass its own. */
export const TEST_STORE: 'memory' | 'redis' =
  process.env.REELSYNC_TEST_STORE === 'redis' ? 'redis' : 'memory';

export function testStaticDir(): string {
  if (!staticDir) {
    staticDir = mkdtempSync(path.join(tmpdir(), 'reelsync-static-'));
    writeFileSync(
      path.join(staticDir, 'index.html'),
      '<!doctype html><title>ReelSync test</title>',
    );
  }
  return staticDir;
}

/** A key prefix no other test uses. */
export function uniquePrefix(label = 'test'): string {
  return `reelsync-test:${label}:${randomString(10)}:`;
}

/** Deletes every key under a prefix (SCAN, so it never blocks Redis). */
export async function deletePrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // reported by the failing command instead
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A RedisRoomStore on the test Redis that must be reachable (a test failure otherwise). */
export async function connectTestRedisStore(
  prefix: string,
  options: { presenceGraceMs?: number; instanceTtlMs?: number; url?: string } = {},
): Promise<RedisRoomStore> {
  const store = await RedisRoomStore.connect({
    url: TEST_REDIS_URL,
    prefix,
    connectTimeoutMs: 3000,
    ...options,
  });
  const health = await store.health();
  if (!health.ok) {
    await store.close();
    throw new Error(
      `Redis at ${options.url ?? TEST_REDIS_URL} is not usable: ${health.detail ?? ''}`,
    );
  }
  return store;
}

export async function startTestServer(
  overrides: Partial<ServerOptions> = {},
): Promise<RunningServer> {
  const options: ServerOptions = {
    port: 0,
    host: '127.0.0.1',
    staticDir: testStaticDir(),
    logLevel: 'silent',
    // Each test server keeps its media in its own folder.
    dataDir: mkdtempSync(path.join(tmpdir(), 'reelsync-data-')),
    ...overrides,
  };
  if (TEST_STORE !== 'redis' || options.store) return startServer(options);
  const prefix = uniquePrefix('server');
  const store = await connectTestRedisStore(prefix, {
    ...(options.presenceGraceMs === undefined ? {} : { presenceGraceMs: options.presenceGraceMs }),
  });
  const server = await startServer({ ...options, store }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  let closing: Promise<void> | null = null;
  return {
    ...server,
    store,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await store.close();
        await deletePrefix(prefix);
      })()),
  };
}
