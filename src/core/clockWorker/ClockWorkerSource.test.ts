// rebaseEstimate: an estimate made on a worker's clock, read on the page's clock.
import { describe, expect, it } from 'vitest';
import { rebaseEstimate } from './ClockWorkerSource';

describe('rebaseEstimate', () => {
  it('gives the same server time for the same instant on both clocks', () => {
    // The worker started 1234.5 ms after the page: its performance.now() reads that much less.
    const pageOrigin = 1_700_000_000_000;
    const workerOrigin = pageOrigin + 1234.5;
    const inWorker = { offset: 1_700_000_050_000, rtt: 1, skew: 0.00002, at: 500 };
    const inPage = rebaseEstimate(inWorker, workerOrigin, pageOrigin);
    const instant = 10_000; // worker clock
    const serverByWorker = instant + inWorker.offset + inWorker.skew * (instant - inWorker.at);
    const pageInstant = instant + 1234.5;
    const serverByPage = pageInstant + inPage.offset + inPage.skew * (pageInstant - inPage.at);
    expect(serverByPage).toBeCloseTo(serverByWorker, 6);
    expect(inPage.at).toBe(500 + 1234.5);
  });
});
