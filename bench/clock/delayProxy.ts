// A loopback TCP proxy that delays each direction by its own base delay plus uniform random jitter,
// keeping byte order (a chunk never overtakes the one before it, like a real path). Benchmarks put
// it between a client and the ReelSync server to get a path with known asymmetry and jitter.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface PathDelay {
  /** Client → server base delay, ms. */
  upMs: number;
  /** Server → client base delay, ms. */
  downMs: number;
  /** Each chunk waits an extra uniform random [0, jitterMs) ms, each direction on its own. */
  jitterMs: number;
}

export interface DelayProxy {
  readonly port: number;
  /** http://127.0.0.1:<port> — a page opened here syncs through the proxy too (same origin). */
  readonly url: string;
  close(): Promise<void>;
}

/** Describes a delay for tables: "40/10 ms ± 5" style (up/down, then the jitter range). */
export function describePath(path: PathDelay): string {
  const base = `${path.upMs}/${path.downMs} ms`;
  return path.jitterMs > 0 ? `${base} + 0–${path.jitterMs} jitter` : base;
}

function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number, jitterMs: number): void {
  // One FIFO and one timer per direction: separate timers per chunk can fire out of order
  // (timers run on the event loop's cached millisecond time), which corrupts the stream.
  const queue: Array<{ due: number; chunk: Buffer | null }> = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDue = 0;
  const flush = () => {
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && (queue[0] as (typeof queue)[number]).due <= now) {
      const { chunk } = queue.shift() as (typeof queue)[number];
      if (to.destroyed) continue;
      if (chunk === null) to.end();
      else to.write(chunk);
    }
    schedule();
  };
  const schedule = () => {
    const head = queue[0];
    if (timer !== null || !head) return;
    timer = setTimeout(flush, Math.max(0, head.due - performance.now()));
  };
  const push = (chunk: Buffer | null, extraMs: number) => {
    lastDue = Math.max(lastDue, performance.now() + delayMs + extraMs);
    queue.push({ due: lastDue, chunk });
    schedule();
  };
  from.on('data', (chunk: Buffer) => push(chunk, Math.random() * jitterMs));
  from.on('end', () => push(null, 0));
  from.on('error', () => to.destroy());
  to.on('close', () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    queue.length = 0;
  });
}

export async function startDelayProxy(targetPort: number, path: PathDelay): Promise<DelayProxy> {
  for (const [key, value] of Object.entries(path)) {
    if (!(Number.isFinite(value) && value >= 0))
      throw new RangeError(`delay proxy: ${key} must be a non-negative number of ms, got ${value}`);
  }
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    delayedPipe(client, upstream, path.upMs, path.jitterMs);
    delayedPipe(upstream, client, path.downMs, path.jitterMs);
    const cleanup = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', cleanup);
    upstream.on('close', cleanup);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
