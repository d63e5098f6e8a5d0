import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaError, withTimeout } from './MediaError';
import { nearestIndex } from './VideoSource';

describe('withTimeout', () => {
  afterEach(() => vi.useRealTimers());

  it('passes results and errors through', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('boom')), 1000, 'x')).rejects.toThrow('boom');
  });

  it('rejects with a TIMEOUT MediaError when the work hangs', async () => {
    vi.useFakeTimers();
    const hanging = withTimeout(new Promise<never>(() => undefined), 20_000, 'Opening clip.mov');
    const settled = hanging.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(20_000);
    const error = await settled;
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('TIMEOUT');
    expect((error as MediaError).message).toBe('Opening clip.mov did not finish within 20 s.');
  });
});

describe('nearestIndex (video timestamp -> frame)', () => {
  // WebM stores milliseconds: 24 fps frames sit at 0, 42, 83, 125 ms...
  const timestamps = [0, 0.042, 0.083, 0.125, 0.167];

  it('maps each frame timestamp to itself and in-between times to the closest frame', () => {
    timestamps.forEach((t, i) => expect(nearestIndex(timestamps, t)).toBe(i));
    expect(nearestIndex(timestamps, 1 / 24)).toBe(1);
    expect(nearestIndex(timestamps, 0.06)).toBe(1);
    expect(nearestIndex(timestamps, 0.07)).toBe(2);
  });

  it('clamps outside the range', () => {
    expect(nearestIndex(timestamps, -1)).toBe(0);
    expect(nearestIndex(timestamps, 99)).toBe(4);
  });
});
