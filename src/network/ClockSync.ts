// Server-clock estimate from ping/pong (NTP-style): offset and the clock's rate difference (skew)
// from a window of samples, each read as the interval the server clock must have been in
// (estimateFromSamples in clockEstimate.ts: intersected, outliers outvoted, the skew fitted on the
// delay envelopes), fast sampling after connect then slower, and a smoothed clock that never steps backwards
// for small corrections (it slews), so the displayed frame does not jump back. In the player the
// samples are taken off the main thread (a ClockSource: src/core/clockWorker/), so a busy page
// cannot bias them; the model is in docs/sync.md.
import type { Clock } from '../core/clock';
import { EventEmitter } from '../utils/EventEmitter';
import {
  estimateFromSamples,
  sampleRtt,
  type ClockEstimate,
  type ClockSample,
} from './clockEstimate';

export interface ClockSyncOptions {
  /** Local monotonic clock, ms (default performance.now). */
  now?: () => number;
  /** Samples kept (default 64): the estimate intersects their intervals (clockEstimate.ts). */
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

/** An estimator running elsewhere (a worker with its own connection) that hands estimates over. */
export interface ClockSource {
  /** Starts (again, after stop); `failed` means no more estimates will come from it. */
  start(estimate: (estimate: ClockEstimate) => void, failed: (reason: string) => void): void;
  stop(): void;
}

export type ClockSyncEvents = {
  /** A new estimate (offset = server − local at `at`, smallest rtt of its window, fitted skew). */
  estimate: ClockEstimate;
  /** The clock source failed; estimates come from this object's own samples again. */
  sourceFailed: string;
};

/** Something that can send a ping stamped with `clientTime` (the WebSocketClient). */
export interface PingSender {
  ping(clientTime: number): boolean;
}

export { estimateFromSamples, sampleOffset, sampleRtt } from './clockEstimate';
export type { ClockEstimate, ClockSample } from './clockEstimate';

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
    this.windowSize = options.windowSize ?? 64;
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

  /** Smallest round trip of the window the estimate comes from. */
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
