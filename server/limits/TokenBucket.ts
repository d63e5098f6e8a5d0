// Token bucket: `rate` tokens per second up to `burst`; one message costs one token.

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes a token if one is available. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  retryAfterMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1 || this.rate <= 0) return 0;
    return Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
    this.updatedAt = now;
  }
}

/** Counts events in a sliding window of fixed buckets (for the abuse threshold). */
export class WindowCounter {
  private events: number[] = [];

  constructor(private readonly windowMs: number) {}

  add(now: number): number {
    this.events.push(now);
    while (this.events.length > 0 && (this.events[0] ?? now) <= now - this.windowMs)
      this.events.shift();
    return this.events.length;
  }
}
