// Server-clock estimate from ping/pong (NTP-style): offset from the minimum-delay samples of a
// window, the clock's rate difference (skew) fitted over the low-delay samples once they span long
// enough, fast sampling after connect then slower, and a smoothed clock that never steps backwards
// for small corrections (it slews), so the displayed frame does not jump back. In the player the
// samples are taken off the main thread (a ClockSource: src/core/clockWorker/), so a busy page
// cannot bias them; the model is in docs/sync.md.
import type { Clock } from '../core/clock';
import { EventEmitter } from '../utils/EventEmitter';

export interface ClockSample {
  /** Local clock when the ping left. */
  sentAt: number;
  /** Server clock when it answered. */
  serverTime: number;
  /** Local clock when the pong arrived. */
  receivedAt: number;
}

export interface ClockSyncOptions {
  /** Local monotonic clock, ms (default performance.now). */
  now?: () => number;
  /** Samples kept (default 32); the estimate uses the one with the smallest round trip. */
  windowSize?: number;
  /** Samples taken quickly after (re)connecting. */
  fastSamples?: number;
  fastIntervalMs?: number;
  /** Refresh interval once the fast burst is done. */
  slowIntervalMs?: number;
  /** Largest rate at which the applied offset may change (0.05 = 50 ms per second). */
  slewRate?: number;
  /** Corrections larger than this are stepped at once instead of slewed. */
  stepThresholdMs?: number;
  /**
   * Where estimates come from instead of this object's own samples (the player's clock worker).
   * While it delivers, samples of the main connection are ignored; when it fails, they count again.
   */
  source?: ClockSource;
}

/** One estimate: offset = server − local at local time `at`, drifting by `skew` ms per ms. */
export interface ClockEstimate {
  offset: number;
  rtt: number;
  skew: number;
  at: number;
}

/** An estimator running elsewhere (a worker with its own connection) that hands estimates over. */
export interface ClockSource {
  /** Starts (again, after stop); `failed` means no more estimates will come from it. */
  start(estimate: (estimate: ClockEstimate) => void, failed: (reason: string) => void): void;
  stop(): void;
}

/** Low-delay samples must span this long before a skew is fitted (shorter spans are noise). */
const SKEW_MIN_SPAN_MS = 10_000;
/** Larger fitted skews are not believed (crystal clocks drift by tens of ppm, not 0.05 %). */
const MAX_SKEW = 0.0005;

export type ClockSyncEvents = {
  /** A new estimate (offset = server − local at `at`, rtt of its best sample, fitted skew). */
  estimate: ClockEstimate;
  /** The clock source failed; estimates come from this object's own samples again. */
  sourceFailed: string;
};

/** Something that can send a ping stamped with `clientTime` (the WebSocketClient). */
export interface PingSender {
  ping(clientTime: number): boolean;
}

export function sampleOffset(sample: ClockSample): number {
  return sample.serverTime - (sample.sentAt + sample.receivedAt) / 2;
}

export function sampleRtt(sample: ClockSample): number {
  return sample.receivedAt - sample.sentAt;
}

export class ClockSync extends EventEmitter<ClockSyncEvents> {
  private readonly nowFn: () => number;
  private readonly windowSize: number;
  private readonly fastSamples: number;
  private readonly fastIntervalMs: number;
  private readonly slowIntervalMs: number;
  private readonly slewRate: number;
  private readonly stepThresholdMs: number;
  private samples: ClockSample[] = [];
  private target: number | null = null;
  private targetAt = 0;
  private skew = 0;
  private targetRtt = Infinity;
  private readonly source: ClockSource | null;
  /** 'idle' until started; 'running' while it may deliver; 'failed' after it gave up. */
  private sourceState: 'idle' | 'running' | 'delivering' | 'failed' = 'idle';
  private applied = 0;
  private appliedAt = 0;
  private burstLeft = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sender: PingSender | null = null;
  /** The smoothed server clock, for Playback.setClock. */
  readonly clock: Clock = { now: () => this.serverNow() };

  constructor(options: ClockSyncOptions = {}) {
    super();
    this.nowFn = options.now ?? (() => performance.now());
    this.windowSize = options.windowSize ?? 32;
    this.fastSamples = options.fastSamples ?? 24;
    this.fastIntervalMs = options.fastIntervalMs ?? 100;
    this.slowIntervalMs = options.slowIntervalMs ?? 2000;
    this.slewRate = options.slewRate ?? 0.05;
    this.stepThresholdMs = options.stepThresholdMs ?? 100;
    this.source = options.source ?? null;
    // Until the first sample, the wall clock is the best guess (the server clock is epoch ms).
    this.applied = Date.now() - this.nowFn();
    this.appliedAt = this.nowFn();
  }

  /** True once at least one round trip was measured. */
  get isSynced(): boolean {
    return this.target !== null;
  }

  /** The current best estimate of server − local (before smoothing), or null. */
  get offset(): number | null {
    return this.target === null ? null : this.targetNow(this.nowFn());
  }

  /** Fitted rate difference, ms of server clock per ms of local clock minus 1 (0 until fitted). */
  get drift(): number {
    return this.skew;
  }

  /** Where the estimate comes from: this object's samples, or the clock source (worker). */
  get estimateSource(): 'samples' | 'source' {
    return this.sourceState === 'delivering' ? 'source' : 'samples';
  }

