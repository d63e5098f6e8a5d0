// The /sync WebSocket endpoint: upgrade checks (path, Origin), connection limit, handshake
// timeout, heartbeat (ws README pattern: mark alive on pong, terminate the silent), idle
// room expiry, and wiring of sessions to the RoomService.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { SYNC_PATH, randomString } from '../../src/protocol/index';
import type { ServerConfig } from '../config';
import type { ServerMetrics } from '../metrics';
import type { RoomStore } from '../store/RoomStore';
import { Connection } from './Connection';
import { RoomHub } from './RoomHub';
import { RoomService } from './RoomService';

export class SyncServer {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, Connection>();
  private readonly rooms: RoomService;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    this.upgrade(req, socket, head);

  constructor(
    private readonly http: HttpServer,
    private readonly config: ServerConfig,
    private readonly store: RoomStore,
    private readonly metrics: ServerMetrics,
    private readonly logger: Logger,
  ) {
    // ws enforces a hard cap (close 1009); messages between the soft limit and the cap get
    // a PAYLOAD_TOO_LARGE reply from the session instead, which users can understand.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.maxMessageBytes * 4,
      perMessageDeflate: false,
    });
    const hub = new RoomHub(
      store,
      logger,
      (session, close = 'ROOM_ENDED') => {
        this.rooms.detachSession(session);
        session.closeWith(close);
      },
      (session) => {
        this.rooms.detachSession(session);
        session.closeWith('REPLACED');
      },
    );
    this.rooms = new RoomService(store, hub, config, metrics, logger);
    http.on('upgrade', this.onUpgrade);
    this.timers.push(setInterval(() => this.heartbeat(), config.heartbeatIntervalMs));
    const sweepMs = Math.max(1000, Math.min(60_000, Math.floor(config.roomIdleTimeoutMs / 2)));
    this.timers.push(
      setInterval(() => {
        this.rooms
          .expireIdleRooms()
          .catch((error: unknown) => logger.error({ err: error }, 'idle sweep failed'));
      }, sweepMs),
    );
    for (const timer of this.timers) timer.unref();
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== SYNC_PATH) return refuse(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    // Browsers always send Origin; other programs may not, and the allow-list is about browsers.
    if (
      this.config.allowedOrigins.length > 0 &&
      origin !== undefined &&
      !this.config.allowedOrigins.includes(origin)
    ) {
      this.metrics.rejections.inc({ reason: 'ORIGIN_NOT_ALLOWED' });
      this.logger.warn({ origin }, 'origin refused');
      return refuse(socket, 403, 'Forbidden');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, req));
  }

  private connected(ws: WebSocket, req: IncomingMessage): void {
    const id = randomString(16);
    const address = clientAddress(req, this.config.trustProxy);
    const session = new Connection(id, ws, address, {
      config: this.config,
      metrics: this.metrics,
      logger: this.logger,
      dispatch: (s, message) => this.rooms.dispatch(s, message),
    });
    ws.on('error', (error) => this.logger.debug({ conn: id, err: error.message }, 'socket error'));
    if (this.sessions.size >= this.config.maxConnections) {
      this.metrics.rejections.inc({ reason: 'SERVER_BUSY' });
      session.closeWith('SERVER_BUSY', 'SERVER_BUSY');
      return;
    }
    this.sessions.set(id, session);
    this.metrics.connections.inc();
    this.logger.debug({ conn: id, address }, 'connected');
    const handshake = setTimeout(() => {
      if (session.phase === 'handshake') session.closeWith('HANDSHAKE_TIMEOUT');
    }, this.config.handshakeTimeoutMs);
    handshake.unref();
    ws.on('close', (code) => {
      clearTimeout(handshake);
      this.sessions.delete(id);
      this.metrics.connections.dec();
      this.logger.debug({ conn: id, code }, 'disconnected');
      this.rooms
        .disconnected(session)
        .catch((error: unknown) => this.logger.error({ err: error }, 'disconnect handling failed'));
    });
  }

  private heartbeat(): void {
    for (const session of this.sessions.values()) {
      if (session.awaitingPong) {
        this.logger.info({ conn: session.id }, 'terminating unresponsive socket');
        this.metrics.rejections.inc({ reason: 'HEARTBEAT_TIMEOUT' });
        session.ws.terminate();
        continue;
      }
      session.awaitingPong = true;
      session.ws.ping();
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.http.off('upgrade', this.onUpgrade);
    for (const session of this.sessions.values()) {
      this.rooms.detachSession(session);
      session.closeWith('SHUTDOWN');
    }
    this.rooms.dispose();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const session of this.sessions.values()) session.ws.terminate();
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
