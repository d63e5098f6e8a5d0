// Leading + trailing edge throttle: the first call runs at once, calls during the interval
// collapse into one run at its end, so a scrub sends its first and its final position.
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private trailing = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
  ) {}

  /** True while a trailing run is waiting. */
  get pending(): boolean {
    return this.trailing;
  }

  push(): void {
    if (this.timer !== null) {
      this.trailing = true;
      return;
    }
    this.run();
    this.arm();
  }

  /** Runs a waiting trailing call now (e.g. before leaving). */
  flush(): void {
    if (!this.trailing) return;
    this.trailing = false;
    this.run();
  }

  /** Drops a waiting trailing call (a remote change superseded it). */
  cancel(): void {
    this.trailing = false;
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.trailing = false;
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.trailing) return;
      this.trailing = false;
      this.run();
      this.arm();
    }, this.intervalMs);
  }
}
