// Over 400 lines: the inbound pipeline of one socket (size, parse, schema, permission, rate, dispatch) kept in order in one class.
// One WebSocket connection: the inbound pipeline (size → parse → schema → permission →
// rate limit → apply, in order), typed error replies, abuse cut-off, and outbound sends
// with slow-consumer protection. Room logic lives in RoomService.
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import {
  CLIENT_MESSAGE_CATEGORY,
  CLOSE_CODES,
  ERROR_CODES,
  MESSAGE_ID_PATTERN,
  PROTOCOL_VERSION,
  createServerMessage,
  serializeMessage,
  validateClientMessage,
  type ClientMessage,
  type CloseCodeName,
  type ErrorCode,
  type MessageCategory,
  type Role,
  type ServerMessage,
  type ServerPayload,
  type SyncCategory,
  type ServerMessageType,
} from '../../src/protocol/index';
import { serverNow } from '../clock';
import type { ServerConfig } from '../config';
import { TokenBucket, WindowCounter } from '../limits/TokenBucket';
import { typeLabel, type ServerMetrics } from '../metrics';
import { StoreUnavailableError } from '../store/RoomStore';
import { LiveBatcher } from './LiveBatcher';
import type { HeartbeatState } from './heartbeat';
import { checkPermission, type Phase } from './permissions';

const MESSAGE_ID = new RegExp(MESSAGE_ID_PATTERN);
/** How long a close handshake may take before the socket is destroyed. */
const CLOSE_TIMEOUT_MS = 2000;
/** Buffers are sent as text frames: they hold serialized JSON (UTF-8). */
const TEXT_FRAME = { binary: false } as const;
const TEXT_FRAGMENT = { binary: false, fin: false } as const;

export interface ConnectionDeps {
  config: ServerConfig;
  metrics: ServerMetrics;
  logger: Logger;
  /** Applies an accepted message; rejections come back through session.replyError. */
  dispatch(session: Connection, message: ClientMessage): Promise<void>;
  /**
   * Sign-in is on and the upgrade carried no valid session or token (server/oidc/): `hello` is
   * answered AUTH_REQUIRED with this detail (what to do) and the socket closed with 4011.
   */
  authRefusal?: string;
}

/** Membership of the room this connection is in (null in the lobby). */
export interface ConnectionRoom {
  roomId: string;
  userId: string;
  role: Role;
  color: string;
}

export interface ErrorOptions {
  replyTo?: string;
  detail?: string;
  path?: string;
  retryAfterMs?: number;
  category?: SyncCategory;
}

