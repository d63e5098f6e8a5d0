// A loopback TCP proxy that delays each direction by its own amount plus random jitter (order
// preserved, like a real path), for measuring clock sync under asymmetric, jittery latency.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DelayProxyOptions {
  targetPort: number;
  /** Client → server delay, ms. */
  upMs: number;
  /** Server → client delay, ms. */
  downMs: number;
  /** Extra uniform random delay in [0, jitterMs) per chunk. */
  jitterMs: number;
}

export interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number, jitterMs: number): void {
  let lastDelivery = 0;
  from.on('data', (chunk) => {
    const due = Math.max(lastDelivery, Date.now() + delayMs + Math.random() * jitterMs);
    lastDelivery = due;
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, due - Date.now());
  });
  from.on('end', () => setTimeout(() => to.end(), Math.max(0, lastDelivery - Date.now())));
  from.on('error', () => to.destroy());
}

export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(options.targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    delayedPipe(client, upstream, options.upMs, options.jitterMs);
    delayedPipe(upstream, client, options.downMs, options.jitterMs);
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
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
