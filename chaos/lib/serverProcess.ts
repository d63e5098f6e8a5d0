// The real ReelSync server (server/cli.ts) in a child process, so a scenario can kill it with
// SIGKILL, start it again on the same port, and read its resident memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A free loopback TCP port (bound once, released, handed out). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Sends `signal` to a child that is still running and waits until it has exited. */
export async function signalAndWait(
  proc: ChildProcess | null,
  signal: NodeJS.Signals,
): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill(signal);
  await gone;
}

/** Resident set size of a process in bytes (0 when it is gone). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface ServerProcess {
  readonly port: number;
  readonly httpUrl: string;
  readonly syncUrl: string;
  readonly pid: number;
  /** Highest RSS seen since start (sampled every 100 ms), bytes. */
  readonly peakRss: number;
  /** RSS now, bytes. */
  rss(): number;
  /** Milliseconds /healthz took to answer (Infinity when it did not within the timeout). */
  healthMs(timeoutMs?: number): Promise<number>;
  /** SIGKILL, no goodbye. */
  kill(): Promise<void>;
  /** Starts the same server again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  port?: number;
  /** Extra CLI flags (e.g. ['--redis-url', url]). */
  args?: string[];
}

let staticDir: string | null = null;
function staticFolder(): string {
  if (staticDir) return staticDir;
  staticDir = mkdtempSync(path.join(tmpdir(), 'reelsync-chaos-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>chaos</title>');
  return staticDir;
}

export async function startServerProcess(
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const httpUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let peak = 0;
  let sampler: ReturnType<typeof setInterval> | null = null;

  const launch = async () => {
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'server/cli.ts'),
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
        '--log-level',
        'error',
        '--static-dir',
        staticFolder(),
        ...(options.args ?? []),
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
    child = proc;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
      if ((await health(httpUrl, 1000)) < Infinity) break;
      if (Date.now() > deadline) throw new Error('server did not answer /healthz in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    sampler ??= setInterval(() => {
      if (child?.pid) peak = Math.max(peak, rssOf(child.pid));
    }, 100);
  };
  const exit = (signal: NodeJS.Signals) => signalAndWait(child, signal);

  await launch();
  return {
    port,
    httpUrl,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    get pid() {
      return child?.pid ?? 0;
    },
    get peakRss() {
      return peak;
    },
    rss: () => (child?.pid ? rssOf(child.pid) : 0),
    healthMs: (timeoutMs = 30_000) => health(httpUrl, timeoutMs),
    kill: () => exit('SIGKILL'),
    restart: launch,
    stop: async () => {
      if (sampler) clearInterval(sampler);
      sampler = null;
      await exit('SIGTERM');
    },
  };
}

async function health(httpUrl: string, timeoutMs: number): Promise<number> {
  const start = performance.now();
  try {
    const response = await fetch(`${httpUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok ? performance.now() - start : Infinity;
  } catch {
    return Infinity;
  }
}