  /** Round trip of the sample the estimate comes from. */
  get rtt(): number | null {
    return this.target === null ? null : this.targetRtt;
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  localNow(): number {
    return this.nowFn();
  }

  /** Server clock estimate, ms: monotonic, slewed towards the latest estimate. */
  serverNow(): number {
    const now = this.nowFn();
    if (this.target !== null) {
      const target = this.targetNow(now);
      // The skew moves the target a little every reading; it is followed within the slew rate.
      const maxStep = Math.max(0, now - this.appliedAt) * this.slewRate;
      const diff = target - this.applied;
      this.applied += Math.sign(diff) * Math.min(Math.abs(diff), maxStep);
    }
    this.appliedAt = now;
    return now + this.applied;
  }

  addSample(sample: ClockSample): void {
    const rtt = sampleRtt(sample);
    if (!(rtt >= 0) || !Number.isFinite(sample.serverTime)) return;
    this.samples.push(sample);
    if (this.samples.length > this.windowSize) this.samples.shift();
    // The clock source's estimates win while it delivers (its samples met no busy main thread).
    if (this.sourceState === 'delivering') return;
    this.use(estimateFromSamples(this.samples));
  }

  /** An estimate made elsewhere (the clock source), in this clock's local time base. */
  applyEstimate(estimate: ClockEstimate): void {
    if (!Number.isFinite(estimate.offset) || !Number.isFinite(estimate.at)) return;
    this.use(estimate);
  }

  private use(estimate: ClockEstimate): void {
    const first = this.target === null;
    this.serverNow(); // bring the slewed offset up to date before moving the target
    this.target = estimate.offset;
    this.targetAt = estimate.at;
    this.skew = estimate.skew;
    this.targetRtt = estimate.rtt;
    const now = this.nowFn();
    if (first || Math.abs(this.targetNow(now) - this.applied) > this.stepThresholdMs)
      this.applied = this.targetNow(now);
    this.emit('estimate', estimate);
  }

  private targetNow(now: number): number {
    return (this.target ?? 0) + this.skew * (now - this.targetAt);
  }

  /** Starts sampling through `sender`: a fast burst now, then the slow refresh. */
  start(sender: PingSender): void {
    this.sender = sender;
    this.burstLeft = this.fastSamples;
    this.schedule(0);
    if (this.source && this.sourceState === 'idle') {
      this.sourceState = 'running';
      this.source.start(
        (estimate) => {
          if (this.sourceState === 'idle' || this.sourceState === 'failed') return;
          this.sourceState = 'delivering';
          this.applyEstimate(estimate);
        },
        (reason) => {
          if (this.sourceState === 'failed') return;
          this.sourceState = 'failed';
          this.emit('sourceFailed', reason);
        },
      );
    }
  }

  /** A new connection: the old window may describe another path; sample fast again. */
  restart(): void {
    this.samples = [];
    if (this.sender) this.start(this.sender);
  }

  /** Stops sampling (the connection closed or was left), the clock source too. */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.sender = null;
    if (this.source && this.sourceState !== 'idle') this.source.stop();
    this.sourceState = 'idle';
  }

  dispose(): void {
    this.stop();
    this.removeAllListeners();
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.sender) return;
      this.sender.ping(this.nowFn());
      const fast = this.burstLeft > 0;
      if (fast) this.burstLeft -= 1;
      this.schedule(fast ? this.fastIntervalMs : this.slowIntervalMs);
    }, delayMs);
  }
}

/**
 * The estimate a window of samples gives. Offset: the sample with the smallest round trip (it met
 * the least queueing, so its midpoint is closest to the truth; the newest of equals). Skew: the
 * slope between the best sample of the window's older half and the best of its newer half, when
 * both are nearly as fast as the best of all and lie SKEW_MIN_SPAN_MS apart — two clean points, so
 * queueing noise does not tilt it (a fit through every sample did, by milliseconds).
 */
export function estimateFromSamples(samples: readonly ClockSample[]): ClockEstimate {
  const best = fastest(samples) as ClockSample;
  const rtt = sampleRtt(best);
  const at = midpoint(best);
  const half = Math.floor(samples.length / 2);
  const older = fastest(samples.slice(0, half));
  const newer = fastest(samples.slice(half));
  let skew = 0;
  if (older && newer) {
    const clean = (sample: ClockSample) => sampleRtt(sample) <= rtt * 1.25 + 0.5;
    const span = midpoint(newer) - midpoint(older);
    if (clean(older) && clean(newer) && span >= SKEW_MIN_SPAN_MS) {
      const slope = (sampleOffset(newer) - sampleOffset(older)) / span;
      // Beyond what crystal clocks do: one of the two points was not clean after all.
      if (Math.abs(slope) <= MAX_SKEW) skew = slope;
    }
  }
  return { offset: sampleOffset(best), rtt, skew, at };
}

function fastest(samples: readonly ClockSample[]): ClockSample | undefined {
  let best: ClockSample | undefined;
  for (const sample of samples) if (!best || sampleRtt(sample) <= sampleRtt(best)) best = sample;
  return best;
}

function midpoint(sample: ClockSample): number {
  return (sample.sentAt + sample.receivedAt) / 2;
}
