// The one queue of optimistic changes on their way to the room, for one category of state
// (playback, view, color, annotations, notes, audio): each category's rules are options.
//
// API (kept stable; add, don't change):
//
//   const outbox = new Outbox<Key, Value>({ send, ...policy });
//   outbox.put(key, value)          queue a change; an unsent change to the same key is
//                                   replaced by it, or merged with it (`coalesce`)
//   outbox.flush()                  send what is queued now (bypasses the throttle); call it when
//                                   sending becomes possible (joined, reconnected, room state in)
//   outbox.settle(messageId)        the server answered a send (its ack or its echo): done
//   outbox.settleWhere(predicate)   entries the room's state already shows: done
//   outbox.refused(id, code, retryAfterMs?)
//                                   the server refused a send. RATE_LIMITED: wait the server's
//                                   `retryAfterMs` (else RATE_LIMIT_RETRY_MS) and send again;
//                                   other codes: retried until `maxAttempts` failures, unless
//                                   `retryRefused(code)` says no; then `gaveUp`
//   outbox.rateLimited(retryAfterMs?) another message of the same rate-limit category was
//                                   refused RATE_LIMITED: wait, then send what is in flight again
//   outbox.requeueInFlight()        the connection dropped: what was in flight is unsent again
//   outbox.drop(predicate)          forget entries without an event (a remote change won)
//   outbox.clear() / dispose()      forget everything (left the room) / stop for good
//   queries: pendingCount, inFlightCount, has(key), isQueued(key), isInFlight(key), entries()
//   events:  sent, settled (entry), gaveUp ({ entry, reason: 'refused' | 'unanswered', code? })
//
// A send is "unanswered" when `resendAfterMs` passes without settle or refusal: it counts as a
// failed attempt and goes out again. Losing the connection is not a failure.
import { EventEmitter } from '../utils/EventEmitter';
import { Throttle } from './Throttle';
import { realTimers, type Timers } from './timers';

/** Wait after RATE_LIMITED when the server gave no `retryAfterMs` hint. */
export const RATE_LIMIT_RETRY_MS = 500;
/** Wait after another refusal before the retry (the server may be mid-way through a change). */
export const REFUSED_RETRY_MS = 100;
/** Failed sends an entry may have before the outbox gives up on it. */
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface OutboxEntry<K, V> {
  readonly key: K;
  /** The change (coalesced with later unsent changes to the same key). */
  value: V;
  /** The id of the message carrying it while in flight; null while queued. */
  messageId: string | null;
  /** Sends that were refused or went unanswered. */
  failures: number;
  /** Sends so far, lost ones included. */
  sends: number;
  /** When it last went out (on the outbox's clock). */
  sentAt: number;
}

export type GaveUpReason = 'refused' | 'unanswered';

export type OutboxEvents<K, V> = {
  sent: Readonly<OutboxEntry<K, V>>;
  settled: Readonly<OutboxEntry<K, V>>;
  /** The entry is dropped for good: the caller decides what the user sees. */
  gaveUp: { entry: Readonly<OutboxEntry<K, V>>; reason: GaveUpReason; code?: string };
};

export interface OutboxOptions<K, V> {
  /**
   * Sends one entry; returns the message id, or null when it cannot go out now (it stays
   * queued until the next `flush`, or `blockedRetryMs`).
   */
  send(entry: Readonly<OutboxEntry<K, V>>): string | null;
  /** False while nothing may go out (offline, not in a room): `put` only queues. */
  canSend?(): boolean;
  /**
   * Merges a newer change into an unsent one with the same key (`inFlight`: an earlier change to
   * that key is on its way). Null cancels both. Default: the newer one replaces the older.
   */
  coalesce?(queued: V, next: V, context: { inFlight: boolean }): V | null;
  /** Leading + trailing throttle on sends caused by `put` (see Throttle); 0: send at once. */
  throttleMs?: number;
  /** Sends awaiting an answer at most (1: one at a time, in order). Default: no limit. */
  maxInFlight?: number;
  /** Failed sends (refused or unanswered) before `gaveUp`. Default DEFAULT_MAX_ATTEMPTS. */
  maxAttempts?: number;
  /** A send with no answer this long counts as failed and is retried. Default: wait for ever. */
  resendAfterMs?: number;
  /** Whether a refusal with this code is worth retrying. Default: every code. */
  retryRefused?(code: string): boolean;
  /** Wait after a refusal other than RATE_LIMITED. Default REFUSED_RETRY_MS. */
  refusedRetryMs?: number;
  /** When `send` returns null, look again after this long. Default: only on the next `flush`. */
  blockedRetryMs?: number;
  timers?: Timers;
}

export class Outbox<K, V> extends EventEmitter<OutboxEvents<K, V>> {
  private queue: Array<OutboxEntry<K, V>> = [];
  private readonly inFlight = new Map<string, OutboxEntry<K, V>>();
  private readonly answerTimers = new Map<OutboxEntry<K, V>, unknown>();
  private readonly throttle: Throttle | null;
  private readonly timers: Timers;
  /** Sending waits until this timer fires (rate limit, refusal, blocked send). */
  private pauseTimer: unknown = null;
  /** The pause is a rate limit: what is in flight then was dropped and goes out again. */
  private requeueAfterPause = false;
  /** The entry `send` is handling right now (its message id is not known yet). */
  private sending: OutboxEntry<K, V> | null = null;
  private disposed = false;

