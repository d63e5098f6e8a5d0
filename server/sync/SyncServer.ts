// The /sync WebSocket endpoint: upgrade checks (path, Origin: the server's own plus
// --allowed-origins, sign-in when --oidc-issuer is set), connection limits (total and per client address), handshake timeout,
// lobby idle timeout, heartbeat (heartbeat.ts: mark alive on pong, terminate the
// silent unless still draining), idle room expiry, and wiring of sessions to the RoomService.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { SYNC_PATH, randomString } from '../../src/protocol/index';
import { serverNow } from '../clock';
import type { ServerConfig } from '../config';
import { addressGroup, remoteAddress } from '../limits/address';
import { heartbeatTick } from './heartbeat';
import type { ServerMetrics } from '../metrics';
import type { RoomStore } from '../store/RoomStore';
import type { Authentication } from '../oidc/OidcAuth';
import { LIVE_PATH } from '../../src/protocol/index';
import { LiveRelay } from '../stream/LiveRelay';
import { Connection } from './Connection';
import { RoomHub } from './RoomHub';
import { RoomService, type RoomServices } from './RoomService';

export class SyncServer {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, Connection>();
  /** Open connections per client address (IPv6: per /64). */
  private readonly perAddress = new Map<string, number>();
  private readonly rooms: RoomService;
  /** /stream: pixel streaming's live frames (server/stream/). */
  private readonly live: LiveRelay;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    this.upgrade(req, socket, head);

