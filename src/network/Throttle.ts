// Leading + trailing edge throttle: the first call runs at the end of the current task (so a
// burst of calls in one task, e.g. seek then play, goes out as one), calls during the interval
// collapse into one run at its end, so a scrub sends its first and its final position. The
// leading edge uses a microtask, not a timer: browsers delay timers in background tabs.
import { realTimers, type Timers } from './timers';

export class Throttle {
  private timer: unknown = null;
  private leading = false;
  private trailing = false;
  private disposed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** True while a call is waiting to run. */
  get pending(): boolean {
    return this.leading || this.trailing;
  }

  push(): void {
    if (this.disposed) return;
    if (this.timer !== null) {
      this.trailing = true;
      return;
    }
    if (this.leading) return;
    this.leading = true;
    queueMicrotask(() => {
      if (!this.leading || this.disposed) return;
      this.leading = false;
      this.run();
      this.arm();
    });
  }

  /** Drops a waiting call (a remote change superseded it). */
  cancel(): void {
    this.leading = false;
    this.trailing = false;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.cancel();
  }

  private arm(): void {
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      if (!this.trailing || this.disposed) return;
      this.trailing = false;
      this.run();
      this.arm();
    }, this.intervalMs);
  }
}
