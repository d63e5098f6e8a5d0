// The display's frame interval, measured from animation-frame timestamps: the median of the
// recent gaps between frames (a 60 Hz screen: 16.7 ms, 120 Hz: 8.3 ms). A frame drawn in this
// tick's callback is shown at the next vsync, one interval after the tick began, so the frame is
// chosen for that instant (docs/sync.md, "Presentation time"): two pages, or a 60 Hz and a 120 Hz
// screen, then switch frames at the same moment.

const HISTORY = 15;
/** Longer gaps are a hidden or stalled page, not the display's rate. */
const MAX_INTERVAL_MS = 50;
const DEFAULT_INTERVAL_MS = 1000 / 60;

export class DisplayInterval {
  private last: number | null = null;
  private readonly gaps: number[] = [];
  private median = DEFAULT_INTERVAL_MS;

  /** Records one animation frame's timestamp (ms); returns the interval estimate. */
  observe(frameStart: number): number {
    const gap = this.last === null ? null : frameStart - this.last;
    this.last = frameStart;
    if (gap !== null && gap > 0.5 && gap <= MAX_INTERVAL_MS) {
      this.gaps.push(gap);
      if (this.gaps.length > HISTORY) this.gaps.shift();
      const sorted = [...this.gaps].sort((a, b) => a - b);
      this.median = sorted[Math.floor(sorted.length / 2)] as number;
    }
    return this.median;
  }

  get intervalMs(): number {
    return this.median;
  }
}
