// Starts a benchmark target (bench/server/serverChild.ts) in a child process and talks to it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildStats, ServerSpec } from './protocol';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface ServerHandle {
  readonly spec: ServerSpec;
  readonly url: string;
  readonly pid: number;
  stats(options?: { gc?: boolean }): Promise<ChildStats>;
  close(): Promise<void>;
}

export async function spawnServer(spec: ServerSpec): Promise<ServerHandle> {
  const child = spawn(
    process.execPath,
    [
      // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      '--expose-gc',
      path.join(spec.root ?? root, 'bench/server/serverChild.ts'),
    ],
    {
      cwd: spec.root ?? root,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_SERVER_SPEC: JSON.stringify(spec) },
    },
  );
  children.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      children.delete(child);
      resolve();
    }),
  );
  const pending = new Map<number, (stats: ChildStats) => void>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${spec.kind} server did not start`)), 30_000);
    child.on('message', (reply: ChildReply) => {
      if (reply.type === 'ready') {
        clearTimeout(timer);
        resolve(reply.url);
      } else pending.get(reply.id)?.(reply.stats);
    });
    void exited.then(() => reject(new Error(`${spec.kind} server exited`)));
  });
  return {
    spec,
    url,
    pid: child.pid ?? 0,
    stats: (options = {}) =>
      new Promise<ChildStats>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error('server stats timed out')), 30_000);
        pending.set(id, (stats) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(stats);
        });
        child.send({ type: 'stats', id, gc: options.gc === true });
      }),
    close: async () => {
      if (child.exitCode === null) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Server CPU time in ms between two stats readings. */
export function cpuMs(before: ChildStats, after: ChildStats): number {
  return (after.cpuUserUs - before.cpuUserUs + after.cpuSystemUs - before.cpuSystemUs) / 1000;
}
