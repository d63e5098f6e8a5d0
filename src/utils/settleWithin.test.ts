import { afterEach, describe, expect, it, vi } from 'vitest';
import { settleWithin } from './settleWithin';

describe('settleWithin', () => {
  afterEach(() => vi.useRealTimers());

  it('resolves and rejects as the promise does when it settles in time', async () => {
    await expect(settleWithin(Promise.resolve(7), 1000, () => null)).resolves.toBe(7);
    await expect(
      settleWithin(Promise.reject(new Error('broken')), 1000, () => null),
    ).rejects.toThrow('broken');
  });

  it('settles as onTimeout says once the deadline passes first', async () => {
    vi.useFakeTimers();
    const never = new Promise<number>(() => {});
    const late = settleWithin(never, 500, () => null);
    const thrown = settleWithin(never, 500, () => {
      throw new Error('too slow');
    });
    const caught = expect(thrown).rejects.toThrow('too slow');
    await vi.advanceTimersByTimeAsync(500);
    await expect(late).resolves.toBeNull();
    await caught;
  });

  it('clears its timer when the promise settles first', async () => {
    vi.useFakeTimers();
    const onTimeout = vi.fn(() => null);
    await settleWithin(Promise.resolve('done'), 500, onTimeout);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onTimeout).not.toHaveBeenCalled();
  });
});
