import { describe, expect, it } from 'vitest';
import {
  acescctDecode,
  acescctEncode,
  applyMatrix,
  displayEncode,
  INPUT_SPACES,
  logc3Decode,
  slog3Decode,
  srgbDecode,
  srgbEncode,
} from './colorSpaces';

describe('color spaces', () => {
  it('decodes the published log curves at their reference points', () => {
    // ARRI: 18 % grey is LogC3 (EI 800) code 0.391007; S-Log3: code 420/1023; ACEScct: 0.4135884.
    expect(logc3Decode(0.391007)).toBeCloseTo(0.18, 4);
    expect(slog3Decode(420 / 1023)).toBeCloseTo(0.18, 6);
    expect(acescctDecode(0.4135884)).toBeCloseTo(0.18, 5);
    expect(acescctEncode(acescctDecode(0.1))).toBeCloseTo(0.1, 10);
    expect(acescctEncode(0.001)).toBeCloseTo(10.5402377416545 * 0.001 + 0.0729055341958355, 10);
  });

  it('keeps white white through every gamut matrix', () => {
    for (const [name, space] of Object.entries(INPUT_SPACES)) {
      if (!space.matrix) continue;
      const white = applyMatrix(space.matrix, [1, 1, 1]);
      for (const v of white) expect(v, name).toBeCloseTo(1, 3);
    }
  });

  it('encodes for each display', () => {
    expect(srgbDecode(srgbEncode(0.18))).toBeCloseTo(0.18, 10);
    expect(displayEncode('rec709', [0.18, 0, 1])[0]).toBeCloseTo(Math.pow(0.18, 1 / 2.4), 10);
    // Rec.709 red sits inside P3: less than full P3 red, some green.
    const red = displayEncode('p3', [1, 0, 0]);
    expect(red[0]).toBeLessThan(1);
    expect(red[1]).toBeGreaterThan(0);
    expect(displayEncode('p3', [1, 1, 1]).map((v) => Number(v.toFixed(3)))).toEqual([1, 1, 1]);
    expect(displayEncode('none', [2, -1, 0.5])).toEqual([2, -1, 0.5]);
  });
});
