// Over 400 lines: one socket's whole life (handshake, refusals before it, heartbeat, reconnect with backoff) in one class.
// One logical connection to the sync server: handshake, JSON messages through the protocol
// validators, heartbeat with RTT and dead-link detection, and reconnection with backoff.
import {
  PROTOCOL_VERSION,
  createClientMessage,
  isFatalCloseCode,
  parseServerFrame,
  serializeMessage,
  type ClientMessage,
  type ClientMessageType,
  type ClientPayload,
  type ErrorCode,
  type ProtocolError,
  type ServerMessage,
  type ServerMessageOf,
} from '../protocol/index';
import { EventEmitter } from '../utils/EventEmitter';
import type { ClockSample } from './ClockSync';
import type { OnlineEventSource, WebSocketFactory, WebSocketLike } from './types';
import { DEFAULT_RECONNECT_POLICY, reconnectDelay, type ReconnectPolicy } from './reconnect';

export type WebSocketClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface WebSocketClientOptions {
  url: string;
  /** Default: the global WebSocket (browsers); in Node pass one built on `ws`. */
  createWebSocket?: WebSocketFactory;
  heartbeatIntervalMs?: number;
  /** No message at all for this long means the link is dead. */
  heartbeatTimeoutMs?: number;
  /** How long a connect may take, handshake included. */
  connectTimeoutMs?: number;
  reconnect?: Partial<ReconnectPolicy>;
  /** Default: globalThis when it is an event target (browsers); null disables. */
  onlineEvents?: OnlineEventSource | null;
  clientName?: string;
  /** Protocol features announced in hello (default ['live.batch']; the clock worker: ['clock.only']). */
  features?: readonly string[];
  now?: () => number;
  random?: () => number;
}

export type WebSocketClientEvents = {
  stateChanged: WebSocketClientState;
  /** Handshake done (welcome received); `reconnect` is true after an automatic reconnect. */
  open: { welcome: ServerMessageOf<'welcome'>; reconnect: boolean };
  message: ServerMessage;
  /** A clock sample (every pong, and the hello/welcome exchange). */
  sample: ClockSample;
  /** Smoothed round trip, ms. */
  rtt: number;
  invalidMessage: ProtocolError;
  close: { code: number; reason: string; willReconnect: boolean; fatal: boolean };
  error: { code: 'CONNECTION_FAILED' | 'HEARTBEAT_TIMEOUT'; message: string };
  reconnecting: { attempt: number; delayMs: number };
  reconnectExhausted: { attempts: number };
};

/**
 * The server refused the handshake with an error before closing (AUTH_REQUIRED when it wants a
 * sign-in, VERSION_MISMATCH): a connect rejects with this, carrying the server's code and words.
 */
export class HandshakeRefused extends Error {
  override readonly name = 'HandshakeRefused';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Pending = {
  resolve: (welcome: ServerMessageOf<'welcome'>) => void;
  reject: (e: Error) => void;
};

function defaultFactory(): WebSocketFactory {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!Ctor) throw new Error('No WebSocket implementation: pass createWebSocket');
  return (url) => new Ctor(url);
}

function defaultOnlineSource(): OnlineEventSource | null {
  const target = globalThis as Partial<OnlineEventSource>;
  return typeof target.addEventListener === 'function' &&
    typeof target.removeEventListener === 'function'
    ? (target as OnlineEventSource)
    : null;
}

export class WebSocketClient extends EventEmitter<WebSocketClientEvents> {
  readonly url: string;
  private readonly factory: WebSocketFactory | undefined;
  private readonly heartbeatIntervalMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly policy: ReconnectPolicy;
  private readonly online: OnlineEventSource | null;
  private readonly clientName: string;
  private readonly features: string[];
  private readonly nowFn: () => number;
  private readonly random: () => number;
  private socket: WebSocketLike | null = null;
  private currentState: WebSocketClientState = 'idle';
  private attempt = 0;
  private everOpened = false;
  private helloSentAt = 0;
  private lastMessageAt = 0;
  private smoothedRtt: number | null = null;
  private pending: Pending | null = null;
  /** An error the server sent before welcome: why the close that follows happened. */
  private refusal: HandshakeRefused | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onOnline = () => {
    if (this.currentState === 'reconnecting' && this.reconnectTimer !== null) this.retryNow();
  };