  constructor(
    private readonly http: HttpServer,
    private readonly config: ServerConfig,
    private readonly store: RoomStore,
    private readonly metrics: ServerMetrics,
    private readonly logger: Logger,
    services: RoomServices = {},
    /** Sign-in (server/oidc/): every upgrade needs a valid session or token. Null: open. */
    private readonly auth: {
      authenticate(req: IncomingMessage): Promise<Authentication>;
    } | null = null,
  ) {
    const { reviews } = services;
    // ws enforces the message size limit (close 1009), fragments included: a message being
    // assembled from fragments can never hold more than the largest message allowed. The
    // limit is announced in `welcome`, so clients check before sending.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.maxMessageBytes,
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
      // Every state change and member change of a room is written to the reviews soon after.
      reviews ? (roomId) => reviews.touch(roomId) : undefined,
    );
    this.rooms = new RoomService(store, hub, config, metrics, logger, services);
    this.live = new LiveRelay(store, logger);
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
    const lobbySweepMs = Math.max(50, Math.min(5000, Math.floor(config.lobbyIdleTimeoutMs / 4)));
    this.timers.push(setInterval(() => this.closeIdleLobbies(), lobbySweepMs));
    for (const timer of this.timers) timer.unref();
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== SYNC_PATH && pathname !== LIVE_PATH) return refuse(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (!this.originAllowed(req)) {
      this.metrics.rejections.inc({ reason: 'ORIGIN_NOT_ALLOWED' });
      this.logger.warn({ origin }, 'origin refused');
      return refuse(socket, 403, 'Forbidden');
    }
    if (!this.auth) return this.accept(pathname, req, socket, head, undefined);
    // A socket error while the session is checked must not go unhandled.
    const ignore = () => undefined;
    socket.on('error', ignore);
    this.auth.authenticate(req).then(
      (result) => {
        socket.off('error', ignore);
        if (socket.destroyed) return;
        this.accept(pathname, req, socket, head, result.ok ? undefined : result.reason);
      },
      (error: unknown) => {
        socket.off('error', ignore);
        this.logger.error({ err: error }, 'sign-in check failed');
        refuse(socket, 500, 'Internal Server Error');
      },
    );
  }

  /**
   * `authRefusal`: why the upgrade has no valid sign-in. /sync then answers hello with
   * AUTH_REQUIRED and that text (so programs and the player can say what to do); /stream, which
   * has no such message, gets 401.
   */
  private accept(
    pathname: string,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    authRefusal: string | undefined,
  ): void {
    if (pathname === LIVE_PATH) {
      if (authRefusal !== undefined) {
        this.metrics.rejections.inc({ reason: 'AUTH_REQUIRED' });
        return refuse(socket, 401, 'Unauthorized');
      }
      return this.live.upgrade(req, socket, head);
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, req, authRefusal));
  }

  /**
   * Browsers always send Origin; other programs may not, and the check is about browsers
   * (a page elsewhere must not open a socket with its visitor's network position). Allowed:
   * the server's own origin (same host as the request; behind trusted proxies the forwarded
   * host), every --allowed-origins entry, or anything with `*`.
   */
  private originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    const allowed = this.config.allowedOrigins;
    if (allowed.includes('*') || allowed.includes(origin)) return true;
    const forwardedHost = this.proxyHops > 0 ? req.headers['x-forwarded-host'] : undefined;
    const host = (
      typeof forwardedHost === 'string' ? forwardedHost.split(',')[0] : req.headers.host
    )
      ?.trim()
      .toLowerCase();
    try {
      return host !== undefined && new URL(origin).host === host;
    } catch {
      return false;
    }
  }

  private get proxyHops(): number {
    return Math.max(this.config.trustProxyHops, this.config.trustProxy ? 1 : 0);
  }

  private connected(ws: WebSocket, req: IncomingMessage, authRefusal: string | undefined): void {
    const id = randomString(16);
    const address = addressGroup(remoteAddress(req, this.proxyHops));
    const session = new Connection(id, ws, address, {
      config: this.config,
      metrics: this.metrics,
      logger: this.logger,
      dispatch: (s, message) => this.rooms.dispatch(s, message),
      ...(authRefusal !== undefined ? { authRefusal } : {}),
    });
    ws.on('error', (error) => {
      // ws closes a socket whose message outgrows maxPayload with 1009 (no error message can
      // go out first: it is already closing); counted like the other refusals.
      if ((error as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
        this.metrics.rejections.inc({ reason: 'PAYLOAD_TOO_LARGE' });
      this.logger.debug({ conn: id, err: error.message }, 'socket error');
    });
    if (this.sessions.size >= this.config.maxConnections) {
      this.metrics.rejections.inc({ reason: 'SERVER_BUSY' });
      session.closeWith('SERVER_BUSY', 'SERVER_BUSY');
      return;
    }
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (fromAddress >= this.config.maxConnectionsPerAddress) {
      this.metrics.rejections.inc({ reason: 'ADDRESS_CONNECTIONS' });
      this.logger.warn({ address, open: fromAddress }, 'connection cap per address reached');
      session.replyError('SERVER_BUSY', {
        detail: `${fromAddress} connections are open from your address, the most allowed; close other ReelSync tabs and try again`,
        retryAfterMs: 5000,
      });
      session.closeWith('SERVER_BUSY');
      return;
    }
    this.perAddress.set(address, fromAddress + 1);
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
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
      this.metrics.connections.dec();
      this.logger.debug({ conn: id, code }, 'disconnected');
      this.rooms
        .disconnected(session)
        .catch((error: unknown) => this.logger.error({ err: error }, 'disconnect handling failed'));
    });
  }

  /**
   * Sockets that said hello but stayed out of every room too long hold resources for nothing
   * (a clock-only socket: too long without a ping).
   */
  private closeIdleLobbies(): void {
    const now = serverNow();
    for (const session of this.sessions.values()) {
      const idle = session.phase === 'lobby' || session.phase === 'clock';
      if (!idle || now - session.phaseSince < this.config.lobbyIdleTimeoutMs) continue;
      this.metrics.rejections.inc({ reason: 'LOBBY_IDLE' });
      this.logger.debug({ conn: session.id }, 'closing idle lobby connection');
      session.closeWith('HANDSHAKE_TIMEOUT');
    }
  }

  private heartbeat(): void {
    for (const session of this.sessions.values()) {
      const verdict = heartbeatTick(session.heartbeat, session.ws.bufferedAmount);
      if (verdict === 'ping') session.ws.ping();
      else if (verdict === 'dead') {
        this.logger.info({ conn: session.id }, 'terminating unresponsive socket');
        this.metrics.rejections.inc({ reason: 'HEARTBEAT_TIMEOUT' });
        session.ws.terminate();
      }
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
    this.live.close();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const session of this.sessions.values()) session.ws.terminate();
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
