// Starts one ReelSync process: the built player over HTTP(S), /healthz, /metrics, and the
// /sync WebSocket endpoint, all on one port.
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import { serverUrls, urlHost, isWildcardHost, certificateNames } from './addresses';
import { createClientConfig } from './clientConfig';
import { DEFAULT_CONFIG, type ServerConfig } from './config';
import { createRequestHandler } from './http';
import { createLogger } from './logger';
import { ServerMetrics } from './metrics';
import { MediaService } from './media/MediaService';
import { OidcAuth } from './oidc/OidcAuth';
import type { MediaStore } from './media/MediaStore';
import { loadRoomSecret } from './roomCredentials';
import { ReviewKeeper } from './reviews/ReviewKeeper';
import { MemoryRoomStore } from './store/MemoryRoomStore';
import type { RoomStore } from './store/RoomStore';
import { RedisRoomStore } from './store/redis/RedisRoomStore';
import { SyncServer } from './sync/SyncServer';
import { RoomEvents } from './webhooks/RoomEvents';
import { certificateFingerprint, defaultCertDir, loadOrCreateCertificate } from './tls';

export interface ServerOptions extends Partial<Omit<ServerConfig, 'port' | 'host' | 'staticDir'>> {
  /** TCP port; 0 picks a free one. */
  port: number;
  host: string;
  /** Directory holding the built player (vite build output). */
  staticDir: string;
  /** PEM contents (instead of tlsCert/tlsKey file paths, or --https's generated certificate). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Room storage; defaults to a RedisRoomStore when `redisUrl` is set, else a new
   * MemoryRoomStore (either is closed with the server).
   */
  store?: RoomStore;
  /** A ready logger, or a destination for the default JSON logger (tests capture logs this way). */
  logger?: Logger;
  logDestination?: DestinationStream;
  /** Media storage (default: a LocalMediaStore in --data-dir, or S3 with --s3-bucket). */
  mediaStore?: MediaStore;
  /** The media side's clock (token expiry, retention); tests drive it. Default Date.now. */
  mediaClock?: () => number;
}

/** The certificate an https server presents. */
export interface ServerCertificate {
  /** SHA-256 fingerprint (colon-separated hex), for people to compare with the browser's. */
  readonly fingerprint: string;
  /** 'generated' by --https (self-signed), or 'provided' (--tls-cert or `tls`). */
  readonly source: 'generated' | 'provided';
  /** Where a generated certificate is stored (null: not stored). */
  readonly file: string | null;
}

export interface RunningServer {
  /** The first address (localhost when bound to every interface). */
  readonly url: string;
  /** Every address the server answers on (with a trailing slash), `url`'s host first. */
  readonly urls: readonly string[];
  /** The --public-url share links use, if set. */
  readonly publicUrl: string | null;
  /** Set when serving https. */
  readonly certificate: ServerCertificate | null;
  /** ws:// or wss:// URL of the sync endpoint. */
  readonly syncUrl: string;
  readonly port: number;
  readonly store: RoomStore;
  /** The media library's server side (store, tokens, uploads, pipeline, retention). */
  readonly media: MediaService;
  /** Start-banner lines of the media library (its store, ffmpeg's status). */
  readonly mediaBanner: readonly string[];
  /** Durable reviews (null with --no-reviews). */
  readonly reviews: ReviewKeeper | null;
  /** Webhooks and the per-room event log (server/webhooks/, docs/webhooks.md). */
  readonly events: RoomEvents;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const config: ServerConfig = {
    ...DEFAULT_CONFIG,
    // Embedding programs (tests, benchmarks) keep rooms in memory only unless they ask for
    // reviews; the command line passes its parsed config, where reviews are on by default.
    reviews: false,
    ...stripUndefined(options),
  };
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
  const media = await MediaService.create({
    config,
    rooms: store,
    logger,
    secret: config.roomSecret,
    ...(options.mediaStore ? { store: options.mediaStore } : {}),
    ...(options.mediaClock ? { now: options.mediaClock } : {}),
  });
  const reviews = ReviewKeeper.start(config, store, logger);
  // Joins and resumes may need a kept review: the server listens once the database is open (or
  // has failed to open: then it runs without reviews). Answering before, a resume would wait on
  // the database past the player's request timeout and come back as a new member.
  await reviews?.ready();
  const metrics = new ServerMetrics(() => store.countRooms());
  const events = new RoomEvents(config, store, logger, metrics.registry);
  let sync: SyncServer | null = null;
  let urls: readonly string[] = [];
  const tls = await resolveTls(options, config);
  // Sign-in (--oidc-issuer): only the studio's accounts create or join rooms (server/oidc/).
  const auth = OidcAuth.create(config, config.roomSecret, logger, tls !== null);
  const handler = createRequestHandler({
    staticDir: options.staticDir,
    store,
    metrics: config.metrics ? metrics : null,
    logger,
    connections: () => sync?.connectionCount ?? 0,
    clientConfig: createClientConfig({ publicUrl: config.publicUrl ?? null, urls: () => urls }),
    tls: tls !== null,
    metricsToken: config.metricsToken,
    metricsPublic: config.metricsPublic,
    media,
    mediaOrigins: config.mediaOrigins,
    events,
    auth,
  });

