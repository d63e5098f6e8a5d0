// Unit and property tests for the shared-timeline math: position and displayed frame as a pure
// function of a motion and a time, for every loop mode, both directions, in/out and boundaries.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampAnchor, frameAt, hasFinished, placementAt, positionAt, sameMotion } from './motion';
import type { LoopMode, Motion } from './motion';
import { DEFAULT_MOTION } from '../../protocol/defaults';

const FRAME_MS = 1000 / 24;

function motion(overrides: Partial<Motion> = {}): Motion {
  return { ...DEFAULT_MOTION, playing: true, anchorFrame: 100, ...overrides };
}

/** The frames shown at the start of each of `count` consecutive frame slots (plus half a slot). */
function frames(m: Motion, count: number, offsetMs = FRAME_MS / 2): number[] {
  return Array.from({ length: count }, (_, k) =>
    frameAt(m, m.anchorTime + k * FRAME_MS + offsetMs),
  );
}

describe('frame boundaries', () => {
  it('exactly 1000 ms at 24 fps is 24 frames on, forward and reverse', () => {
    expect(frameAt(motion(), 1000)).toBe(124);
    expect(frameAt(motion({ direction: -1 }), 1000)).toBe(76);
  });

  it('41.666… ms steps land on the next frame, not the one before (float error below an integer)', () => {
    let accumulated = 0;
    for (let k = 0; k <= 240; k++) {
      expect(frameAt(motion(), k * FRAME_MS)).toBe(100 + k);
      // Summed steps drift below the exact boundary (e.g. 0.9999999999999999 frames).
      expect(frameAt(motion(), accumulated)).toBe(100 + k);
      accumulated += FRAME_MS;
    }
    expect(positionAt(motion(), 3 * FRAME_MS)).toBe(103);
  });

  it('a frame is shown for one full frame duration after the anchor in either direction', () => {
    expect(frameAt(motion(), FRAME_MS - 1)).toBe(100);
    expect(frameAt(motion({ direction: -1 }), 1)).toBe(100);
    expect(frameAt(motion({ direction: -1 }), FRAME_MS - 1)).toBe(100);
    expect(frameAt(motion({ direction: -1 }), FRAME_MS)).toBe(99);
  });

  it('keeps the sub-frame phase of a fractional anchor', () => {
    expect(positionAt(motion({ anchorFrame: 100.5 }), FRAME_MS / 4)).toBeCloseTo(100.75, 9);
    expect(frameAt(motion({ anchorFrame: 100.5 }), FRAME_MS / 2)).toBe(101);
  });

  it('scales with speed and fps, and stands still when paused', () => {
    expect(frameAt(motion({ speed: 2 }), 1000)).toBe(148);
    expect(frameAt(motion({ speed: 0.5 }), 1000)).toBe(112);
    expect(frameAt(motion({ fps: 30 }), 1000)).toBe(130);
    expect(frameAt(motion({ playing: false }), 5000)).toBe(100);
    expect(frameAt(motion({ anchorTime: 2000 }), 3000)).toBe(124);
  });
});

describe("loop mode 'loop'", () => {
  it('wraps out → in going forward', () => {
    const m = motion({ inPoint: 10, outPoint: 14, anchorFrame: 13 });
    expect(frames(m, 8)).toEqual([13, 14, 10, 11, 12, 13, 14, 10]);
  });

  it('wraps in → out going in reverse (reverse across the in point)', () => {
    const m = motion({ inPoint: 10, outPoint: 14, anchorFrame: 11, direction: -1 });
    expect(frames(m, 8)).toEqual([11, 10, 14, 13, 12, 11, 10, 14]);
    // Exactly at the slot boundaries too.
    expect(frames(m, 8, 0)).toEqual([11, 10, 14, 13, 12, 11, 10, 14]);
  });

  it('wraps a long way (one hour at 24 fps) without drift', () => {
    const m = motion({ inPoint: 1, outPoint: 100, anchorFrame: 1 });
    // 3600 s × 24 = 86400 frames = 864 whole periods of 100 frames.
    expect(frameAt(m, 3_600_000)).toBe(1);
    expect(frameAt(m, 3_600_000 + 5 * FRAME_MS)).toBe(6);
  });
});

describe("loop mode 'once'", () => {
  it('stops on the out point going forward and reports the end', () => {
    const m = motion({ loopMode: 'once', inPoint: 10, outPoint: 14, anchorFrame: 12 });
    expect(frames(m, 6)).toEqual([12, 13, 14, 14, 14, 14]);
    expect(hasFinished(m, FRAME_MS)).toBe(false);
    expect(hasFinished(m, 2 * FRAME_MS - 1)).toBe(false);
    expect(hasFinished(m, 2 * FRAME_MS)).toBe(true);
    expect(positionAt(m, 10_000)).toBe(14);
  });

  it('stops on the in point in reverse (reverse across the in point)', () => {
    const m = motion({
      loopMode: 'once',
      inPoint: 10,
      outPoint: 14,
      anchorFrame: 12,
      direction: -1,
    });
    expect(frames(m, 6)).toEqual([12, 11, 10, 10, 10, 10]);
    expect(hasFinished(m, 2 * FRAME_MS)).toBe(true);
    expect(positionAt(m, 10_000)).toBe(10);
  });

  it('never finishes while paused or in another mode', () => {
    expect(hasFinished(motion({ loopMode: 'once', playing: false, anchorFrame: 1440 }), 0)).toBe(
      false,
    );
    expect(hasFinished(motion({ anchorFrame: 1440 }), 10_000)).toBe(false);
  });
});

