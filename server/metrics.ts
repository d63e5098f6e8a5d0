// Prometheus metrics (prom-client), one registry per server instance so several servers
// in one process (tests) do not share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CLIENT_MESSAGE_TYPES, SERVER_MESSAGE_TYPES } from '../src/protocol/index';

const KNOWN_TYPES = new Set<string>([...CLIENT_MESSAGE_TYPES, ...SERVER_MESSAGE_TYPES]);

/** Label values are bounded: anything not a protocol type counts as "unknown". */
export function typeLabel(type: string | undefined): string {
  return type !== undefined && KNOWN_TYPES.has(type) ? type : 'unknown';
}

export class ServerMetrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: 'reelsync_connections',
    help: 'Open WebSocket connections',
    registers: [this.registry],
  });
  readonly rooms: Gauge;
  readonly messagesIn: Counter<'type'>;
  readonly messagesOut: Counter<'type'>;
  /**
   * Per-message counts wait here and are folded into the counters when /metrics is read:
   * prom-client hashes the label object on every inc(), which showed up in the fan-out
   * profile (one count per recipient of every broadcast).
   */
  private readonly pendingIn = new Map<string, number>();
  private readonly pendingOut = new Map<string, number>();
  readonly rejections = new Counter({
    name: 'reelsync_rejections_total',
    help: 'Refused or dropped inbound messages and connections, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly dropped = new Counter({
    name: 'reelsync_dropped_outbound_total',
    help: 'Ephemeral messages not sent to slow consumers',
    registers: [this.registry],
  });
  readonly applyLatency = new Histogram({
    name: 'reelsync_apply_seconds',
    help: 'Time from receiving a state change to having it sequenced and published',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(countRooms: () => Promise<number>) {
    const pendingIn = this.pendingIn;
    const pendingOut = this.pendingOut;
    this.messagesIn = new Counter({
      name: 'reelsync_messages_in_total',
      help: 'Messages received, by type',
      labelNames: ['type'] as const,
      registers: [this.registry],
      collect() {
        flush(this, pendingIn);
      },
    });
    this.messagesOut = new Counter({
      name: 'reelsync_messages_out_total',
      help: 'Messages sent, by type (a broadcast counts once per recipient)',
      labelNames: ['type'] as const,
      registers: [this.registry],
      collect() {
        flush(this, pendingOut);
      },
    });
    this.rooms = new Gauge({
      name: 'reelsync_rooms',
      help: 'Rooms in the store',
      registers: [this.registry],
      async collect() {
        this.set(await countRooms());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'reelsync_' });
  }

  /** Counts a received message (type: a protocol type or "unknown", see typeLabel). */
  countIn(type: string): void {
    this.pendingIn.set(type, (this.pendingIn.get(type) ?? 0) + 1);
  }

  /** Counts `count` sent messages of one type. */
  countOut(type: string, count = 1): void {
    this.pendingOut.set(type, (this.pendingOut.get(type) ?? 0) + count);
  }
}

function flush(counter: Counter<'type'>, pending: Map<string, number>): void {
  for (const [type, count] of pending) counter.inc({ type }, count);
  pending.clear();
}
