// HTTP routes: /healthz (JSON, store health), /metrics (Prometheus), /api/config (what the player
// needs to know of the server), everything else the built player.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { PROTOCOL_VERSION } from '../src/protocol/index';
import type { ServerMetrics } from './metrics';
import { CLIENT_CONFIG_PATH, type ClientConfig } from './clientConfig';
import { createStaticHandler } from './static';
import type { RoomStore } from './store/RoomStore';

export interface HttpDeps {
  staticDir: string;
  store: RoomStore;
  metrics: ServerMetrics | null;
  logger: Logger;
  connections: () => number;
  /** GET /api/config: where share links point (server/clientConfig.ts). */
  clientConfig?: (req: IncomingMessage) => ClientConfig;
}

export function createRequestHandler(deps: HttpDeps) {
  const serveStatic = createStaticHandler(deps.staticDir);
  const startedAt = Date.now();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/healthz') {
      const store = await deps.store
        .health()
        .catch((error: unknown) => ({ ok: false, store: 'unknown', detail: String(error) }));
      const body = {
        ok: store.ok,
        protocolVersion: PROTOCOL_VERSION,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        connections: deps.connections(),
        store,
      };
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
      const text = await deps.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': deps.metrics.registry.contentType }).end(text);
      return;
    }
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