  constructor(private readonly options: OutboxOptions<K, V>) {
    super();
    this.timers = options.timers ?? realTimers;
    const throttleMs = options.throttleMs ?? 0;
    this.throttle =
      throttleMs > 0 ? new Throttle(throttleMs, () => this.flush(), this.timers) : null;
  }

  /** Changes not yet confirmed by the server (queued or in flight). */
  get pendingCount(): number {
    return this.queue.length + this.inFlight.size + (this.sending ? 1 : 0);
  }

  get inFlightCount(): number {
    return this.inFlight.size + (this.sending ? 1 : 0);
  }

  /** True while sending waits on a timer (after RATE_LIMITED or a refusal). */
  get paused(): boolean {
    return this.pauseTimer !== null;
  }

  /** Every pending entry: in flight first (in send order), then queued. */
  entries(): ReadonlyArray<Readonly<OutboxEntry<K, V>>> {
    return [...(this.sending ? [this.sending] : []), ...this.inFlight.values(), ...this.queue];
  }

  has(key: K): boolean {
    return this.isQueued(key) || this.isInFlight(key);
  }

  isQueued(key: K): boolean {
    return this.queue.some((entry) => entry.key === key);
  }

  isInFlight(key: K): boolean {
    if (this.sending?.key === key) return true;
    for (const entry of this.inFlight.values()) if (entry.key === key) return true;
    return false;
  }

  /** Queues a change and sends it (through the throttle, if any) when sending is possible. */
  put(key: K, value: V): void {
    if (this.disposed) return;
    this.enqueue({ key, value, messageId: null, failures: 0, sends: 0, sentAt: 0 }, 'back');
    if (!this.mayFlush()) return;
    if (this.throttle) this.throttle.push();
    else this.flush();
  }

  /** Sends what is queued, as far as `maxInFlight` and a pause allow. */
  flush(): void {
    if (!this.mayFlush() || this.pauseTimer !== null) return;
    const maxInFlight = this.options.maxInFlight ?? Infinity;
    while (this.queue.length > 0 && this.inFlightCount < maxInFlight) {
      const entry = this.queue.shift() as OutboxEntry<K, V>;
      // In flight before sending: an answer may arrive while `send` is still on the stack.
      this.sending = entry;
      entry.sends += 1;
      entry.sentAt = this.timers.now();
      const messageId = this.options.send(entry);
      const stillOurs = this.sending === entry;
      this.sending = null;
      if (!stillOurs) continue; // settled or dropped during the send
      if (messageId === null) {
        entry.sends -= 1;
        this.enqueue(entry, 'front');
        if (this.options.blockedRetryMs !== undefined) this.pause(this.options.blockedRetryMs);
        return;
      }
      entry.messageId = messageId;
      this.inFlight.set(messageId, entry);
      this.armAnswerTimer(entry);
      this.emit('sent', entry);
    }
  }

  /** The server answered `messageId` (ack or echo): its entry is done. */
  settle(messageId: string): Readonly<OutboxEntry<K, V>> | undefined {
    const wasFull = this.atLimit();
    const entry = this.takeInFlight(messageId);
    if (!entry) return undefined;
    this.emit('settled', entry);
    if (wasFull) this.flush();
    return entry;
  }

  /** Settles every entry (queued or in flight) the room already shows; returns how many. */
  settleWhere(predicate: (entry: Readonly<OutboxEntry<K, V>>) => boolean): number {
    const wasFull = this.atLimit();
    const settled = this.remove(predicate);
    for (const entry of settled) this.emit('settled', entry);
    if (wasFull && settled.length > 0) this.flush();
    return settled.length;
  }

  /**
   * The server refused `messageId`. Returns its entry (undefined when it is not ours), after
   * queueing it again or giving up on it.
   */
  refused(
    messageId: string,
    code: string,
    retryAfterMs?: number,
  ): Readonly<OutboxEntry<K, V>> | undefined {
    const wasFull = this.atLimit();
    const entry = this.takeInFlight(messageId);
    if (!entry) return undefined;
    if (code === 'RATE_LIMITED') {
      // The server asks us to slow down: not the change's fault, so not a failed attempt.
      this.enqueue(entry, 'front');
      this.pause(retryAfterMs ?? RATE_LIMIT_RETRY_MS);
      return entry;
    }
    entry.failures += 1;
    const retry = this.options.retryRefused?.(code) ?? true;
    if (!retry || entry.failures >= this.maxAttempts()) {
      this.emit('gaveUp', { entry, reason: 'refused', code });
      if (wasFull) this.flush();
      return entry;
    }
    this.enqueue(entry, 'front');
    this.pause(this.options.refusedRetryMs ?? REFUSED_RETRY_MS);
    return entry;
  }