  // Slowloris: a request's headers must arrive within requestTimeoutMs, checked every second
  // (Node's default check runs every 30 s), so dripping sockets close in about that. The body
  // has no total time limit (an upload PATCH of gigabytes takes minutes); a body that stops
  // arriving is closed by the socket timeout below.
  const timeouts = {
    headersTimeout: config.requestTimeoutMs,
    requestTimeout: 0,
    connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs),
  };
  const server: Server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key, ...timeouts }, handler)
    : createHttpServer(timeouts, handler);
  // A socket silent this long (before its request, between requests, or mid-body) is closed too;
  // WebSocket connections turn this off on upgrade (ws) and have their own heartbeat.
  server.setTimeout(config.requestTimeoutMs);
  sync = new SyncServer(
    server,
    config,
    store,
    metrics,
    logger,
    { library: media, reviews, events },
    auth,
  );

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
    await reviews?.close();
    await media.close();
    events.close();
    throw error;
  }
  server.on('error', (error) => logger.error({ err: error }, 'server error'));
  const port = (server.address() as AddressInfo).port;
  const shownHost = isWildcardHost(options.host) ? 'localhost' : options.host;
  const hostPart = urlHost(shownHost);
  const url = `${tls ? 'https' : 'http'}://${hostPart}:${port}`;
  urls = serverUrls(options.host, port, Boolean(tls));
  const certificate = tls?.certificate ?? null;
  logger.info(
    {
      url,
      urls,
      publicUrl: config.publicUrl,
      tls: Boolean(tls),
      certificateFingerprint: certificate?.fingerprint,
      store: (await store.health()).store,
      media: media.store.description,
      ffmpeg: media.tools.ffmpeg,
      ffprobe: media.tools.ffprobe,
    },
    'listening',
  );

  let closing: Promise<void> | null = null;
  return {
    url,
    urls,
    publicUrl: config.publicUrl ?? null,
    certificate,
    syncUrl: `${tls ? 'wss' : 'ws'}://${hostPart}:${port}/sync`,
    port,
    store,
    media,
    mediaBanner: media.bannerLines(),
    reviews,
    events,
    close: () =>
      (closing ??= (async () => {
        await sync.close();
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
        // Every live room is written before the store goes (a memory store's rooms reopen
        // from there after the restart).
        await reviews?.close();
        await media.close();
        events.close();
        if (ownsStore) await store.close();
      })()),
  };
}

/** The certificate to serve: given PEMs, --tls-cert/--tls-key files, or --https's generated one. */
async function resolveTls(
  options: ServerOptions,
  config: ServerConfig,
): Promise<{ cert: string | Buffer; key: string | Buffer; certificate: ServerCertificate } | null> {
  const provided =
    options.tls ??
    (config.tlsCert && config.tlsKey
      ? { cert: await readFile(config.tlsCert), key: await readFile(config.tlsKey) }
      : null);
  if (provided) {
    const fingerprint = certificateFingerprint(provided.cert);
    return {
      ...provided,
      certificate: { fingerprint, source: 'provided', file: config.tlsCert ?? null },
    };
  }
  if (!config.https) return null;
  const generated = await loadOrCreateCertificate(
    config.certDir ?? defaultCertDir(),
    certificateNames(options.host),
  );
  return {
    cert: generated.cert,
    key: generated.key,
    certificate: { fingerprint: generated.fingerprint, source: 'generated', file: generated.file },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
