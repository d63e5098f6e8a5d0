import { describe, expect, it } from 'vitest';
import { decodePlan, FrameCache } from './FrameCache';

const range = { frameStart: 1, frameEnd: 48 };

describe('decodePlan', () => {
  it('lists the playhead, then ahead in the playing direction, then behind', () => {
    expect(decodePlan({ frame: 10, direction: 1, playing: true }, range, 3, 2)).toEqual([
      10, 11, 12, 13, 9, 8,
    ]);
    expect(decodePlan({ frame: 10, direction: -1, playing: true }, range, 3, 2)).toEqual([
      10, 9, 8, 7, 11, 12,
    ]);
  });

  it('wraps past the ends, where loop playback goes next', () => {
    expect(decodePlan({ frame: 47, direction: 1, playing: true }, range, 3, 1)).toEqual([
      47, 48, 1, 2, 46,
    ]);
    expect(decodePlan({ frame: 2, direction: -1, playing: true }, range, 2, 0)).toEqual([2, 1, 48]);
  });

  it('never repeats a frame in a short range', () => {
    expect(
      decodePlan({ frame: 2, direction: 1, playing: true }, { frameStart: 1, frameEnd: 3 }, 10, 10),
    ).toEqual([2, 3, 1]);
  });
});

describe('FrameCache', () => {
  function makeCache(capacity: number): { cache: FrameCache<string>; released: string[] } {
    const released: string[] = [];
    return { cache: new FrameCache<string>(capacity, (image) => released.push(image)), released };
  }

  it('keeps at most capacity frames, evicting the least urgent', () => {
    const { cache, released } = makeCache(3);
    const plan = [5, 6, 7, 8, 4];
    for (const frame of [4, 5, 6, 7]) cache.put(frame, `f${frame}`, plan);
    expect(cache.keys()).toEqual([5, 6, 7]);
    expect(released).toEqual(['f4']);
  });

  it('releases duplicates and frames outside the plan at once', () => {
    const { cache, released } = makeCache(3);
    cache.put(1, 'a', [1, 2]);
    cache.put(1, 'b', [1, 2]);
    cache.put(9, 'c', [1, 2]);
    expect(cache.keys()).toEqual([1]);
    expect(released).toEqual(['b', 'c']);
  });

  it('does not evict the frame last handed out', () => {
    const { cache, released } = makeCache(2);
    cache.put(1, 'f1', [1, 2, 3]);
    expect(cache.take(1)).toBe('f1');
    cache.put(2, 'f2', [2, 3]);
    cache.put(3, 'f3', [3, 2]);
    // Over capacity: 1 is pinned, so the less urgent of 2 and 3 goes.
    expect(cache.keys()).toEqual([1, 3]);
    expect(released).toEqual(['f2']);
    cache.retainOnly([3]);
    expect(cache.keys()).toEqual([1, 3]);
    cache.take(3);
    cache.retainOnly([3]);
    expect(cache.keys()).toEqual([3]);
    expect(released).toEqual(['f2', 'f1']);
  });

  it('clear releases everything', () => {
    const { cache, released } = makeCache(4);
    cache.put(1, 'x', [1, 2]);
    cache.put(2, 'y', [1, 2]);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(released.sort()).toEqual(['x', 'y']);
  });
});
