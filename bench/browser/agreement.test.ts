import { describe, expect, it } from 'vitest';
import {
  compareAtTicks,
  comparePages,
  foldDifferences,
  sameFrameShare,
  shareWithin,
  stepLookup,
  switchOffsetMs,
  tickAt,
  tickStats,
  type Tick,
} from './agreement';

const ticks = (...pairs: Array<[number, number | null]>): Tick[] =>
  pairs.map(([t, frame]) => ({ t, frame }));

describe('tickAt', () => {
  const list = ticks([0, 1], [20, 2], [40, 3]);
  it('finds the last tick at or before the instant', () => {
    expect(tickAt(list, 25)?.frame).toBe(2);
    expect(tickAt(list, 40)?.frame).toBe(3);
    expect(tickAt(list, 100)?.frame).toBe(3);
    expect(tickAt(list, -1)).toBeNull();
  });
  it('counts a tick within epsilon after the instant as the same vsync', () => {
    expect(tickAt(list, 19)?.frame).toBe(1);
    expect(tickAt(list, 19, 2)?.frame).toBe(2);
  });
});

describe('compareAtTicks', () => {
  it('compares each reference tick with the frame the other page had on screen then', () => {
    const a = ticks([10, 1], [30, 2], [50, 3], [70, 4]);
    const b = ticks([0, 1], [40, 2], [60, 3]);
    const result = compareAtTicks(a, b, { from: 0, to: 100 });
    // at 10: 1 vs 1; at 30: 2 vs 1; at 50: 3 vs 2; at 70: 4 vs 3
    expect(result).toEqual({
      compared: 4,
      equal: 1,
      unreadable: 0,
      differences: { '0': 1, '1': 3 },
    });
  });

  it('skips ticks outside the window and counts unreadable pictures apart', () => {
    const a = ticks([10, 1], [30, null], [50, 3], [200, 9]);
    const b = ticks([20, 1], [45, null]);
    // 10: b has nothing yet; 30: a unreadable; 50: b's picture unreadable; 200: outside
    const result = compareAtTicks(a, b, { from: 0, to: 100 });
    expect(result).toEqual({ compared: 0, equal: 0, unreadable: 3, differences: {} });
  });

  it('comparePages merges every ordered pair', () => {
    const a = ticks([0, 1], [10, 1]);
    const b = ticks([0, 1], [10, 2]);
    const { total, pairs } = comparePages([a, b], { from: 0, to: 20 });
    expect(pairs).toHaveLength(2);
    expect(total.compared).toBe(4);
    expect(total.equal).toBe(2);
    expect(total.differences).toEqual({ '0': 2, '-1': 1, '1': 1 });
    expect(shareWithin(total, 0)).toBe(0.5);
    expect(shareWithin(total, 1)).toBe(1);
  });

  it('folds differences into columns with shares', () => {
    const folded = foldDifferences({
      compared: 4,
      equal: 1,
      unreadable: 0,
      differences: { '0': 1, '-5': 1, '2': 1, '7': 1 },
    });
    expect(folded).toMatchObject({ '≤−3': 0.25, '0': 0.25, '+2': 0.25, '≥+3': 0.25, '−1': 0 });
  });
});

describe('tickStats', () => {
  it('reports the rate and the vsyncs that passed without a tick', () => {
    const v = 1000 / 60;
    // ticks at 0, 1, 2, 4, 5 vsyncs: one vsync missed
    const stats = tickStats([0, v, 2 * v, 4 * v, 5 * v]);
    expect(stats.ticks).toBe(5);
    expect(stats.missed).toBe(1);
    expect(stats.missedShare).toBeCloseTo(1 / 6);
    expect(stats.rate).toBeCloseTo(48);
    expect(stats.medianIntervalMs).toBeCloseTo(v);
  });
  it('handles a single tick', () => {
    expect(tickStats([5])).toMatchObject({ ticks: 1, rate: 0, missed: 0 });
  });
});

describe('switch timing and clocks', () => {
  it('switchOffsetMs is the time since the frame began on the timeline (negative: early)', () => {
    expect(switchOffsetMs(10.5, 10, 24)).toBeCloseTo(20.833, 2);
    expect(switchOffsetMs(9.9, 10, 24)).toBeCloseTo(-4.167, 2);
    expect(switchOffsetMs(10.5, 10, 24, 2)).toBeCloseTo(10.417, 2);
  });

  it('sameFrameShare: pages differing by d ms of clock disagree on about d / frame of instants', () => {
    const frameAtTime = (t: number) => Math.floor(t / 40);
    const instants = Array.from({ length: 4000 }, (_, i) => i);
    expect(
      sameFrameShare(
        instants,
        frameAtTime,
        () => 0,
        () => 0,
      ),
    ).toBe(1);
    expect(
      sameFrameShare(
        instants,
        frameAtTime,
        () => 0,
        () => 4,
      ),
    ).toBeCloseTo(0.9, 5);
    expect(
      sameFrameShare(
        [],
        frameAtTime,
        () => 0,
        () => 0,
      ),
    ).toBeNull();
  });

  it('stepLookup holds the value of the last point at or before t', () => {
    const lookup = stepLookup([0, 10, 20], [1, 2, 3]);
    expect(lookup(-5)).toBe(1);
    expect(lookup(10)).toBe(2);
    expect(lookup(19.9)).toBe(2);
    expect(lookup(25)).toBe(3);
  });
});
