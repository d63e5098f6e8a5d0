import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../../core/media/types';
import { DEFAULT_COLOR } from '../../render/color';
import { LookFileError } from '../../render/look/lookFileError';
import {
  checkCdl,
  checkDisplayTransform,
  checkLutInterpolation,
  checkInputSpace,
  emptyLookState,
  gradeOf,
  isNeutralGrade,
  lookFileKind,
  sourceKeys,
  sourceLookOf,
  withDisplay,
  withSourceLook,
} from './model';

const info = (fingerprint: string | null) =>
  ({ name: 'a.mov', frameStart: 1, frameEnd: 10, width: 4, height: 2, fingerprint }) as MediaInfo;
const LUT = { id: 'c'.repeat(64), name: 'show.cube' };

describe('looks per source', () => {
  it('keys a source by fingerprint, and by name/range/size while hashing', () => {
    expect(sourceKeys(info('f'.repeat(64)))).toEqual(['f'.repeat(64), 'a.mov|1-10|4x2']);
    expect(sourceKeys(info(null))).toEqual(['a.mov|1-10|4x2']);
    expect(sourceKeys(null)).toEqual([]);
  });

  it('keeps each source’s look apart and drops a look back at the defaults', () => {
    let state = withSourceLook(undefined, ['A'], { inputSpace: 'arri-logc3', lut: LUT });
    state = withSourceLook(state, ['B'], { cdl: checkCdl({ slope: [2, 2, 2] }) });
    expect(sourceLookOf(state, ['A'])).toEqual({
      inputSpace: 'arri-logc3',
      lookSpace: 'linear',
      lut: LUT,
    });
    expect(sourceLookOf(state, ['B']).cdl?.slope).toEqual([2, 2, 2]);
    expect(sourceLookOf(state, ['C'])).toEqual({ inputSpace: 'auto', lookSpace: 'linear' });
    state = withSourceLook(state, ['A'], { inputSpace: 'auto', lut: null });
    expect(Object.keys(state.sources)).toEqual(['B']);
  });

  it('moves a look written under the shape key to the fingerprint', () => {
    const before = withSourceLook(undefined, ['shape'], { inputSpace: 'srgb' });
    expect(sourceLookOf(before, ['fp', 'shape']).inputSpace).toBe('srgb');
    const after = withSourceLook(before, ['fp', 'shape'], { lookSpace: 'acescct' });
    expect(Object.keys(after.sources)).toEqual(['fp']);
  });

  it('changes the display stage without touching the sources', () => {
    const base = withSourceLook(emptyLookState(), ['A'], { inputSpace: 'srgb' });
    const next = withDisplay(base, { transform: 'rec709', lut: LUT, zebra: true });
    expect(next.display).toEqual({ transform: 'rec709', lut: LUT, falseColor: false, zebra: true });
    expect(next.sources).toEqual(base.sources);
    expect(withDisplay(next, { lut: null }).display.lut).toBeUndefined();
    // Tetrahedral is the default: only trilinear is written, and it is kept by other changes.
    const trilinear = withDisplay(next, { interpolation: 'trilinear' });
    expect(trilinear.display.interpolation).toBe('trilinear');
    expect(withDisplay(trilinear, { zebra: false }).display.interpolation).toBe('trilinear');
    expect(withDisplay(trilinear, { interpolation: 'tetrahedral' }).display).not.toHaveProperty(
      'interpolation',
    );
  });

  it('keeps each source’s grade sliders with its look', () => {
    const grade = { ...gradeOf({ ...DEFAULT_COLOR, exposure: 1.5 }) };
    expect(isNeutralGrade(grade)).toBe(false);
    expect(isNeutralGrade(gradeOf({ ...DEFAULT_COLOR, look: emptyLookState() }))).toBe(true);
    const state = withSourceLook(undefined, ['A'], { grade });
    expect(sourceLookOf(state, ['A']).grade?.exposure).toBe(1.5);
    expect(sourceLookOf(state, ['B']).grade).toBeUndefined();
    expect(withSourceLook(state, ['A'], { grade: null }).sources).toEqual({});
  });

  it('refuses a look without a source', () => {
    expect(() => withSourceLook(undefined, [], { inputSpace: 'srgb' })).toThrow(
      /Open a picture first/,
    );
  });
});

describe('checks', () => {
  it('names the accepted values for an unknown space or transform', () => {
    expect(checkInputSpace('acescg')).toBe('acescg');
    expect(() => checkInputSpace('rec2020')).toThrow(LookFileError);
    expect(() => checkInputSpace('rec2020')).toThrow(/use one of auto, srgb, .*sony-slog3/);
    expect(checkDisplayTransform('p3')).toBe('p3');
    expect(() => checkDisplayTransform(7)).toThrow(/Unknown display transform "7"/);
    expect(checkLutInterpolation('trilinear')).toBe('trilinear');
    expect(() => checkLutInterpolation('cubic')).toThrow(
      /Unknown LUT interpolation "cubic"; use tetrahedral or trilinear/,
    );
  });

  it('fills a partial CDL with identity and range-checks it', () => {
    expect(checkCdl({ power: [1, 2, 3] })).toEqual({
      slope: [1, 1, 1],
      offset: [0, 0, 0],
      power: [1, 2, 3],
      saturation: 1,
    });
    expect(() => checkCdl({ slope: [1, 1] })).toThrow(/slope must be three numbers/);
    expect(() => checkCdl({ power: [0, 1, 1] })).toThrow(
      /power must be three numbers in 0.01..100/,
    );
    expect(() => checkCdl({ saturation: Number.NaN })).toThrow(/saturation/);
  });

  it('knows look files by extension', () => {
    expect(lookFileKind('Show LUT.CUBE')).toBe('cube');
    expect(['a.cdl', 'a.cc', 'a.ccc'].map(lookFileKind)).toEqual(['cdl', 'cdl', 'cdl']);
    expect(lookFileKind('a.mov')).toBeNull();
  });
});
