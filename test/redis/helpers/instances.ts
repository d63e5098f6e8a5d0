// Real ReelSync instances as child processes (`node --import tsx server/cli.ts`, one process
// each, so SIGKILL really kills the server) sharing one Redis under a test's key prefix, and
// in-process instances for tests that do not need to kill anything.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '../../../server/index';
import type { RedisRoomStore } from '../../../server/store/redis/RedisRoomStore';
import {
  TEST_REDIS_URL,
  connectTestRedisStore,
  startTestServer,
  testStaticDir,
} from '../../server/helpers/server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Children still running; killed when the test process exits (e.g. after a timed-out test). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Instance {
  readonly syncUrl: string;
  readonly url: string;
  readonly process: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Output so far (for failure messages). */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `server/cli.ts` on a free port with the Redis store under `prefix`. */
export async function spawnInstance(prefix: string, args: string[] = []): Promise<Instance> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/cli.ts',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--static-dir',
      testStaticDir(),
      '--log-level',
      'warn',
      '--redis-url',
      TEST_REDIS_URL,
      '--redis-prefix',
      prefix,
      // Reviews (an embedded database per data folder) are not what these tests are about, and
      // opening one held each start for seconds on a loaded machine; a folder of its own each.
      '--no-reviews',
      ...(args.includes('--data-dir')
        ? []
        : ['--data-dir', mkdtempSync(path.join(tmpdir(), 'reelsync-data-'))]),
      ...args,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const syncUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 40_000);
    const onData = () => {
      const match = /Sync endpoint \(for programs\): (wss?:\/\/\S+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(match[1]);
    };
    child.stdout.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`instance exited early:\n${output}`));
    });
  });
  return {
    syncUrl,
    url: syncUrl.replace(/^ws/, 'http').replace(/\/sync$/, ''),
    process: child,
    exited,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** An in-process server with its own RedisRoomStore (its own connections and instance id). */
export async function startRedisInstance(
  prefix: string,
  options: Parameters<typeof startTestServer>[0] = {},
  redisUrl?: string,
): Promise<RunningServer & { store: RedisRoomStore }> {
  const store = await connectTestRedisStore(prefix, {
    ...(options.presenceGraceMs === undefined ? {} : { presenceGraceMs: options.presenceGraceMs }),
    ...(options.instanceTtlMs === undefined ? {} : { instanceTtlMs: options.instanceTtlMs }),
    ...(redisUrl === undefined ? {} : { url: redisUrl }),
  });
  const server = await startTestServer({ ...options, store });
  return {
    ...server,
    store,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}
