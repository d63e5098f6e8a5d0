// Upload rate and time left from progress samples (pure): an exponentially weighted average of
// the recent rate, so a burst or a stall shows within seconds without the figure jumping about.

/** Samples closer together than this are merged (progress events come many per second). */
const MIN_SAMPLE_MS = 250;
/** Weight of the newest sample (about the last two seconds dominate). */
const SMOOTHING = 0.3;

export class TransferRate {
  private last: { at: number; bytes: number } | null = null;
  private rate: number | null = null;

  /** Records that `bytes` were sent at time `at` (ms). */
  sample(bytes: number, at: number): void {
    const last = this.last;
    if (!last || bytes < last.bytes) {
      // First sample, or the upload restarted lower (a resume re-sends the last chunk).
      this.last = { at, bytes };
      return;
    }
    const elapsed = at - last.at;
    if (elapsed < MIN_SAMPLE_MS) return;
    const current = ((bytes - last.bytes) * 1000) / elapsed;
    this.rate = this.rate === null ? current : this.rate + SMOOTHING * (current - this.rate);
    this.last = { at, bytes };
  }

  /** Bytes per second (null until two samples are apart). */
  get bytesPerSecond(): number | null {
    return this.rate;
  }

  /** Seconds until `total` at the current rate (null when unknown or stalled). */
  secondsLeft(total: number): number | null {
    if (this.rate === null || this.rate <= 0 || !this.last) return null;
    return Math.max(0, (total - this.last.bytes) / this.rate);
  }

  reset(): void {
    this.last = null;
    this.rate = null;
  }
}

/** 1.2 MB, 340 kB, 3.4 GB (decimal units, as file managers show). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** 45 s, 3 min 20 s, 1 h 05 min. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
