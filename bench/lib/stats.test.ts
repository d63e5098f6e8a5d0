import { describe, expect, it } from 'vitest';
import { PacedSchedule, Samples, SendTimes, percentile, ratio, round, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns an observed sample: the smallest with at least p % at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 99)).toBe(30);
  });

  it('with few samples p99 is the maximum (no interpolated figure that never happened)', () => {
    expect(percentile([1, 2, 3, 1000], 99)).toBe(1000);
  });

  it('is NaN for no samples and refuses a percentage outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts its input and reports count, mean, p50, p90, p99, max', () => {
    const summary = summarize([5, 1, 4, 2, 3]);
    expect(summary).toEqual({ count: 5, mean: 3, p50: 3, p90: 5, p99: 5, max: 5 });
  });

  it('reports NaN figures for an empty run instead of inventing zeros', () => {
    const summary = summarize([]);
    expect(summary.count).toBe(0);
    expect(summary.p99).toBeNaN();
    expect(summary.max).toBeNaN();
  });
});

describe('PacedSchedule (open loop)', () => {
  it('schedules message i at start + i / rate', () => {
    const schedule = new PacedSchedule(1000, 50);
    expect(schedule.intervalMs).toBe(20);
    expect(schedule.timeOf(0)).toBe(1000);
    expect(schedule.timeOf(3)).toBe(1060);
  });

  it('hands out everything due when the sender wakes up late, each keeping its own time', () => {
    const schedule = new PacedSchedule(0, 100); // every 10 ms
    expect(schedule.take(-1)).toEqual([]);
    expect(schedule.take(0)).toEqual([0]);
    // A 45 ms stall: messages 1..4 are due and go out together.
    expect(schedule.take(45)).toEqual([1, 2, 3, 4]);
    expect(schedule.take(45)).toEqual([]);
    expect(schedule.nextDue()).toBe(50);
    expect(schedule.taken).toBe(5);
  });

  it('counts due messages independently of what was sent', () => {
    const schedule = new PacedSchedule(0, 1000);
    expect(schedule.dueBy(0)).toBe(1);
    expect(schedule.dueBy(9.5)).toBe(10);
    expect(schedule.take(100, 3)).toEqual([0, 1, 2]);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new PacedSchedule(0, 0)).toThrow(RangeError);
  });
});

describe('SendTimes and Samples', () => {
  it('keeps scheduled times by sequence number in a ring', () => {
    const times = new SendTimes(4);
    times.set(1, 10);
    times.set(6, 60); // wraps onto slot 2
    expect(times.get(1)).toBe(10);
    expect(times.get(2)).toBe(60);
  });

  it('grows past its first allocation and clears', () => {
    const samples = new Samples();
    for (let i = 0; i < 3000; i++) samples.push(i);
    expect(samples.length).toBe(3000);
    expect(samples.values()[2999]).toBe(2999);
    samples.clear();
    expect(samples.values().length).toBe(0);
  });
});

describe('round and ratio', () => {
  it('keeps three significant digits below 100 and integers above', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(123.6)).toBe(124);
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
  });
});
