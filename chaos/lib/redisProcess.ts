// A Redis of the scenario's own (redis-server on a free loopback port, appendonly with fsync
// always, in a temporary folder), so it can be killed and restarted without touching the
// machine's Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, signalAndWait } from './serverProcess';

export interface RedisProcess {
  readonly url: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-chaos-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const launch = async () => {
    const proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    proc.once('error', () => undefined);
    child = proc;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const client = new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return;
      } catch {
        client.disconnect();
      }
      if (proc.exitCode !== null) throw new Error('redis-server exited (is it installed?)');
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const exit = (signal: NodeJS.Signals) => signalAndWait(child, signal);
  process.once('exit', () => child?.kill('SIGKILL'));
  await launch();
  return { url, kill: () => exit('SIGKILL'), restart: launch, stop: () => exit('SIGTERM') };
}
