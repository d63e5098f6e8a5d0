// When the scopes update: once per animation frame at most, only while they are shown and the
// picture (or what they show) changed, and no more often than keeps their cost under a share of
// the time — so playback keeps its frames on a slow (software) GPU. No DOM besides the frame clock.

/** Share of wall time the scopes may take (an update of 20 ms runs at most every 200 ms). */
export const SCOPE_TIME_BUDGET = 0.1;
/** Fastest refresh while paused (a scrub or grade change shows at once) and while playing. */
export const MIN_INTERVAL_PAUSED_MS = 33;
export const MIN_INTERVAL_PLAYING_MS = 100;

export interface ScopeSchedulerOptions {
  /** Whether anything is shown that needs updates. */
  wanted(): boolean;
  /** Increases whenever the picture on screen is redrawn. */
  drawCount(): number;
  playing(): boolean;
  /** Computes and shows the scopes. */
  run(): void;
  now?(): number;
  /** Calls back on the next frame; returns the canceller (default: requestAnimationFrame). */
  nextFrame?(callback: () => void): () => void;
}

export class ScopeScheduler {
  private readonly now: () => number;
  private readonly nextFrame: (callback: () => void) => () => void;
  private cancelFrame: (() => void) | null = null;
  private seenDraw = -1;
  private lastRunAt = Number.NEGATIVE_INFINITY;
  private lastMs = 0;
  private updates = 0;
  private stale = true;
  private disposed = false;

  constructor(private readonly options: ScopeSchedulerOptions) {
    this.now = options.now ?? (() => performance.now());
    this.nextFrame =
      options.nextFrame ??
      ((callback) => {
        const handle = requestAnimationFrame(callback);
        return () => cancelAnimationFrame(handle);
      });
    this.schedule();
  }

  /** What the scopes show changed (a scope turned on, the panel opened): update soon. */
  invalidate(): void {
    this.stale = true;
  }

  /** The wait after an update: its cost spread over the budget, never under the minimum. */
  get intervalMs(): number {
    const floor = this.options.playing() ? MIN_INTERVAL_PLAYING_MS : MIN_INTERVAL_PAUSED_MS;
    return Math.max(floor, this.lastMs / SCOPE_TIME_BUDGET);
  }

  stats(): { updates: number; lastMs: number } {
    return { updates: this.updates, lastMs: this.lastMs };
  }

  /** One frame's decision; public so tests can drive it without a frame clock. */
  tick(): void {
    if (!this.options.wanted()) return;
    const draw = this.options.drawCount();
    if (draw === this.seenDraw && !this.stale) return;
    const start = this.now();
    if (start - this.lastRunAt < this.intervalMs) return;
    this.seenDraw = draw;
    this.stale = false;
    this.options.run();
    const end = this.now();
    this.lastMs = end - start;
    this.lastRunAt = end;
    this.updates += 1;
  }

  dispose(): void {
    this.disposed = true;
    this.cancelFrame?.();
    this.cancelFrame = null;
  }

  private schedule(): void {
    if (this.disposed) return;
    this.cancelFrame = this.nextFrame(() => {
      this.tick();
      this.schedule();
    });
  }
}
