// The Image format's rules: rotation steps, the shortcut cycles, the checks a script's patch
// goes through (nothing half-applies), custom ratios, and the description line.
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_FORMAT } from '../../protocol/index';
import {
  checkFormatPatch,
  describeFormat,
  nextMaskOpacity,
  nextPixelAspect,
  parseRatio,
  rotated,
} from './model';

describe('image format model', () => {
  it('turns in 90° steps both ways and wraps', () => {
    expect(rotated(0, 90)).toBe(90);
    expect(rotated(270, 90)).toBe(0);
    expect(rotated(0, -90)).toBe(270);
    expect(rotated(90, 180)).toBe(270);
    expect(rotated(90, -450)).toBe(0);
  });

  it('cycles the pixel aspects (file, 1.0, 2.0, 1.33, 1.5) and the mask opacities', () => {
    const seen: Array<number | null> = [];
    let par: number | null = null;
    do {
      par = nextPixelAspect(par);
      seen.push(par);
    } while (par !== null);
    expect(seen).toEqual([1, 2, 1.33, 1.5, null]);
    expect(nextPixelAspect(1.7)).toBeNull(); // a custom one goes back to the file's
    expect(nextMaskOpacity(1)).toBe(0.82);
    expect(nextMaskOpacity(0.25)).toBe(1);
    expect(nextMaskOpacity(0.6)).toBe(1);
  });

  it('checks a patch whole and says what is allowed', () => {
    expect(checkFormatPatch({ rotation: 90, flip: true, mask: '2.39', pixelAspect: 2 })).toEqual({
      rotation: 90,
      flip: true,
      mask: '2.39',
      pixelAspect: 2,
    });
    expect(checkFormatPatch({ pixelAspect: null, mask: 1.66, maskOpacity: 0.5 })).toEqual({
      pixelAspect: null,
      mask: 1.66,
      maskOpacity: 0.5,
    });
    expect(() => checkFormatPatch({ rotation: 45 })).toThrow(/0, 90, 180 or 270/);
    expect(() => checkFormatPatch({ pixelAspect: 0 })).toThrow(/from 0.1 to 10/);
    expect(() => checkFormatPatch({ mask: '3.00' })).toThrow(/ratio from 0.5 to 4/);
    expect(() => checkFormatPatch({ maskOpacity: 2 })).toThrow(/from 0 to 1/);
    expect(() => checkFormatPatch({ flip: 'yes' })).toThrow(/true or false/);
    expect(() => checkFormatPatch({ zoom: 2 })).toThrow(/Unknown image format field "zoom"/);
    expect(() => checkFormatPatch(null)).toThrow(/must be an object/);
  });

  it('reads custom ratios as typed', () => {
    expect(parseRatio('1.66')).toBe(1.66);
    expect(parseRatio('16:9')).toBe(1.7778);
    expect(parseRatio('4/3')).toBe(1.3333);
    expect(parseRatio('2,39')).toBe(2.39);
    expect(parseRatio('12')).toBeNull();
    expect(parseRatio('wide')).toBeNull();
    expect(parseRatio('1:2:3')).toBeNull();
  });

  it('describes what differs from the file', () => {
    expect(describeFormat(DEFAULT_IMAGE_FORMAT, null, 1)).toBe('As the file is');
    expect(describeFormat(DEFAULT_IMAGE_FORMAT, null, 2)).toBe('pixel aspect 2.0 (file)');
    expect(
      describeFormat(
        { ...DEFAULT_IMAGE_FORMAT, pixelAspect: 2, rotation: 90, flip: true, maskOpacity: 0.5 },
        '2.39',
        1,
      ),
    ).toBe('pixel aspect 2.0, rotated 90°, flipped, mask 2.39 at 50 %');
  });
});
