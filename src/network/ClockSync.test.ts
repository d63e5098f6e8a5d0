// ClockSync: minimum-delay sample selection, slewing small corrections and stepping large ones,
// and the sampling schedule (fast after connect, slow afterwards).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClockSync, estimateFromSamples, type ClockEstimate, type ClockSample } from './ClockSync';
import { Throttle } from './Throttle';

afterEach(() => {
  vi.useRealTimers();
});

describe('ClockSync', () => {
  it('uses the sample with the smallest round trip of the window', () => {
    const clock = new ClockSync({ now: () => 0 });
    // True offset 1000; queueing on the way out inflates the server time of slow samples.
    clock.addSample({ sentAt: 0, serverTime: 1030, receivedAt: 40 }); // rtt 40, offset 1010
    clock.addSample({ sentAt: 100, serverTime: 1105, receivedAt: 110 }); // rtt 10, offset 1000
    clock.addSample({ sentAt: 200, serverTime: 1260, receivedAt: 280 }); // rtt 80, offset 1020
    expect(clock.offset).toBe(1000);
    expect(clock.rtt).toBe(10);
  });

  it('forgets samples older than the window', () => {
    const clock = new ClockSync({ now: () => 0, windowSize: 2 });
    clock.addSample({ sentAt: 0, serverTime: 1005, receivedAt: 10 }); // best, offset 1000
    clock.addSample({ sentAt: 100, serverTime: 1130, receivedAt: 120 }); // offset 1020
    clock.addSample({ sentAt: 200, serverTime: 1230, receivedAt: 220 }); // offset 1020
    expect(clock.offset).toBe(1020);
  });

  it('slews a small correction (never backwards) and steps a large one', () => {
    let now = 0;
    const clock = new ClockSync({ now: () => now, slewRate: 0.05, stepThresholdMs: 100 });
    clock.addSample({ sentAt: -5, serverTime: 1000, receivedAt: 5 }); // first: stepped
    expect(clock.serverNow()).toBe(1000);
    // A better (faster) sample says the server is 20 ms behind: slewed at 5 % of elapsed time.
    clock.addSample({ sentAt: -2, serverTime: 980, receivedAt: 2 });
    const readings: number[] = [];
    for (let i = 0; i < 50; i++) {
      now += 20;
      readings.push(clock.serverNow());
    }
    for (let i = 1; i < readings.length; i++)
      expect(readings[i] ?? 0).toBeGreaterThan(readings[i - 1] ?? 0);
    expect(readings[0]).toBe(1000 + 20 - 1); // 1 ms of the correction after 20 ms
    expect(readings.at(-1)).toBe(1000 + 1000 - 20); // fully applied after 400 ms
    // 500 ms away: stepped at once.
    clock.addSample({ sentAt: now, serverTime: now + 1500, receivedAt: now });
    expect(clock.serverNow()).toBe(now + 1500);
  });

  it('fits the skew of a drifting server clock over low-delay samples, ignoring slow ones', () => {
    // The server clock runs 100 ppm fast: offset = 5000 + 0.0001 × t. Every third sample met
    // 30 ms of queueing on the way back (its midpoint is 15 ms late).
    const samples: ClockSample[] = [];
    for (let i = 0; i < 30; i++) {
      const sentAt = i * 2000;
      const rtt = i % 3 === 0 ? 32 : 2;
      const trueOffset = 5000 + 0.0001 * (sentAt + 1);
      samples.push({ sentAt, serverTime: sentAt + 1 + trueOffset, receivedAt: sentAt + rtt });
    }
    const estimate = estimateFromSamples(samples);
    expect(estimate.skew).toBeCloseTo(0.0001, 7);
    expect(estimate.rtt).toBe(2);
    // Read at the best sample's time, the line gives the true offset there.
    expect(estimate.offset).toBeCloseTo(5000 + 0.0001 * estimate.at, 3);
    const clock = new ClockSync({ now: () => 60_000 + 10_000 });
    for (const sample of samples) clock.addSample(sample);
    // Ten seconds past the last sample the offset has moved on by the skew (1 ms).
    expect(clock.offset).toBeCloseTo(5000 + 0.0001 * 70_000, 2);
  });

  it('fits no skew before the low-delay samples span ten seconds', () => {
    const samples: ClockSample[] = [0, 1000, 2000, 3000, 4000].map((sentAt) => ({
      sentAt,
      serverTime: sentAt + 1 + 100 + sentAt * 0.01,
      receivedAt: sentAt + 2,
    }));
    expect(estimateFromSamples(samples).skew).toBe(0);
  });

  it('takes the clock source estimates while it delivers, its own samples when it fails', () => {
    let now = 1000;
    let deliver: (estimate: ClockEstimate) => void = () => undefined;
    let fail: (reason: string) => void = () => undefined;
    const stopped: string[] = [];
    const clock = new ClockSync({
      now: () => now,
      source: {
        start: (estimate, failed) => {
          deliver = estimate;
          fail = failed;
        },
        stop: () => stopped.push('stop'),
      },
    });
    clock.start({ ping: () => true });
    // Before the source delivers, the connection's own samples count.
    clock.addSample({ sentAt: 990, serverTime: 5995, receivedAt: 1000 }); // offset 5000
    expect(clock.offset).toBe(5000);
    expect(clock.estimateSource).toBe('samples');
    deliver({ offset: 5003, rtt: 1, skew: 0, at: 1000 });
    expect(clock.estimateSource).toBe('source');
    expect(clock.offset).toBe(5003);
    // The page's samples (met a busy main thread) no longer move the estimate.
    clock.addSample({ sentAt: 1000, serverTime: 6040, receivedAt: 1020 });
    expect(clock.offset).toBe(5003);
    const failures: string[] = [];
    clock.on('sourceFailed', (reason) => failures.push(reason));
    fail('clock connection lost');
    expect(failures).toEqual(['clock connection lost']);
    now = 1100;
    clock.addSample({ sentAt: 1096, serverTime: 6099, receivedAt: 1100 }); // offset 5001, rtt 4
    expect(clock.estimateSource).toBe('samples');
    expect(clock.offset).toBe(5001);
    clock.stop();
    expect(stopped).toEqual(['stop']);
  });

  it('samples fast after starting, then slowly', () => {
    vi.useFakeTimers();
    const pings: number[] = [];
    const clock = new ClockSync({ fastSamples: 3, fastIntervalMs: 100, slowIntervalMs: 2000 });
    clock.start({ ping: () => (pings.push(Date.now()), true) });
    vi.advanceTimersByTime(350);
    expect(pings.map((t) => t - (pings[0] ?? 0))).toEqual([0, 100, 200, 300]);
    vi.advanceTimersByTime(1900); // t = 2250
    expect(pings).toHaveLength(4);
    vi.advanceTimersByTime(100); // the slow refresh at 300 + 2000
    expect(pings).toHaveLength(5);
    clock.dispose();
    vi.advanceTimersByTime(10_000);
    expect(pings).toHaveLength(5);
  });
});

describe('Throttle', () => {
  it('runs the first call at the end of its task and the last one at the end of the interval', async () => {
    vi.useFakeTimers();
    const runs: number[] = [];
    let value = 0;
    const throttle = new Throttle(50, () => runs.push(value));
    value = 1;
    throttle.push();
    throttle.push(); // same task: one run with the latest value
    value = 2;
    expect(runs).toEqual([]);
    await Promise.resolve();
    expect(runs).toEqual([2]);
    for (value = 3; value <= 10; value++) throttle.push();
    vi.advanceTimersByTime(50);
    expect(runs).toEqual([2, 11]);
    vi.advanceTimersByTime(200);
    expect(runs).toEqual([2, 11]);
    throttle.dispose();
  });
});
