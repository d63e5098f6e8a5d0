import { describe, expect, it } from 'vitest';
import {
  LOOPBACK_BOUND_MS,
  asymmetryBias,
  errorBound,
  fmt,
  maxAbsFrom,
  pathAsymmetry,
  percentile,
  settleTime,
  worst,
} from './analysis';

describe('clock bench bounds', () => {
  it('loopback allows the loopback bound; a path adds half its worst asymmetry', () => {
    expect(errorBound(null)).toBe(LOOPBACK_BOUND_MS);
    expect(errorBound({ upMs: 40, downMs: 40, jitterMs: 0 })).toBe(LOOPBACK_BOUND_MS);
    expect(pathAsymmetry({ upMs: 60, downMs: 20, jitterMs: 20 })).toBe(60);
    expect(errorBound({ upMs: 60, downMs: 20, jitterMs: 20 })).toBe(30 + LOOPBACK_BOUND_MS);
    expect(errorBound({ upMs: 20, downMs: 60, jitterMs: 0 })).toBe(20 + LOOPBACK_BOUND_MS);
  });

  it('the NTP bias is half of up minus down, signed', () => {
    expect(asymmetryBias(null)).toBe(0);
    expect(asymmetryBias({ upMs: 60, downMs: 20, jitterMs: 5 })).toBe(20);
    expect(asymmetryBias({ upMs: 10, downMs: 40, jitterMs: 0 })).toBe(-15);
  });
});

describe('settleTime', () => {
  it('is the first point after the last excursion beyond the bound', () => {
    const trace = [
      { t: 0, error: 9 },
      { t: 10, error: 1 },
      { t: 20, error: -3 },
      { t: 30, error: 1.5 },
      { t: 40, error: -2 },
    ];
    expect(settleTime(trace, 2)).toBe(30);
    expect(settleTime(trace, 10)).toBe(0);
  });

  it('is null when the trace ends outside the bound or is empty', () => {
    expect(
      settleTime(
        [
          { t: 0, error: 0 },
          { t: 5, error: 4 },
        ],
        2,
      ),
    ).toBeNull();
    expect(settleTime([], 2)).toBeNull();
  });

  it('maxAbsFrom looks only at points from the given time on', () => {
    const trace = [
      { t: 0, error: -50 },
      { t: 10, error: 1 },
      { t: 20, error: -1.5 },
    ];
    expect(maxAbsFrom(trace, 10)).toBe(1.5);
    expect(maxAbsFrom(trace, 30)).toBeNull();
  });
});

describe('order statistics', () => {
  it('percentile is nearest-rank over finite values', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 100)).toBe(5);
    expect(percentile([5, 1, 4, 2, 3], 0)).toBe(1);
    expect(percentile([NaN, 7], 50)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('worst keeps the sign of the largest magnitude', () => {
    expect(worst([1, -4, 3])).toBe(-4);
    expect(worst([NaN])).toBeNull();
  });

  it('fmt shows a dash for missing figures', () => {
    expect(fmt(1.234, 2)).toBe('1.23');
    expect(fmt(null)).toBe('—');
    expect(fmt(NaN)).toBe('—');
  });
});
