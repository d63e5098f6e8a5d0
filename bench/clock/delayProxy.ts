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
  let lastDue = 0;
  from.on('data', (chunk) => {
    const due = Math.max(lastDue, performance.now() + delayMs + Math.random() * jitterMs);
    lastDue = due;
    setTimeout(
      () => {
        if (!to.destroyed) to.write(chunk);
      },
      Math.max(0, due - performance.now()),
    );
  });
  from.on('end', () => setTimeout(() => to.end(), Math.max(0, lastDue - performance.now())));
  from.on('error', () => to.destroy());
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
