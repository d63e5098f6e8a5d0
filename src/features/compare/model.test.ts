import { describe, expect, it, vi } from 'vitest';
import {
  bFrameFor,
  CompareModel,
  mismatchReasons,
  sameCompare,
  sourceKey,
  type MediaShape,
} from './model';

const shot = (patch: Partial<MediaShape> = {}): MediaShape => ({
  name: 'sh010_v002.mov',
  fps: 24,
  frameStart: 1001,
  frameEnd: 1100,
  width: 1920,
  height: 1080,
  ...patch,
});

describe('CompareModel', () => {
  it('clamps edits to what the wire allows and emits only real changes', () => {
    const model = new CompareModel();
    const changed = vi.fn();
    model.on('compareChanged', changed);
    model.setCompare({ gain: 500, blend: -1, wipe: { x: 2, y: -3, angle: 270 } });
    expect(model.compare).toMatchObject({ gain: 64, blend: 0, wipe: { x: 1, y: 0, angle: -90 } });
    expect(changed).toHaveBeenCalledTimes(1);
    model.setCompare({ gain: 64 });
    expect(changed).toHaveBeenCalledTimes(1);
    model.setCompare({ gain: Number.NaN });
    expect(model.compare.gain).toBe(64);
  });

  it('the A/B key enters the toggle on B, then flips; compare on/off remembers the mode', () => {
    const model = new CompareModel();
    model.toggleAB();
    expect(model.compare).toMatchObject({ mode: 'toggle', show: 'B' });
    model.toggleAB();
    expect(model.compare.show).toBe('A');
    model.setMode('difference');
    model.toggleCompare();
    expect(model.compare.mode).toBe('off');
    model.toggleCompare();
    expect(model.compare.mode).toBe('difference');
  });

  it('keeps stereo convergence whole and in range', () => {
    const model = new CompareModel();
    model.setStereo({ convergence: 12.6, display: 'anaglyph' });
    expect(model.stereo).toMatchObject({ convergence: 13, display: 'anaglyph' });
    model.setStereo({ convergence: -5000 });
    expect(model.stereo.convergence).toBe(-1000);
  });

  it('compares and keys sources by value', () => {
    const model = new CompareModel();
    expect(sameCompare(model.compare, model.compare)).toBe(true);
    expect(sourceKey({ kind: 'library', id: 'a'.repeat(64) })).toBe(`library:${'a'.repeat(64)}`);
    expect(
      sourceKey({
        kind: 'local',
        media: { ...shot(), fingerprint: 'f'.repeat(64) },
      }),
    ).toBe(`local:${'f'.repeat(64)}`);
    expect(sourceKey(null)).toBeNull();
  });
});

describe('B frames and mismatches', () => {
  it('shows the same frame number for the same timing, the same time otherwise', () => {
    expect(bFrameFor(1050, shot(), shot())).toBe(1050);
    // Another first frame: the same time since the start.
    expect(bFrameFor(1050, shot(), shot({ frameStart: 1, frameEnd: 100 }))).toBe(50);
    // 48 fps B: twice the frames in the same time.
    expect(bFrameFor(1011, shot(), shot({ fps: 48, frameEnd: 1200 }))).toBe(1021);
    // Past B's end its last frame stays.
    expect(bFrameFor(1100, shot(), shot({ frameEnd: 1040 }))).toBe(1040);
  });

  it('names both files and the reason when B cannot be matched', () => {
    expect(mismatchReasons(shot(), shot({ name: 'sh010_v001.mov' }))).toEqual([]);
    const reasons = mismatchReasons(
      shot(),
      shot({ name: 'sh010_v001.mov', fps: 25, width: 1280, height: 720 }),
    );
    expect(reasons[0]).toContain('sh010_v001.mov runs at 25 fps and sh010_v002.mov at 24 fps');
    expect(reasons[1]).toContain('sh010_v001.mov is 1280×720 and sh010_v002.mov 1920×1080');
    expect(mismatchReasons(shot(), shot({ name: 'b.mov', frameEnd: 1050 }))[0]).toContain(
      'b.mov has 50 frames and sh010_v002.mov 100',
    );
  });
});
