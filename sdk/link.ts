// The client's connection across sockets: when an open connection drops (network, server
// restart) it opens a new socket after a doubling, jittered delay until one opens or the attempts
// run out; the client then says hello again and resumes its room (ReelSyncClient). A close the
// server means for good (fatal close codes: room ended, replaced, removed…) or the program's own
// close() is final. No Node or DOM types.
import { isFatalCloseCode } from '../src/protocol/index';
import { ReelSyncError } from './errors';
import type { WebSocketLike } from './socket';

export interface ReconnectPolicy {
  /** Wait before the first new attempt (ms); it doubles each attempt. */
  baseDelayMs: number;
  /** The longest wait between attempts (ms). */
  maxDelayMs: number;
  /** Attempts before giving up (the client then closes with the last reason). */
  maxAttempts: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxAttempts: 20,
};

/** ±20 %: programs that lost one server do not all come back at the same instant. */
const JITTER = 0.2;

export interface LinkEvents {
  data(data: unknown): void;
  /** The socket dropped; a new one is tried in `delayMs` (attempt counts from 1). */
  down(info: { code: number; reason: string; attempt: number; delayMs: number }): void;
  /** A new socket is open: re-handshake; a rejection counts as a failed attempt. */
  up(): Promise<void>;
  /** For good: closed by the program, by the server (fatal), or attempts exhausted. */
  closed(info: { code: number; reason: string }): void;
}

/** Opens one socket; rejects with UNREACHABLE when it cannot. */
export function openSocket(
  factory: (url: string) => WebSocketLike,
  url: string,
  serverUrl: string,
): Promise<WebSocketLike> {
  const socket = factory(url);
  return new Promise<WebSocketLike>((resolve, reject) => {
    const fail = () =>
      reject(new ReelSyncError('UNREACHABLE', `Cannot reach the ReelSync server at ${serverUrl}`));
    socket.onopen = () => resolve(socket);
    socket.onerror = fail;
    socket.onclose = fail;
  }).then((opened) => {
    opened.onerror = () => undefined; // the close event that follows reports it
    return opened;
  });
}

/** While reconnecting: requests wait for this (it rejects if the connection closes for good). */
export interface Gate {
  promise: Promise<void>;
  open: () => void;
  fail: (error: ReelSyncError) => void;
}

export function gate(): Gate {
  let open = () => undefined as void;
  let fail: (error: ReelSyncError) => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  promise.catch(() => undefined); // reported to the requests that wait on it
  return { promise, open, fail };
}

export class Link {
  private closing = false;
  private final = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Failed attempts since the connection was last up (0 while it is). */
  private attempts = 0;

  constructor(
    private socket: WebSocketLike,
    private readonly reopen: () => Promise<WebSocketLike>,
    private readonly policy: ReconnectPolicy | null,
    private readonly events: LinkEvents,
  ) {
    this.attach(socket);
  }

  get isOpen(): boolean {
    return !this.final && this.socket.readyState === 1;
  }

  get isFinal(): boolean {
    return this.final;
  }

  send(text: string): void {
    this.socket.send(text);
  }

  /** Closes for good (no reconnect); `closed` follows when the socket has closed. */
  close(code = 1000, reason = 'client closed'): void {
    this.closing = true;
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      this.finish(code, reason);
      return;
    }
    this.socket.close(code, reason);
  }

  private attach(socket: WebSocketLike): void {
    this.socket = socket;
    socket.onmessage = (event) => this.events.data(event.data);
    socket.onclose = (event) => {
      if (this.socket === socket) this.dropped(event.code, event.reason);
    };
  }

  private dropped(code: number, reason: string): void {
    if (this.final || this.timer !== null) return;
    const attempt = ++this.attempts;
    if (this.closing || !this.policy || isFatalCloseCode(code) || attempt > this.policy.maxAttempts)
      return this.finish(code, reason);
    const base = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    const delayMs = Math.round(base * (1 - JITTER + Math.random() * 2 * JITTER));
    this.events.down({ code, reason, attempt, delayMs });
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.retry();
    }, delayMs);
  }

  private async retry(): Promise<void> {
    let socket: WebSocketLike;
    try {
      socket = await this.reopen();
    } catch (error) {
      return this.dropped(1006, error instanceof Error ? error.message : String(error));
    }
    if (this.closing) {
      socket.close(1000, 'client closed');
      return this.finish(1000, 'client closed');
    }
    this.attach(socket);
    try {
      await this.events.up();
      this.attempts = 0;
    } catch (error) {
      if (this.socket !== socket || this.timer !== null || this.final) return; // already handled
      // The server answered but refused the resume for good (room gone): final.
      if (error instanceof ReelSyncError && error.code !== 'CLOSED' && error.code !== 'TIMEOUT') {
        this.closing = true;
        socket.close(1000, error.message.slice(0, 100));
        return;
      }
      socket.onclose = null;
      socket.close(1000, 'resume failed');
      this.dropped(1006, error instanceof Error ? error.message : String(error));
    }
  }

  private finish(code: number, reason: string): void {
    if (this.final) return;
    this.final = true;
    this.events.closed({ code, reason });
  }
}
