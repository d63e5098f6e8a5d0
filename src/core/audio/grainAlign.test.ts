// WSOLA alignment: the next grain is taken where it continues the previous one's waveform.
import { describe, expect, it } from 'vitest';
import { bestAlignment, mixDown } from './grainAlign';

describe('bestAlignment', () => {
  it('finds the shift that keeps a periodic sound in phase', () => {
    const period = 40;
    const samples = Float32Array.from({ length: 2000 }, (_, i) =>
      Math.sin((2 * Math.PI * i) / period),
    );
    // The natural continuation starts at 500; the nominal place 517 is 17 samples (not a whole
    // period) away: the best start within ±20 is 520 (one period after 480, in phase with 500).
    const best = bestAlignment(samples, 517, 500, 200, 20);
    expect((((best - 500) % period) + period) % period).toBe(0);
    expect(Math.abs(best - 517)).toBeLessThanOrEqual(20);
  });

  it('stays at the nominal place for silence', () => {
    const samples = new Float32Array(1000);
    expect(bestAlignment(samples, 300, 200, 100, 10)).toBe(300);
  });
});

describe('mixDown', () => {
  it('averages the channels', () => {
    const mix = mixDown([Float32Array.from([1, 0]), Float32Array.from([0, 1])]);
    expect(Array.from(mix)).toEqual([0.5, 0.5]);
  });
});
