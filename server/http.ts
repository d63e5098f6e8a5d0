// HTTP routes: /healthz (JSON, store health), /metrics (Prometheus), /api/config (what the player
// needs to know of the server), sign-in's /auth/* and /api/me (server/oidc/), the media library's /api/media and /api/uploads
// (server/media/), a room's event log (server/webhooks/), everything else the built player. Every response carries the
// security headers (securityHeaders.ts). /metrics
// answers loopback callers, holders of --metrics-token, or everyone with --metrics-public;
// /healthz tells everyone whether the server is up, and only those callers the details.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { PROTOCOL_VERSION } from '../src/protocol/index';
import { isLoopback } from './limits/address';
import type { ServerMetrics } from './metrics';
import { CLIENT_CONFIG_PATH, type ClientConfig } from './clientConfig';
import { securityHeaders } from './securityHeaders';
import type { MediaService } from './media/MediaService';
import { handleAuthRoutes } from './oidc/authRoutes';
import type { OidcAuth } from './oidc/OidcAuth';
import { createStaticHandler } from './static';
import type { RoomStore } from './store/RoomStore';
import type { RoomEvents } from './webhooks/RoomEvents';

export interface HttpDeps {
  staticDir: string;
  store: RoomStore;
  metrics: ServerMetrics | null;
  logger: Logger;
  connections: () => number;
  /** GET /api/config: where share links point (server/clientConfig.ts). */
  clientConfig?: (req: IncomingMessage) => ClientConfig;
  /** Served over TLS: add Strict-Transport-Security. */
  tls?: boolean;
  metricsToken?: string | undefined;
  metricsPublic?: boolean;
  /** /api/media/* and /api/uploads (server/media/). */
  media?: MediaService;
  /** Origins the player may stream library URL items from (CSP; --media-origins). */
  mediaOrigins?: readonly string[];
  /** GET /api/rooms/<ROOM>/events: the room's event log for its host (server/webhooks/). */
  events?: RoomEvents;
  /** Sign-in (server/oidc/): /auth/* and /api/me; null or absent: sign-in is off. */
  auth?: OidcAuth | null;
}

export function createRequestHandler(deps: HttpDeps) {
  const serveStatic = createStaticHandler(deps.staticDir);
  const startedAt = Date.now();

  /** Loopback peer with no proxy in between, the metrics token, or --metrics-public. */
  function privileged(req: IncomingMessage): boolean {
    if (deps.metricsPublic) return true;
    if (deps.metricsToken && bearerMatches(req.headers.authorization, deps.metricsToken))
      return true;
    const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded;
    return !proxied && isLoopback(req.socket.remoteAddress);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(req, Boolean(deps.tls), deps.mediaOrigins);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/healthz') {
      const store = await deps.store
        .health()
        .catch((error: unknown) => ({ ok: false, store: 'unknown', detail: String(error) }));
      const body = privileged(req)
        ? {
            ok: store.ok,
            protocolVersion: PROTOCOL_VERSION,
            uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
            connections: deps.connections(),
            store,
          }
        : { ok: store.ok };
      res
        .writeHead(store.ok ? 200 : 503, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
        })
        .end(JSON.stringify(body));
      return;
    }
    if (pathname === CLIENT_CONFIG_PATH) {
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(deps.clientConfig?.(req) ?? { publicUrl: null, lanUrls: [] }));
      return;
    }
    if (pathname === '/metrics' && deps.metrics) {
      if (!privileged(req)) {
        res
          .writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
          .end(
            'Forbidden: /metrics is served to loopback callers; elsewhere send "Authorization: Bearer <--metrics-token>"\n',
          );
        return;
      }
      const text = await deps.metrics.registry.metrics();
      res
        .writeHead(200, {
          'content-type': deps.metrics.registry.contentType,
          'cache-control': 'no-store',
        })
        .end(text);
      return;
    }
    if (await handleAuthRoutes(deps.auth ?? null, req, res, pathname)) return;
    if (deps.events && (await deps.events.handle(req, res, pathname))) return;
    if (deps.media && pathname.startsWith('/api/') && (await deps.media.handle(req, res, pathname)))
      return;
    await serveStatic(req, res);
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((error: unknown) => {
      deps.logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
}

/** Constant-time check of "Authorization: Bearer <token>". */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1].trim()), digest(token));
}
