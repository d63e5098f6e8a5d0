// Posts room events to the configured webhook URLs: a bounded queue per instance (full: the
// oldest delivery is dropped and counted), a few POSTs at once, a timeout per POST (a hanging
// endpoint cannot hold a slot), and retries with doubling back-off and jitter for timeouts,
// network errors and 408/429/5xx. Every POST is signed (signature.ts).
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { signWebhook, SIGNATURE_HEADER } from './signature';

/** POSTs in flight at once per instance (slow receivers do not delay the others beyond it). */
const CONCURRENCY = 4;
/** The back-off never grows beyond this. */
const MAX_RETRY_DELAY_MS = 5 * 60_000;
/** ±20 %: instances retrying after one receiver outage do not all come back at once. */
const JITTER = 0.2;

export interface WebhookDeliveryOptions {
  urls: readonly string[];
  secret: string;
  timeoutMs: number;
  attempts: number;
  retryBaseMs: number;
  queueSize: number;
  logger: Logger;
  registry: Registry;
  /** User-Agent of the POSTs. */
  userAgent?: string;
}

/** One event for one URL. */
interface Delivery {
  url: string;
  eventId: string;
  eventType: string;
  body: string;
  attempt: number;
  dueAt: number;
}

export class WebhookDelivery {
  private readonly waiting: Delivery[] = [];
  private readonly inFlight = new Set<AbortController>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly outcomes: Counter<'outcome'>;
  private readonly dropped: Counter<'reason'>;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.outcomes = new Counter({
      name: 'reelsync_webhook_posts_total',
      help: 'Webhook POSTs by outcome (delivered, retry: failed and queued again, failed: given up)',
      labelNames: ['outcome'] as const,
      registers: [options.registry],
    });
    this.dropped = new Counter({
      name: 'reelsync_webhook_dropped_total',
      help: 'Webhook deliveries dropped: queue_full (oldest dropped), attempts (retries used up), refused (4xx answer)',
      labelNames: ['reason'] as const,
      registers: [options.registry],
    });
    const waiting = this.waiting;
    const inFlight = this.inFlight;
    new Gauge({
      name: 'reelsync_webhook_queue',
      help: 'Webhook deliveries waiting or in flight on this instance',
      registers: [options.registry],
      collect() {
        this.set(waiting.length + inFlight.size);
      },
    });
  }

  get enabled(): boolean {
    return this.options.urls.length > 0;
  }

  /** Queues one event for every URL. `body` is the JSON posted as it is (and signed). */
  post(eventId: string, eventType: string, body: string): void {
    if (this.closed) return;
    for (const url of this.options.urls) {
      if (this.waiting.length >= this.options.queueSize) {
        const oldest = this.waiting.shift();
        this.dropped.inc({ reason: 'queue_full' });
        this.options.logger.warn(
          { url: oldest?.url, eventId: oldest?.eventId, queueSize: this.options.queueSize },
          'webhook queue full: dropped the oldest delivery',
        );
      }
      this.waiting.push({ url, eventId, eventType, body, attempt: 0, dueAt: 0 });
    }
    this.pump();
  }

  /** Resolves when nothing waits or is in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (this.waiting.length === 0 && this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: aborts POSTs in flight, forgets waiting deliveries (they are in the event log). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const controller of this.inFlight) controller.abort();
    if (this.waiting.length > 0)
      this.options.logger.warn({ count: this.waiting.length }, 'webhook deliveries not sent');
    this.waiting.length = 0;
    this.settleIdle();
  }

  private pump(): void {
    if (this.closed) return;
    const now = Date.now();
    while (this.inFlight.size < CONCURRENCY) {
      const index = this.waiting.findIndex((delivery) => delivery.dueAt <= now);
      if (index < 0) break;
      const [delivery] = this.waiting.splice(index, 1);
      if (delivery) void this.send(delivery);
    }
    this.schedule(now);
    this.settleIdle();
  }

  /** One timer, for the earliest retry that is not due yet. */
  private schedule(now: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight.size >= CONCURRENCY || this.waiting.length === 0) return;
    const next = Math.min(...this.waiting.map((delivery) => delivery.dueAt));
    this.timer = setTimeout(() => this.pump(), Math.max(0, next - now));
    this.timer.unref();
  }

  private async send(delivery: Delivery): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs);
    delivery.attempt += 1;
    let failure: string | null;
    let retry = true;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': this.options.userAgent ?? 'ReelSync-Webhook/1',
          'x-reelsync-event': delivery.eventType,
          'x-reelsync-delivery': delivery.eventId,
          'x-reelsync-attempt': String(delivery.attempt),
          [SIGNATURE_HEADER]: signWebhook(
            this.options.secret,
            delivery.body,
            Math.floor(Date.now() / 1000),
          ),
        },
        body: delivery.body,
      });
      await response.body?.cancel().catch(() => undefined);
      const status = response.status;
      failure = status >= 200 && status < 300 ? null : `HTTP ${status}`;
      retry = status === 408 || status === 429 || status >= 500;
    } catch (error) {
      failure = controller.signal.aborted
        ? `no answer within ${this.options.timeoutMs} ms`
        : error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (this.closed) return this.settleIdle();
    this.settle(delivery, failure, retry);
    this.pump();
  }

  private settle(delivery: Delivery, failure: string | null, retry: boolean): void {
    const { logger } = this.options;
    const where = { url: delivery.url, eventId: delivery.eventId, attempt: delivery.attempt };
    if (failure === null) {
      this.outcomes.inc({ outcome: 'delivered' });
      return;
    }
    if (!retry || delivery.attempt >= this.options.attempts) {
      this.outcomes.inc({ outcome: 'failed' });
      this.dropped.inc({ reason: retry ? 'attempts' : 'refused' });
      logger.warn({ ...where, failure }, 'webhook delivery given up');
      return;
    }
    this.outcomes.inc({ outcome: 'retry' });
    if (this.waiting.length >= this.options.queueSize) {
      // The queue filled meanwhile: this retry is the oldest delivery, so it is the one dropped.
      this.dropped.inc({ reason: 'queue_full' });
      logger.warn({ ...where, failure }, 'webhook queue full: dropped a delivery awaiting retry');
      return;
    }
    const delay = Math.min(
      MAX_RETRY_DELAY_MS,
      this.options.retryBaseMs * 2 ** (delivery.attempt - 1),
    );
    const jittered = delay * (1 - JITTER + Math.random() * 2 * JITTER);
    logger.info({ ...where, failure, retryInMs: Math.round(jittered) }, 'webhook delivery failed');
    this.waiting.unshift({ ...delivery, dueAt: Date.now() + jittered });
  }

  private settleIdle(): void {
    if (this.waiting.length > 0 || this.inFlight.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
