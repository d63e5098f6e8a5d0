// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unpreparedServerTypes } from '../../protocol/index';
import { prepareValidatorsWhenIdle } from './idleValidators';

afterEach(() => vi.useRealTimers());

describe('prepareValidatorsWhenIdle', () => {
  it('builds every server validator over idle moments, the join’s first; stopping stops it', () => {
    vi.useFakeTimers();
    const total = unpreparedServerTypes().length;
    expect(total).toBeGreaterThan(10);
    const stop = prepareValidatorsWhenIdle();
    expect(unpreparedServerTypes()).toHaveLength(total); // nothing before the page is idle
    vi.advanceTimersByTime(60);
    const left = unpreparedServerTypes();
    expect(left.length).toBeLessThan(total);
    expect(left).not.toContain('welcome');
    stop();
    vi.advanceTimersByTime(10_000);
    expect(unpreparedServerTypes()).toEqual(left);
    const again = prepareValidatorsWhenIdle();
    vi.advanceTimersByTime(10_000);
    expect(unpreparedServerTypes()).toEqual([]);
    again();
  });
});
