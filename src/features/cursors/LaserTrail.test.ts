// The laser trail's fading: segments fade linearly with the age of their newer end.
import { describe, expect, it } from 'vitest';
import { LASER_TRAIL_MS, trailSegments } from './LaserTrail';

describe('trailSegments', () => {
  it('fades older segments and drops the expired ones', () => {
    const points = [
      { x: 0, y: 0, t: 0 },
      { x: 10, y: 0, t: 100 },
      { x: 20, y: 0, t: 700 },
      { x: 30, y: 0, t: 1300 },
    ];
    const segments = trailSegments(points, 1300);
    // The first segment ended at t=100: 1200 ms old, gone.
    expect(segments).toHaveLength(2);
    expect(segments[0]?.opacity).toBeCloseTo(1 - 600 / LASER_TRAIL_MS);
    expect(segments[1]?.opacity).toBe(1);
    expect(trailSegments(points, 1300 + LASER_TRAIL_MS)).toEqual([]);
  });

  it('needs two points for a segment', () => {
    expect(trailSegments([{ x: 1, y: 1, t: 0 }], 0)).toEqual([]);
  });
});
