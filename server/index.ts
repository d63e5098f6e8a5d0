// Starts one ReelSync process: the built player over HTTP(S), /healthz, /metrics, and the
// /sync WebSocket endpoint, all on one port.
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import { DEFAULT_CONFIG, type ServerConfig } from './config';
import { createRequestHandler } from './http';
import { createLogger } from './logger';
import { ServerMetrics } from './metrics';
import { loadRoomSecret } from './roomCredentials';
import { MemoryRoomStore } from './store/MemoryRoomStore';
import type { RoomStore } from './store/RoomStore';
import { RedisRoomStore } from './store/redis/RedisRoomStore';
import { SyncServer } from './sync/SyncServer';

export interface ServerOptions extends Partial<Omit<ServerConfig, 'port' | 'host' | 'staticDir'>> {
  /** TCP port; 0 picks a free one. */
  port: number;
  host: string;
  /** Directory holding the built player (vite build output). */
  staticDir: string;
  /** PEM contents (instead of tlsCert/tlsKey file paths). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Room storage; defaults to a RedisRoomStore when `redisUrl` is set, else a new
   * MemoryRoomStore (either is closed with the server).
   */
  store?: RoomStore;
  /** A ready logger, or a destination for the default JSON logger (tests capture logs this way). */
  logger?: Logger;
  logDestination?: DestinationStream;
}

export interface RunningServer {
  readonly url: string;
  /** ws:// or wss:// URL of the sync endpoint. */
  readonly syncUrl: string;
  readonly port: number;
  readonly store: RoomStore;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...stripUndefined(options) };
  const logger = options.logger ?? createLogger(config.logLevel, options.logDestination);
  const ownsStore = !options.store;
  const store =
    options.store ??
    (config.redisUrl
      ? await RedisRoomStore.connect({
          url: config.redisUrl,
          prefix: config.redisPrefix,
          instanceTtlMs: config.instanceTtlMs,
          presenceGraceMs: config.presenceGraceMs,
          logger,
        })
      : new MemoryRoomStore());
  config.roomSecret = await loadRoomSecret(config.roomSecret, logger);
  const metrics = new ServerMetrics(() => store.countRooms());
  let sync: SyncServer | null = null;
  const handler = createRequestHandler({
    staticDir: options.staticDir,
    store,
    metrics: config.metrics ? metrics : null,
    logger,
    connections: () => sync?.connectionCount ?? 0,
  });

  const tls =
    options.tls ??
    (config.tlsCert && config.tlsKey
      ? { cert: await readFile(config.tlsCert), key: await readFile(config.tlsKey) }
      : null);
  const server: Server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler)
    : createHttpServer(handler);
  sync = new SyncServer(server, config, store, metrics, logger);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await sync.close();
    throw error;
  }
  server.on('error', (error) => logger.error({ err: error }, 'server error'));
  const port = (server.address() as AddressInfo).port;
  const shownHost =
    options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const hostPart = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
  const url = `${tls ? 'https' : 'http'}://${hostPart}:${port}`;
  logger.info({ url, tls: Boolean(tls), store: (await store.health()).store }, 'listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    syncUrl: `${tls ? 'wss' : 'ws'}://${hostPart}:${port}/sync`,
    port,
    store,
    close: () =>
      (closing ??= (async () => {
        await sync.close();
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
        if (ownsStore) await store.close();
      })()),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
