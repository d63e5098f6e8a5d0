// Test-only network faults between the browser and the ReelSync server: a TCP proxy whose link can
// be cut (sockets dropped, new connections refused) and restored on the same port, and an HTTP
// front that serves the player but answers the /sync WebSocket upgrade with 500.
import http from 'node:http';
import net from 'node:net';

export interface CuttableProxy {
  /** http://127.0.0.1:<port> — open the player here so its sync socket runs through the proxy. */
  readonly url: string;
  /** Drops every open connection and refuses new ones until restore(). */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: net.Server | http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  const sockets = new Set<net.Socket>();
  const makeServer = () =>
    net.createServer((client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  let server: net.Server | null = makeServer();
  const port = await listen(server, 0);
  const stop = async () => {
    const current = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    cut: stop,
    async restore() {
      if (server) return;
      server = makeServer();
      await listen(server, port);
    },
    close: stop,
  };
}

export interface FailingSyncFront {
  readonly url: string;
  /** How many /sync upgrades were answered with 500. */
  readonly refused: number;
  close(): Promise<void>;
}

/** Serves the player from `targetUrl` but answers every WebSocket upgrade with HTTP 500. */
export async function startFailingSyncFront(targetUrl: string): Promise<FailingSyncFront> {
  let refused = 0;
  const server = http.createServer((request, response) => {
    const upstream = http.request(
      new URL(request.url ?? '/', targetUrl),
      { method: request.method, headers: request.headers },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('upgrade', (_request, socket) => {
    refused += 1;
    socket.end(
      'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
  });
  const port = await listen(server, 0);
  return {
    url: `http://127.0.0.1:${port}`,
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
