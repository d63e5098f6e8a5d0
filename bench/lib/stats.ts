// Statistics and pacing shared by the server benchmarks: percentiles (nearest rank, so every
// reported figure is a latency that was actually observed), summaries, and the open-loop
// schedule that keeps latency honest under load (no coordinated omission).

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * Nearest-rank percentile of an ascending array: the smallest sample such that at least
 * p % of the samples are at or below it. Empty input gives NaN.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[Math.min(n, rank) - 1] as number;
}

export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    count: sorted.length,
    mean: sorted.length ? total / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
  };
}

/**
 * Open-loop pacing: message i is due at start + i / rate, whatever happened to the earlier
 * ones. A sender that wakes up late sends everything that is due and each message keeps its
 * scheduled time, so a stall shows up as latency instead of as fewer samples.
 */
export class PacedSchedule {
  private sent = 0;
  readonly intervalMs: number;

  constructor(
    readonly startMs: number,
    readonly ratePerSecond: number,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('rate must be positive');
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Scheduled time of message `index`. */
  timeOf(index: number): number {
    return this.startMs + index * this.intervalMs;
  }

  /** How many messages are due by `nowMs` in all (sent or not). */
  dueBy(nowMs: number): number {
    if (nowMs < this.startMs) return 0;
    return Math.floor((nowMs - this.startMs) / this.intervalMs) + 1;
  }

  /** Indices due by `nowMs` that were not taken yet (marks them taken). */
  take(nowMs: number, limit = Number.POSITIVE_INFINITY): number[] {
    const due = Math.min(this.dueBy(nowMs), limit);
    const indices: number[] = [];
    for (; this.sent < due; this.sent++) indices.push(this.sent);
    return indices;
  }

  /** Messages taken so far. */
  get taken(): number {
    return this.sent;
  }

  /** When the next untaken message is due. */
  nextDue(): number {
    return this.timeOf(this.sent);
  }
}

/**
 * Scheduled send times by sequence number in a fixed ring (a sequence number is looked up
 * long before the ring wraps: the ring holds more messages than a step sends).
 */
export class SendTimes {
  private readonly times: Float64Array;

  constructor(readonly capacity = 1 << 20) {
    this.times = new Float64Array(capacity);
  }

  set(seq: number, time: number): void {
    this.times[seq % this.capacity] = time;
  }

  get(seq: number): number {
    return this.times[seq % this.capacity] as number;
  }
}

/** Grows a sample list without boxing (latency samples in ms). */
export class Samples {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}

/** Rounds for tables: 3 significant digits below 100, integers above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}

export function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? round(numerator / denominator) : Number.NaN;
}
