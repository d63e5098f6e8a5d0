// The webhook and event-log server options, one entry per option in the shape of
// server/config.ts's table, which includes them: `--help`, the CLI parser and docs/server.md
// follow it. What is posted and how to verify it: docs/webhooks.md.
import type { OptionSpec } from '../config';

export const WEBHOOK_OPTION_SPECS = [
  {
    key: 'webhookUrls',
    flag: 'webhook-urls',
    env: 'WEBHOOK_URLS',
    kind: 'list',
    default: [],
    help: 'comma-separated http(s) URLs that receive room events as signed POSTs (needs --webhook-secret)',
  },
  {
    key: 'webhookSecret',
    flag: 'webhook-secret',
    env: 'WEBHOOK_SECRET',
    kind: 'string',
    default: undefined,
    help: 'HMAC-SHA256 key of the X-ReelSync-Signature header (the receivers verify with it)',
  },
  {
    key: 'webhookTimeoutMs',
    flag: 'webhook-timeout-ms',
    env: 'WEBHOOK_TIMEOUT_MS',
    kind: 'int',
    default: 5000,
    help: 'a webhook POST not answered within this time counts as failed (and is retried)',
  },
  {
    key: 'webhookAttempts',
    flag: 'webhook-attempts',
    env: 'WEBHOOK_ATTEMPTS',
    kind: 'int',
    default: 6,
    help: 'tries per event and URL (timeouts, network errors, 408/429/5xx are retried), then dropped',
  },
  {
    key: 'webhookRetryBaseMs',
    flag: 'webhook-retry-base-ms',
    env: 'WEBHOOK_RETRY_BASE_MS',
    kind: 'int',
    default: 2000,
    help: 'wait before the first retry; it doubles each retry (at most 5 minutes, ±20 % jitter)',
  },
  {
    key: 'webhookQueueSize',
    flag: 'webhook-queue-size',
    env: 'WEBHOOK_QUEUE_SIZE',
    kind: 'int',
    default: 1000,
    help: 'deliveries waiting at most (per instance); beyond it the oldest is dropped (reelsync_webhook_dropped_total)',
  },
  {
    key: 'eventLog',
    flag: 'event-log',
    env: 'EVENT_LOG',
    kind: 'bool',
    default: true,
    help: 'keep a JSON-lines event log per room in <data-dir>/events/<ROOM>.jsonl (GET /api/rooms/<ROOM>/events for the host)',
  },
] as const satisfies readonly OptionSpec[];