  /**
   * The server rate-limited this connection (a refusal of this or another outbox's message): it
   * drops what follows unanswered for a while. Sending waits `retryAfterMs` (else
   * RATE_LIMIT_RETRY_MS); then what is still in flight is sent again with the rest.
   */
  rateLimited(retryAfterMs?: number): void {
    this.pause(retryAfterMs ?? RATE_LIMIT_RETRY_MS, true);
  }

  /** The connection dropped: sends still unanswered may be lost, so they are unsent again. */
  requeueInFlight(): void {
    const lost = [...this.inFlight.values()].reverse();
    for (const entry of lost) {
      this.takeInFlight(entry.messageId as string);
      this.enqueue(entry, 'front');
    }
  }

  /** Forgets entries without an event (a remote change superseded them); returns them. */
  drop(predicate: (entry: Readonly<OutboxEntry<K, V>>) => boolean): Array<OutboxEntry<K, V>> {
    return this.remove(predicate);
  }

  /** Forgets everything pending (the room was left). */
  clear(): void {
    this.remove(() => true);
    this.throttle?.cancel();
    if (this.pauseTimer !== null) this.timers.clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
    this.requeueAfterPause = false;
  }

  dispose(): void {
    this.clear();
    this.throttle?.dispose();
    this.disposed = true;
    this.removeAllListeners();
  }

  /** True when `maxInFlight` holds sending back: an answer frees a slot for the queue. */
  private atLimit(): boolean {
    return this.inFlightCount >= (this.options.maxInFlight ?? Infinity);
  }

  private mayFlush(): boolean {
    return !this.disposed && (this.options.canSend?.() ?? true);
  }

  private maxAttempts(): number {
    return this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  /** Puts an entry in the queue, coalescing it with an unsent entry for the same key. */
  private enqueue(entry: OutboxEntry<K, V>, where: 'front' | 'back'): void {
    entry.messageId = null;
    const index = this.queue.findIndex((queued) => queued.key === entry.key);
    if (index < 0) {
      if (where === 'front') this.queue.unshift(entry);
      else this.queue.push(entry);
      return;
    }
    const queued = this.queue[index] as OutboxEntry<K, V>;
    // The one put back (front) is the older change; the one put (back) is the newer.
    const [older, newer] = where === 'front' ? [entry, queued] : [queued, entry];
    const merged = this.options.coalesce
      ? this.options.coalesce(older.value, newer.value, { inFlight: this.isInFlight(entry.key) })
      : newer.value;
    if (merged === null) {
      this.queue.splice(index, 1);
      return;
    }
    // The merged change keeps the older one's place and history.
    older.value = merged;
    this.queue[index] = older;
  }

  private takeInFlight(messageId: string): OutboxEntry<K, V> | undefined {
    const entry = this.inFlight.get(messageId);
    if (!entry) return undefined;
    this.inFlight.delete(messageId);
    this.clearAnswerTimer(entry);
    return entry;
  }

  private remove(
    predicate: (entry: Readonly<OutboxEntry<K, V>>) => boolean,
  ): Array<OutboxEntry<K, V>> {
    const removed: Array<OutboxEntry<K, V>> = [];
    if (this.sending && predicate(this.sending)) {
      removed.push(this.sending);
      this.sending = null;
    }
    for (const [messageId, entry] of [...this.inFlight]) {
      if (!predicate(entry)) continue;
      this.takeInFlight(messageId);
      removed.push(entry);
    }
    this.queue = this.queue.filter((entry) => {
      if (!predicate(entry)) return true;
      removed.push(entry);
      return false;
    });
    return removed;
  }

  private pause(ms: number, requeue = false): void {
    if (this.pauseTimer !== null) this.timers.clearTimeout(this.pauseTimer);
    this.requeueAfterPause ||= requeue;
    this.pauseTimer = this.timers.setTimeout(() => {
      this.pauseTimer = null;
      if (this.requeueAfterPause) this.requeueInFlight();
      this.requeueAfterPause = false;
      this.flush();
    }, ms);
  }

  private armAnswerTimer(entry: OutboxEntry<K, V>): void {
    const resendAfterMs = this.options.resendAfterMs;
    if (resendAfterMs === undefined) return;
    const messageId = entry.messageId as string;
    this.answerTimers.set(
      entry,
      this.timers.setTimeout(() => this.unanswered(messageId), resendAfterMs),
    );
  }

  private clearAnswerTimer(entry: OutboxEntry<K, V>): void {
    const timer = this.answerTimers.get(entry);
    if (timer === undefined) return;
    this.timers.clearTimeout(timer);
    this.answerTimers.delete(entry);
  }

  private unanswered(messageId: string): void {
    const entry = this.takeInFlight(messageId);
    if (!entry) return;
    entry.failures += 1;
    if (entry.failures >= this.maxAttempts()) this.emit('gaveUp', { entry, reason: 'unanswered' });
    else this.enqueue(entry, 'front');
    this.flush();
  }
}
