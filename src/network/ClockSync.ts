// Server-clock estimate from ping/pong (NTP-style): offset from the minimum-delay sample of the
// last few, fast sampling after connect then slower, and a smoothed clock that never steps
// backwards for small corrections (it slews), so the displayed frame does not jump back.
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
  /** Samples kept; the estimate uses the one with the smallest round trip. */
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
}

export type ClockSyncEvents = {
  /** A new estimate (offset = server − local, rtt of the sample it came from). */
  estimate: { offset: number; rtt: number };
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
  private targetRtt = Infinity;
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
    this.windowSize = options.windowSize ?? 8;
    this.fastSamples = options.fastSamples ?? 8;
    this.fastIntervalMs = options.fastIntervalMs ?? 100;
    this.slowIntervalMs = options.slowIntervalMs ?? 2000;
    this.slewRate = options.slewRate ?? 0.05;
    this.stepThresholdMs = options.stepThresholdMs ?? 100;
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
    return this.target;
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
    if (this.target !== null && this.applied !== this.target) {
      const maxStep = Math.max(0, now - this.appliedAt) * this.slewRate;
      const diff = this.target - this.applied;
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
    // Minimum delay = least queueing, so its midpoint is closest to the true offset.
    let best = this.samples[0] as ClockSample;
    for (const candidate of this.samples)
      if (sampleRtt(candidate) < sampleRtt(best)) best = candidate;
    const offset = sampleOffset(best);
    const first = this.target === null;
    this.serverNow(); // bring the slewed offset up to date before moving the target
    this.target = offset;
    this.targetRtt = sampleRtt(best);
    if (first || Math.abs(offset - this.applied) > this.stepThresholdMs) this.applied = offset;
    this.emit('estimate', { offset, rtt: this.targetRtt });
  }

  /** Starts sampling through `sender`: a fast burst now, then the slow refresh. */
  start(sender: PingSender): void {
    this.sender = sender;
    this.burstLeft = this.fastSamples;
    this.schedule(0);
  }

  /** A new connection: the old window may describe another path; sample fast again. */
  restart(): void {
    this.samples = [];
    if (this.sender) this.start(this.sender);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.sender = null;
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