  constructor(options: WebSocketClientOptions) {
    super();
    this.url = options.url;
    this.factory = options.createWebSocket;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5000;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 15_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.policy = { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect };
    this.online = options.onlineEvents === undefined ? defaultOnlineSource() : options.onlineEvents;
    this.clientName = options.clientName ?? 'reelsync-player';
    this.features = [...(options.features ?? ['live.batch'])];
    this.nowFn = options.now ?? (() => performance.now());
    this.random = options.random ?? Math.random;
    this.online?.addEventListener('online', this.onOnline);
  }

  get state(): WebSocketClientState {
    return this.currentState;
  }

  get isOpen(): boolean {
    return this.currentState === 'open';
  }

  /** Smoothed round-trip time (EWMA, like TCP's SRTT), or null before the first pong. */
  get rtt(): number | null {
    return this.smoothedRtt;
  }

  get reconnectAttempt(): number {
    return this.attempt;
  }

  /**
   * Opens the connection and completes the handshake. A first connect that fails rejects
   * (the caller shows the error); only an established link reconnects on its own.
   */
  connect(): Promise<ServerMessageOf<'welcome'>> {
    if (this.currentState === 'closed') return Promise.reject(new Error('client disposed'));
    this.clearTimers();
    this.everOpened = false;
    this.attempt = 0;
    return this.open();
  }

  /** Sends a message built from type and payload; returns its id, or null when not open. */
  send<K extends ClientMessageType>(
    type: K,
    payload: ClientPayload<K>,
    options: { timestamp?: number } = {},
  ): string | null {
    const message = createClientMessage(type, payload, options);
    return this.sendMessage(message) ? message.id : null;
  }

  sendMessage(message: ClientMessage): boolean {
    if (!this.socket || this.currentState !== 'open') return false;
    this.socket.send(serializeMessage(message));
    return true;
  }

  /** A ping stamped with the local clock (used by the heartbeat and by ClockSync). */
  ping(clientTime: number = this.nowFn()): boolean {
    return this.send('ping', { clientTime }) !== null;
  }

  /** Closes on purpose: no reconnect. */
  disconnect(code = 1000, reason = 'client closed'): void {
    this.clearTimers();
    this.failPending(new Error('disconnected'));
    const socket = this.detach();
    socket?.close(code, reason);
    if (this.currentState !== 'closed') this.setState('idle');
  }

  /** Manual retry (e.g. after reconnectExhausted): a fresh series of attempts. */
  reconnectNow(): void {
    if (this.currentState === 'closed') return;
    this.clearTimers();
    this.detach()?.close(1000, 'reconnect');
    this.everOpened = true;
    this.attempt = 0;
    this.scheduleReconnect();
  }

  dispose(): void {
    this.disconnect(1000, 'client disposed');
    this.setState('closed');
    this.online?.removeEventListener('online', this.onOnline);
    this.removeAllListeners();
  }