export class Connection {
  private currentPhase: Phase = 'handshake';
  /** When the phase last changed (the lobby idle timeout counts from it). */
  phaseSince = serverNow();
  room: ConnectionRoom | null = null;
  /** The heartbeat's state (heartbeat.ts); a pong clears awaitingPong. */
  readonly heartbeat: HeartbeatState = { awaitingPong: false, bufferedAtPing: 0 };
  private readonly buckets: Record<Exclude<MessageCategory, never>, TokenBucket>;
  private readonly lastRateLimitReply = new Map<MessageCategory, number>();
  private readonly violations: WindowCounter;
  private queue: Promise<void> = Promise.resolve();
  /** While joining, room events are held here until room.joined and sync.state went out. */
  private held: Array<{
    data: string | Buffer;
    type: ServerMessageType;
    ephemeral: boolean;
    version?: number;
  }> | null = null;
  private closing = false;
  /** Bytes of the last large message (a snapshot) still allowed over the send-buffer limit. */
  private largeAllowance = 0;
  /** The client announced "live.batch": relayed cursors/strokes of one turn share a frame. */
  private batchLive = false;
  private readonly live = new LiveBatcher(
    (data, type) => this.write(data, type, true),
    () => this.isOpen,
  );
  /**
   * Newest room version this client has been sent (snapshot or change). Room events at or
   * below it are skipped: with a remote store, an event can arrive after the snapshot or
   * catch-up that already contained it.
   */
  deliveredVersion = 0;

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    readonly address: string,
    private readonly deps: ConnectionDeps,
  ) {
    const { config } = deps;
    const now = serverNow();
    this.buckets = {
      control: new TokenBucket(10, 20, now),
      room: new TokenBucket(config.roomOpRate, config.roomOpBurst, now),
      state: new TokenBucket(config.stateRate, config.stateBurst, now),
      live: new TokenBucket(config.liveRate, config.liveBurst, now),
    };
    this.violations = new WindowCounter(10_000);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => {
      this.heartbeat.awaitingPong = false;
    });
  }

  get phase(): Phase {
    return this.currentPhase;
  }

  set phase(phase: Phase) {
    if (phase !== this.currentPhase) this.phaseSince = serverNow();
    this.currentPhase = phase;
  }

  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN;
  }

  get log(): Logger {
    return this.deps.logger;
  }

  private receive(data: RawData, isBinary: boolean): void {
    const { metrics, config } = this.deps;
    if (this.closing) return;
    const size = Array.isArray(data)
      ? data.reduce((sum, part) => sum + part.length, 0)
      : data.byteLength;
    if (size > config.maxMessageBytes) {
      metrics.countIn('unknown');
      this.reject('PAYLOAD_TOO_LARGE', {
        detail: `${size} bytes; the limit is ${config.maxMessageBytes}`,
      });
      return;
    }
    if (isBinary) {
      metrics.countIn('unknown');
      this.reject('INVALID_MESSAGE', { detail: 'binary frames are not supported; send JSON text' });
      return;
    }
    // ws hands over a Buffer (binaryType "nodebuffer"); decode it in place, no copy.
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.from(data).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      metrics.countIn('unknown');
      this.reject('INVALID_JSON');
      return;
    }
    const replyTo = extractId(value);
    const parsed = validateClientMessage(value);
    if (!parsed.ok) {
      metrics.countIn(typeLabel(extractType(value)));
      const { code, path, message } = parsed.error;
      this.reject(code, {
        replyTo,
        path,
        detail: message.slice(ERROR_CODES[code].length + 2) || undefined,
      });
      return;
    }
    const message = parsed.message;
    metrics.countIn(message.type);
    // Secrets inside (PINs, tokens) are removed by the logger's redaction paths.
    this.log.trace({ conn: this.id, message }, 'received');
    const denied = checkPermission(message.type, this.phase, this.room?.role ?? null);
    if (denied) {
      this.reject(denied, {
        replyTo: message.id,
        detail:
          denied !== 'FORBIDDEN'
            ? undefined
            : this.phase === 'clock'
              ? `a clock.only connection may only ping, not send ${message.type}`
              : `${this.room?.role ?? 'you'} may not send ${message.type}`,
      });
      return;
    }
    if (!this.admit(message)) return;
    // A clock connection stays while it keeps measuring (the idle sweep counts from its last ping).
    if (this.phase === 'clock') this.phaseSince = serverNow();
    if (message.type === 'hello') {
      // Handled synchronously so messages pipelined behind hello see the new phase.
      this.greet(message);
      return;
    }
    this.queue = this.queue.then(() =>
      this.deps.dispatch(this, message).catch((error: unknown) => {
        const unavailable = error instanceof StoreUnavailableError;
        this.deps.metrics.rejections.inc({
          reason: unavailable ? 'STORE_UNAVAILABLE' : 'INTERNAL_ERROR',
        });
        this.log.error({ err: error, type: message.type, conn: this.id }, 'handler failed');
        this.replyError(unavailable ? 'STORE_UNAVAILABLE' : 'INTERNAL_ERROR', {
          replyTo: message.id,
        });
      }),
    );
  }

  private greet(hello: Extract<ClientMessage, { type: 'hello' }>): void {
    const { config } = this.deps;
    if (this.deps.authRefusal !== undefined) {
      this.deps.metrics.rejections.inc({ reason: 'AUTH_REQUIRED' });
      this.replyError('AUTH_REQUIRED', { replyTo: hello.id, detail: this.deps.authRefusal });
      this.closeWith('AUTH_REQUIRED');
      return;
    }
    if (hello.payload.protocolVersion !== PROTOCOL_VERSION) {
      this.deps.metrics.rejections.inc({ reason: 'VERSION_MISMATCH' });
      this.replyError('VERSION_MISMATCH', {
        replyTo: hello.id,
        detail: `client speaks version ${hello.payload.protocolVersion}, server speaks ${PROTOCOL_VERSION}`,
      });
      this.closeWith('VERSION_MISMATCH');
      return;
    }
    // A player's clock worker measures the server clock on a socket of its own: ping only.
    this.phase = hello.payload.features?.includes('clock.only') === true ? 'clock' : 'lobby';
    this.batchLive = hello.payload.features?.includes('live.batch') === true;
    this.log.debug({ conn: this.id, client: hello.payload.client }, 'hello');
    this.send(
      createServerMessage(
        'welcome',
        {
          protocolVersion: PROTOCOL_VERSION,
          serverTime: serverNow(),
          heartbeatIntervalMs: config.heartbeatIntervalMs,
          limits: {
            maxMessageBytes: config.maxMessageBytes,
            roomCapacity: config.roomCapacity,
            stateMessagesPerSecond: config.stateRate,
            liveMessagesPerSecond: config.liveRate,
          },
        },
        this.envelope(hello.id),
      ),
    );
  }

  /** Rate limit per category; ephemeral excess is dropped silently (by rule), the rest answered. */
  private admit(message: ClientMessage): boolean {
    const category = CLIENT_MESSAGE_CATEGORY[message.type];
    const now = serverNow();
    const bucket = this.buckets[category];
    if (bucket.take(now)) return true;
    this.deps.metrics.rejections.inc({ reason: 'RATE_LIMITED' });
    if (this.violations.add(now) > this.deps.config.maxViolations) {
      this.closeWith('ABUSE', 'RATE_LIMITED');
      return false;
    }
    // One RATE_LIMITED reply per category per second, so a flood is not answered by a flood.
    const last = this.lastRateLimitReply.get(category) ?? -Infinity;
    if (category !== 'live' && now - last >= 1000) {
      this.lastRateLimitReply.set(category, now);
      this.replyError('RATE_LIMITED', {
        replyTo: message.id,
        retryAfterMs: bucket.retryAfterMs(now),
      });
    }
    return false;
  }

  /** A bad message: typed error reply, counted towards the abuse limit. */
  private reject(code: ErrorCode, options: ErrorOptions = {}): void {
    this.deps.metrics.rejections.inc({ reason: code });
    this.log.debug({ conn: this.id, code, path: options.path }, 'rejected message');
    this.replyError(code, options);
    if (this.violations.add(serverNow()) > this.deps.config.maxViolations)
      this.closeWith('ABUSE', code);
  }

  replyError(code: ErrorCode, options: ErrorOptions = {}): void {
    const payload: ServerPayload<'error'> = {
      code,
      message: options.detail ? `${ERROR_CODES[code]}: ${options.detail}` : ERROR_CODES[code],
    };
    if (options.path !== undefined) payload.path = options.path;
    if (options.retryAfterMs !== undefined) payload.retryAfterMs = options.retryAfterMs;
    if (options.category !== undefined) payload.category = options.category;
    this.send(createServerMessage('error', payload, this.envelope(options.replyTo)));
  }

  envelope(replyTo?: string): { timestamp: number; replyTo?: string; roomId?: string } {
    const options: { timestamp: number; replyTo?: string; roomId?: string } = {
      timestamp: serverNow(),
    };
    if (replyTo !== undefined) options.replyTo = replyTo;
    if (this.room) options.roomId = this.room.roomId;
    return options;
  }

  send(message: ServerMessage): void {
    this.sendRaw(serializeMessage(message), message.type, false);
  }

  /**
   * Sends an already-serialized message (a Buffer when one broadcast goes to many sockets:
   * encoded once, not once per recipient). Slow consumers: above the high-water mark
   * ephemeral messages are dropped; above the hard limit the socket is closed (4006).
   */
  sendRaw(data: string | Buffer, type: ServerMessageType, ephemeral: boolean): void {
    if (!this.isOpen) return;
    if (this.batchLive && (type === 'live.cursor' || type === 'live.stroke')) {
      this.live.add(data, type);
      return;
    }
    // Anything else keeps its place after the relayed messages before it.
    if (this.live.hasPending) this.live.flush();
    this.write(data, type, ephemeral);
  }

  /** `type`: what to count in the metrics (the messages of a batch, each by its own type). */
  private write(
    data: string | Buffer,
    type: ServerMessageType | ServerMessageType[],
    ephemeral: boolean,
    /** False for a fragment that more of the same message follows. */
    fin = true,
  ): void {
    const buffered = this.ws.bufferedAmount;
    const { config, metrics } = this.deps;
    if (buffered <= config.sendHighWaterBytes) this.largeAllowance = 0;
    if (buffered > config.sendMaxBufferBytes + this.largeAllowance) {
      metrics.rejections.inc({ reason: 'SLOW_CONSUMER' });
      this.log.warn({ conn: this.id, buffered }, 'closing slow consumer');
      this.closeWith('SLOW_CONSUMER');
      return;
    }
    if (ephemeral && buffered > config.sendHighWaterBytes) {
      metrics.dropped.inc();
      return;
    }
    if (!fin) return void this.ws.send(data, TEXT_FRAGMENT);
    if (typeof type === 'string') metrics.countOut(type);
    else for (const each of type) metrics.countOut(each);
    this.ws.send(data, TEXT_FRAME);
  }

  /**
   * True once the send buffer is at or below the high-water mark, so a large message (a
   * snapshot) never goes on top of unread ones; false when closed, or not drained within a
   * heartbeat interval (then closed as a slow consumer: the client resumes and catches up).
   */
  async drained(): Promise<boolean> {
    const { config } = this.deps;
    const deadline = Date.now() + config.heartbeatIntervalMs;
    while (this.isOpen && this.ws.bufferedAmount > config.sendHighWaterBytes) {
      if (Date.now() > deadline) this.closeWith('SLOW_CONSUMER');
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.isOpen;
  }

  /**
   * A message that may be large (after drained()), in parts sent as the fragments of one text
   * message (a snapshot's cached bytes go out as they are); allowed over the buffer limit by
   * its size.
   */
  sendEncoded(parts: ReadonlyArray<string | Buffer>, type: ServerMessageType): void {
    if (!this.isOpen) return;
    if (this.live.hasPending) this.live.flush();
    const size = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
    parts.forEach((part, index) => {
      this.write(part, type, false, index === parts.length - 1);
      this.largeAllowance = size;
    });
  }

  /** Delivers a room event (or holds it while the join handshake is being sent). */
  deliver(
    data: string | Buffer,
    type: ServerMessageType,
    ephemeral: boolean,
    version?: number,
  ): void {
    if (version !== undefined && !this.held) {
      if (version <= this.deliveredVersion) return;
      this.deliveredVersion = version;
    }
    if (this.held) {
      if (!ephemeral)
        this.held.push(
          version === undefined ? { data, type, ephemeral } : { data, type, ephemeral, version },
        );
      return;
    }
    this.sendRaw(data, type, ephemeral);
  }

  /** Holds room events until releaseEvents (joining: a new room, so versions start over). */
  holdEvents(options: { keepVersion?: boolean } = {}): void {
    this.held = [];
    if (!options.keepVersion) this.deliveredVersion = 0;
  }

  /**
   * True when a room change skips versions this client has not been sent (a remote store's
   * channel lost messages): the hub repairs the gap from the store before delivering it.
   */
  isGap(version: number): boolean {
    return !this.held && version > this.deliveredVersion + 1;
  }

  /** Entry was refused: forget what was held. */
  discardEvents(): void {
    this.held = null;
  }

  /** Sends what arrived while joining, skipping changes already in the snapshot. */
  releaseEvents(snapshotVersion: number): void {
    const held = this.held ?? [];
    this.held = null;
    this.deliveredVersion = snapshotVersion;
    for (const event of held) this.deliver(event.data, event.type, event.ephemeral, event.version);
  }

  /** Sends an error (when given) and closes with an application close code. */
  closeWith(name: CloseCodeName, errorCode?: ErrorCode): void {
    if (this.closing) return;
    if (errorCode) this.replyError(errorCode);
    this.closing = true;
    const { code, reason } = CLOSE_CODES[name];
    this.ws.close(code, reason);
    // A peer that does not complete the close handshake (e.g. it stopped reading) is cut.
    setTimeout(() => {
      if (this.ws.readyState !== this.ws.CLOSED) this.ws.terminate();
    }, CLOSE_TIMEOUT_MS).unref();
  }
}

function extractId(value: unknown): string | undefined {
  const id =
    typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' && MESSAGE_ID.test(id) ? id : undefined;
}

function extractType(value: unknown): string | undefined {
  const type =
    typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}
