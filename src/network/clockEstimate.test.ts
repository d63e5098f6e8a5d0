// The window estimator on synthetic jittery sample streams: seeded (fast-check's generator, no
// bias), so every run sees the same delays. The baseline is the previous estimator's offset: the
// midpoint of the single sample with the smallest round trip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimateFromSamples,
  fitSkew,
  marzullo,
  sampleOffset,
  sampleRtt,
  type ClockSample,
} from './clockEstimate';

interface Path {
  upMs: number;
  downMs: number;
  /** Each direction waits an extra uniform [0, jitterMs). */
  jitterMs: number;
}

interface StreamOptions {
  path: Path;
  samples: number;
  /** Server − local at local time 0, and its drift (ms per ms). */
  offset?: number;
  skew?: number;
  /** Extra delay (a popcorn spike) on this share of the samples, one direction at random. */
  spikeShare?: number;
  spikeMs?: number;
}

/** The ClockSync schedule: 24 pings 100 ms apart after connecting, then one every 2 s. */
function pingTimes(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i < 24 ? i * 100 : 2300 + (i - 23) * 2000));
}

/** Seeded uniform numbers in [0, 1). */
function uniforms(seed: number, count: number): number[] {
  const scale = 2 ** 31;
  return fc
    .sample(fc.noBias(fc.integer({ min: 0, max: scale - 1 })), { seed, numRuns: count })
    .map((n) => n / scale);
}

/** A sample stream and the true offset function. */
function stream(seed: number, options: StreamOptions) {
  const { path, samples, offset = 5000, skew = 0, spikeShare = 0, spikeMs = 0 } = options;
  const random = uniforms(seed, samples * 4);
  const truth = (t: number) => offset + skew * t;
  const stream: ClockSample[] = pingTimes(samples).map((sentAt, i) => {
    const [a = 0, b = 0, c = 1, d = 0] = random.slice(i * 4, i * 4 + 4);
    const spike = c < spikeShare ? spikeMs : 0;
    const up = path.upMs + a * path.jitterMs + (d < 0.5 ? spike : 0);
    const down = path.downMs + b * path.jitterMs + (d < 0.5 ? 0 : spike);
    const stampedAt = sentAt + up; // local time when the server read its clock
    return { sentAt, serverTime: stampedAt + truth(stampedAt), receivedAt: stampedAt + down };
  });
  return { samples: stream, truth };
}

function errorOf(samples: ClockSample[], truth: (t: number) => number): number {
  const estimate = estimateFromSamples(samples);
  return estimate.offset - truth(estimate.at);
}

/** The previous estimator: the midpoint of the fastest sample. */
function fastestSampleError(samples: ClockSample[], truth: (t: number) => number): number {
  let best = samples[0] as ClockSample;
  for (const sample of samples) if (sampleRtt(sample) <= sampleRtt(best)) best = sample;
  return sampleOffset(best) - truth((best.sentAt + best.receivedAt) / 2);
}