  private open(): Promise<ServerMessageOf<'welcome'>> {
    this.setState(this.everOpened ? 'reconnecting' : 'connecting');
    this.refusal = null;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      let socket: WebSocketLike;
      try {
        // Resolved per connect, so constructing a client never needs a WebSocket implementation.
        socket = (this.factory ?? defaultFactory())(this.url);
      } catch (error) {
        this.connectionFailed(error instanceof Error ? error.message : String(error));
        return;
      }
      this.socket = socket;
      socket.onopen = () => {
        this.helloSentAt = this.nowFn();
        this.lastMessageAt = this.helloSentAt;
        socket.send(
          serializeMessage(
            createClientMessage('hello', {
              protocolVersion: PROTOCOL_VERSION,
              client: this.clientName,
              // live.batch: several relayed cursors/strokes may then arrive in one frame (fewer
              // writes for the server, unpacked here in order).
              features: this.features,
            }),
          ),
        );
      };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onerror = () => undefined; // a close always follows; handled there
      socket.onclose = (event) => this.closed(event.code, event.reason);
      this.connectTimer = setTimeout(() => {
        this.connectTimer = null;
        this.detach()?.close(4000, 'connect timeout');
        this.connectionFailed('connect timeout');
      }, this.connectTimeoutMs);
    });
  }

  private receive(data: unknown): void {
    this.lastMessageAt = this.nowFn();
    const text = typeof data === 'string' ? data : String(data);
    const parsed = parseServerFrame(text);
    if (!parsed.ok) {
      this.emit('invalidMessage', parsed.error);
      return;
    }
    for (const message of parsed.message) this.handle(message);
  }

  private handle(message: ServerMessage): void {
    if (message.type === 'welcome' && this.currentState !== 'open') {
      this.handshakeDone(message);
      return;
    }
    if (message.type === 'error' && this.currentState !== 'open')
      this.refusal = new HandshakeRefused(message.payload.code, message.payload.message);
    if (message.type === 'pong') {
      const sample = {
        sentAt: message.payload.clientTime,
        serverTime: message.payload.serverTime,
        receivedAt: this.lastMessageAt,
      };
      const rtt = sample.receivedAt - sample.sentAt;
      this.smoothedRtt = this.smoothedRtt === null ? rtt : this.smoothedRtt * 0.875 + rtt * 0.125;
      this.emit('sample', sample);
      this.emit('rtt', this.smoothedRtt);
    }
    this.emit('message', message);
  }

  private handshakeDone(welcome: ServerMessageOf<'welcome'>): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    this.connectTimer = null;
    const reconnect = this.everOpened;
    this.everOpened = true;
    this.attempt = 0;
    this.setState('open');
    this.emit('sample', {
      sentAt: this.helloSentAt,
      serverTime: welcome.payload.serverTime,
      receivedAt: this.lastMessageAt,
    });
    this.startHeartbeat();
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(welcome);
    this.emit('open', { welcome, reconnect });
  }

  private startHeartbeat(): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    let lastTick = this.nowFn();
    this.heartbeatTimer = setInterval(() => {
      const now = this.nowFn();
      // A background tab may run this timer minutes late: then silence proves nothing, so the
      // link gets a fresh window to answer instead of being declared dead.
      if (now - lastTick > this.heartbeatIntervalMs * 2)
        this.lastMessageAt = Math.max(this.lastMessageAt, now - this.heartbeatIntervalMs);
      lastTick = now;
      if (now - this.lastMessageAt > this.heartbeatTimeoutMs) {
        // A dead link may never deliver a close event, so treat it as closed now.
        this.emit('error', { code: 'HEARTBEAT_TIMEOUT', message: 'no answer from the server' });
        this.detach()?.close(4000, 'heartbeat timeout');
        this.closed(1006, 'heartbeat timeout');
        return;
      }
      this.ping();
    }, this.heartbeatIntervalMs);
  }

  private closed(code: number, reason: string): void {
    const wasOpen = this.currentState === 'open';
    this.detach();
    this.clearTimers();
    if (!wasOpen) {
      this.connectionFailed(this.refusal?.message ?? `closed before handshake (${code})`, code);
      return;
    }
    const fatal = isFatalCloseCode(code);
    const willReconnect = !fatal && code !== 1000;
    this.emit('close', { code, reason, willReconnect, fatal });
    if (willReconnect) this.scheduleReconnect();
    else this.setState('idle');
  }

  /** A connect attempt (first or retry) failed before the handshake completed. */
  private connectionFailed(message: string, code = 1006): void {
    this.detach();
    this.clearTimers();
    const pending = this.pending;
    this.pending = null;
    const fatal = isFatalCloseCode(code);
    if (!this.everOpened || fatal) {
      this.setState('idle');
      this.emit('error', { code: 'CONNECTION_FAILED', message });
      if (this.everOpened)
        this.emit('close', { code, reason: message, willReconnect: false, fatal });
      pending?.reject(this.refusal ?? new Error(message));
      return;
    }
    pending?.reject(new Error(message));
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.attempt >= this.policy.maxAttempts) {
      this.setState('idle');
      this.emit('reconnectExhausted', { attempts: this.attempt });
      return;
    }
    this.attempt += 1;
    const delayMs = reconnectDelay(this.attempt, this.policy, this.random);
    this.setState('reconnecting');
    this.emit('reconnecting', { attempt: this.attempt, delayMs });
    this.reconnectTimer = setTimeout(() => this.retryNow(), delayMs);
  }

  private retryNow(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.open().catch(() => undefined); // failures schedule the next attempt themselves
  }

  private failPending(error: Error): void {
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }

  /** Drops the socket's handlers so a late event from it cannot disturb the next one. */
  private detach(): WebSocketLike | null {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = () => undefined;
    }
    return socket;
  }

  private clearTimers(): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    this.heartbeatTimer = null;
    this.reconnectTimer = null;
    this.connectTimer = null;
  }

  private setState(state: WebSocketClientState): void {
    if (this.currentState === state || this.currentState === 'closed') return;
    this.currentState = state;
    this.emit('stateChanged', state);
  }
}
