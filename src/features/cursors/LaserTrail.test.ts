// @vitest-environment happy-dom
// The laser trail's fading: segments fade linearly with the age of their newer end.
import { describe, expect, it } from 'vitest';
import { LASER_TRAIL_MS, LaserTrails, trailSegments } from './LaserTrail';

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

describe('LaserTrails', () => {
  it('a pointer at rest, its position sent again and again, fades out entirely', () => {
    let now = 0;
    const frames: Array<() => void> = [];
    const container = document.createElement('div');
    const trails = new LaserTrails({
      container,
      imageToClient: (p) => p,
      now: () => now,
      requestFrame: (callback) => frames.push(callback),
      cancelFrame: () => undefined,
    });
    const lines = () => container.querySelectorAll('[data-testid="laser-trail"] line').length;
    const runFrames = () => {
      for (const frame of frames.splice(0)) frame();
    };
    trails.add('u1', { x: 0, y: 0 }, '#f00');
    now = 50;
    trails.add('u1', { x: 10, y: 0 }, '#f00');
    runFrames();
    expect(lines()).toBe(1);
    // At rest: the same point keeps arriving; the segment still ages and goes.
    for (let t = 100; t <= 50 + LASER_TRAIL_MS + 100; t += 100) {
      now = t;
      trails.add('u1', { x: 10, y: 0 }, '#f00');
      runFrames();
    }
    expect(lines()).toBe(0);
    // Moving again draws again.
    trails.add('u1', { x: 20, y: 0 }, '#f00');
    now += 30;
    trails.add('u1', { x: 30, y: 0 }, '#f00');
    runFrames();
    expect(lines()).toBe(1);
    trails.dispose();
  });
});