describe("loop mode 'pingpong'", () => {
  it('reflects at the out point then the in point, showing each end once per bounce', () => {
    const m = motion({ loopMode: 'pingpong', inPoint: 10, outPoint: 13, anchorFrame: 11 });
    expect(frames(m, 12)).toEqual([11, 12, 13, 12, 11, 10, 11, 12, 13, 12, 11, 10]);
    expect(frames(m, 12, 0)).toEqual([11, 12, 13, 12, 11, 10, 11, 12, 13, 12, 11, 10]);
  });

  it('reflects at the in point first in reverse', () => {
    const m = motion({
      loopMode: 'pingpong',
      inPoint: 10,
      outPoint: 13,
      anchorFrame: 12,
      direction: -1,
    });
    expect(frames(m, 10)).toEqual([12, 11, 10, 11, 12, 13, 12, 11, 10, 11]);
    expect(frames(m, 10, 0)).toEqual([12, 11, 10, 11, 12, 13, 12, 11, 10, 11]);
  });

  it('reports the on-screen travel direction of each leg', () => {
    const m = motion({ loopMode: 'pingpong', inPoint: 10, outPoint: 13, anchorFrame: 10 });
    expect(placementAt(m, FRAME_MS / 2).travel).toBe(1);
    expect(placementAt(m, 3.5 * FRAME_MS).travel).toBe(-1);
    expect(placementAt({ ...m, direction: -1 }, FRAME_MS / 2).travel).toBe(1);
  });

  it('holds a single-frame range', () => {
    const m = motion({ loopMode: 'pingpong', inPoint: 7, outPoint: 7, anchorFrame: 7 });
    expect(frames(m, 3)).toEqual([7, 7, 7]);
  });
});

describe('anchors outside the play range', () => {
  it('start from the nearest end instead of wrapping to an arbitrary frame', () => {
    const m = motion({ inPoint: 10, outPoint: 20, anchorFrame: 500, playing: false });
    expect(frameAt(m, 0)).toBe(20);
    expect(frameAt({ ...m, anchorFrame: 2 }, 0)).toBe(10);
    // A playing loop then wraps back in.
    expect(frames({ ...m, playing: true }, 3)).toEqual([20, 10, 11]);
  });

  it('clampAnchor allows the last frame slot only in loop mode', () => {
    expect(clampAnchor(motion({ inPoint: 10, outPoint: 20, anchorFrame: 20.5 }))).toBe(20.5);
    expect(clampAnchor(motion({ inPoint: 10, outPoint: 20, anchorFrame: 21 }))).toBe(20);
    expect(clampAnchor(motion({ loopMode: 'once', outPoint: 20, anchorFrame: 20.5 }))).toBe(20);
    expect(clampAnchor(motion({ anchorFrame: Number.NaN, inPoint: 3 }))).toBe(3);
  });
});

describe('sameMotion', () => {
  it('ignores the anchor time of a paused motion only', () => {
    expect(sameMotion(motion({ playing: false }), motion({ playing: false, anchorTime: 5 }))).toBe(
      true,
    );
    expect(sameMotion(motion(), motion({ anchorTime: 5 }))).toBe(false);
    expect(sameMotion(motion(), motion({ speed: 2 }))).toBe(false);
  });
});

const arbitraryMotion = fc
  .record({
    playing: fc.boolean(),
    anchorFrame: fc.double({ min: -100, max: 3000, noNaN: true }),
    anchorTime: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fps: fc.constantFrom(23.976, 24, 25, 29.97, 30, 48, 60, 7.5),
    speed: fc.double({ min: 0.05, max: 16, noNaN: true }),
    direction: fc.constantFrom<1 | -1>(1, -1),
    loopMode: fc.constantFrom<LoopMode>('loop', 'once', 'pingpong'),
    inPoint: fc.integer({ min: 1, max: 2000 }),
    length: fc.integer({ min: 0, max: 500 }),
  })
  .map(({ length, ...rest }): Motion => ({ ...rest, outPoint: rest.inPoint + length }));

describe('properties', () => {
  it('frameAt is always an integer within [in, out]; positionAt within [in, out + 1)', () => {
    fc.assert(
      fc.property(arbitraryMotion, fc.double({ min: -1e7, max: 1e7, noNaN: true }), (m, t) => {
        const frame = frameAt(m, t);
        const position = positionAt(m, t);
        return (
          Number.isInteger(frame) &&
          frame >= m.inPoint &&
          frame <= m.outPoint &&
          position >= m.inPoint &&
          position < m.outPoint + 1
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('re-anchoring at the current placement never changes any later frame (no jumps)', () => {
    fc.assert(
      fc.property(
        arbitraryMotion,
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (m, sinceAnchor, later) => {
          const t1 = m.anchorTime + sinceAnchor;
          const placement = placementAt(m, t1);
          const reanchored: Motion = {
            ...m,
            anchorFrame: placement.position,
            anchorTime: t1,
            direction: placement.travel,
          };
          return frameAt(reanchored, t1 + later) === frameAt(m, t1 + later);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