function quantile(values: number[], q: number): number {
  const sorted = values.map(Math.abs).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const SYMMETRIC_JITTERY: Path = { upMs: 40, downMs: 40, jitterMs: 20 };
const PLAYBACK_PROXY: Path = { upMs: 60, downMs: 60, jitterMs: 40 };
const SEEDS = Array.from({ length: 300 }, (_, i) => 2100 + i);

describe('estimateFromSamples on jittery paths', () => {
  for (const [name, path] of [
    ['40/40 ms + 0–20 ms jitter', SYMMETRIC_JITTERY],
    ['60/60 ms + 0–40 ms jitter (80 ± 20 ms)', PLAYBACK_PROXY],
  ] as const) {
    it(`${name}: the interval intersection is several times closer than the fastest sample`, () => {
      // 30 samples: the fast burst after connecting and a few slow refreshes (the benchmark's 15 s).
      const ours: number[] = [];
      const baseline: number[] = [];
      for (const seed of SEEDS) {
        const { samples, truth } = stream(seed, { path, samples: 30 });
        ours.push(errorOf(samples, truth));
        baseline.push(fastestSampleError(samples, truth));
      }
      const report = (values: number[]) =>
        `p50 ${quantile(values, 0.5).toFixed(2)} p95 ${quantile(values, 0.95).toFixed(2)} max ${quantile(values, 1).toFixed(2)} ms`;
      console.log(`${name}: intersection ${report(ours)}; fastest sample ${report(baseline)}`);
      // Uniform jitter J over 30 samples: the smallest delay of each direction is about J / 31
      // above the base, so the intersection is off by half the difference of two such minima;
      // the fastest sample's midpoint by half the difference of the two delays it met, which
      // only their sum was chosen small for.
      expect(quantile(ours, 0.95)).toBeLessThan(quantile(baseline, 0.95) / 2.5);
      expect(quantile(ours, 1)).toBeLessThan(quantile(baseline, 1) / 2);
      expect(quantile(ours, 1)).toBeLessThan(path.jitterMs / 5);
    });
  }

  it('popcorn spikes (a fifth of the samples 200 ms late one way) do not move the estimate', () => {
    for (const seed of SEEDS.slice(0, 50)) {
      const clean = stream(seed, { path: SYMMETRIC_JITTERY, samples: 40 });
      const spiky = stream(seed, {
        path: SYMMETRIC_JITTERY,
        samples: 40,
        spikeShare: 0.2,
        spikeMs: 200,
      });
      const error = errorOf(spiky.samples, spiky.truth);
      // A spike widens its sample's interval: it only loses that sample's one bound.
      expect(Math.abs(error)).toBeLessThan(SYMMETRIC_JITTERY.jitterMs / 4);
      expect(Math.abs(error - errorOf(clean.samples, clean.truth))).toBeLessThan(
        SYMMETRIC_JITTERY.jitterMs / 4,
      );
    }
  });

  it('a falseticker (a sample from a clock 50 ms off) is outvoted', () => {
    const { samples, truth } = stream(7, { path: SYMMETRIC_JITTERY, samples: 30 });
    const withLiar = [...samples];
    const liar = withLiar[20] as ClockSample;
    withLiar[20] = { ...liar, serverTime: liar.serverTime + 50 };
    expect(errorOf(withLiar, truth)).toBeCloseTo(errorOf(samples, truth), 6);
  });

  it('fits a 50 ppm skew through 0–5 ms of jitter and carries the offset across the slow refresh', () => {
    const skews: number[] = [];
    const errors: number[] = [];
    for (const seed of SEEDS.slice(0, 100)) {
      // 64 samples: the burst, then two minutes of refreshes every 2 s.
      const { samples, truth } = stream(seed, {
        path: { upMs: 40, downMs: 40, jitterMs: 5 },
        samples: 64,
        skew: 50e-6,
      });
      const estimate = estimateFromSamples(samples);
      skews.push(estimate.skew - 50e-6);
      // Read 2 s after the newest sample, as the clock is until the next one.
      const later = estimate.at + 2000;
      errors.push(estimate.offset + estimate.skew * 2000 - truth(later));
    }
    console.log(
      `50 ppm skew: fit error p95 ${(quantile(skews, 0.95) * 1e6).toFixed(1)} ppm, offset 2 s on p95 ${quantile(errors, 0.95).toFixed(2)} ms`,
    );
    // The fit is shrunk towards 0 by its uncertainty (the low end of the delays' spacing over
    // the span, or the two directions' disagreement): it errs on the side of no correction.
    expect(Math.max(...skews)).toBeLessThan(5e-6);
    expect(quantile(skews, 0.95)).toBeLessThan(20e-6);
    expect(quantile(skews, 1)).toBeLessThan(30e-6);
    expect(quantile(errors, 1)).toBeLessThan(1.5);
  });

  it('fits no skew from a jittery stream without drift (the jitter could have made any slope)', () => {
    for (const seed of SEEDS.slice(0, 100)) {
      const { samples } = stream(seed, { path: PLAYBACK_PROXY, samples: 64 });
      expect(Math.abs(fitSkew(samples).skew)).toBeLessThan(30e-6);
    }
  });
});

describe('marzullo', () => {
  const cases: Array<[string, Array<{ lo: number; hi: number }>, [number, number]]> = [
    [
      'intersects intervals that all overlap',
      [
        { lo: 0, hi: 10 },
        { lo: 4, hi: 12 },
        { lo: 2, hi: 6 },
      ],
      [4, 6],
    ],
    [
      'takes the range most intervals share',
      [
        { lo: 0, hi: 10 },
        { lo: 20, hi: 21 },
        { lo: 5, hi: 8 },
      ],
      [5, 8],
    ],
    [
      'breaks a tie for the newest interval',
      [
        { lo: 0, hi: 1 },
        { lo: 5, hi: 6 },
      ],
      [5, 6],
    ],
  ];
  for (const [name, intervals, expected] of cases)
    it(name, () => expect(marzullo(intervals)).toEqual(expected));
});
