import { describe, expect, it } from 'vitest';
import { DEFAULT_COLOR } from '../color';
import { parseCube } from './cube';
import { FALSE_COLOR_BANDS, ZEBRA } from './falseColor';
import { DEFAULT_DISPLAY, DEFAULT_SOURCE_LOOK, lookUniforms } from './lookUniforms';
import {
  applyCube,
  applyLut3d,
  applyLut3dTetrahedral,
  lookPixel,
  type ResolvedLook,
} from './reference';

const plain: ResolvedLook = {
  source: { ...DEFAULT_SOURCE_LOOK },
  display: { ...DEFAULT_DISPLAY },
  lookLut: null,
  displayLut: null,
};

describe('lookPixel', () => {
  it('leaves an 8-bit sRGB picture as it is with the default look', () => {
    const out = lookPixel([0.2, 0.5, 0.9], false, DEFAULT_COLOR, plain);
    out.forEach((v, c) => expect(v).toBeCloseTo([0.2, 0.5, 0.9][c] ?? 0, 10));
  });

  it('encodes float (scene-linear) sources for the sRGB display', () => {
    expect(lookPixel([0.18, 0.18, 0.18], true, DEFAULT_COLOR, plain)[0]).toBeCloseTo(0.4614, 3);
  });

  it('applies the CDL before the LUT, both in the look space', () => {
    const invert = parseCube('LUT_1D_SIZE 2\n1 1 1\n0 0 0\n');
    const look: ResolvedLook = {
      ...plain,
      source: {
        inputSpace: 'linear-rec709',
        lookSpace: 'linear',
        cdl: { slope: [0.5, 0.5, 0.5], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1 },
        lut: { id: 'a'.repeat(64), name: 'invert.cube' },
      },
      display: { ...DEFAULT_DISPLAY, transform: 'none' },
      lookLut: invert,
    };
    // 0.8 → CDL 0.4 → inverted 0.6 (the other order would give 0.1).
    expect(lookPixel([0.8, 0.8, 0.8], false, DEFAULT_COLOR, look)[0]).toBeCloseTo(0.6, 10);
  });

  it('paints false color bands and zebra stripes from the display luma', () => {
    const aids = (display: Partial<ResolvedLook['display']>) => ({
      ...plain,
      display: { ...DEFAULT_DISPLAY, ...display },
    });
    const grey = FALSE_COLOR_BANDS.find((band) => band.meaning.startsWith('18 %'));
    expect(lookPixel([0.4, 0.4, 0.4], false, DEFAULT_COLOR, aids({ falseColor: true }))).toEqual(
      grey?.color,
    );
    expect(lookPixel([1, 1, 1], false, DEFAULT_COLOR, aids({ falseColor: true }))).toEqual([
      1, 0, 0,
    ]);
    expect(lookPixel([0.7, 0.7, 0.7], false, DEFAULT_COLOR, aids({ falseColor: true }))).toEqual(
      [0.7, 0.7, 0.7].map((v) => expect.closeTo(v, 6)),
    );
    const zebra = aids({ zebra: true });
    const striped = lookPixel([1, 1, 1], false, DEFAULT_COLOR, zebra, { x: 0.5, y: 0.5 });
    const between = lookPixel([1, 1, 1], false, DEFAULT_COLOR, zebra, {
      x: ZEBRA.periodPx + 0.5,
      y: 0.5,
    });
    expect(striped).toEqual([...ZEBRA.color]);
    expect(between).toEqual([1, 1, 1].map((v) => expect.closeTo(v, 6)));
    expect(lookPixel([0.5, 0.5, 0.5], false, DEFAULT_COLOR, zebra)).toEqual(
      [0.5, 0.5, 0.5].map((v) => expect.closeTo(v, 10)),
    );
  });
});

describe('lookUniforms', () => {
  it('compiles the plain viewer for a look that changes nothing', () => {
    expect(lookUniforms(plain, false).defines.LOOK).toBe(0);
    expect(lookUniforms(plain, true).defines.LOOK).toBe(0);
    // sRGB input on a float source is a change (it decodes the values).
    const srgb = { ...plain, source: { ...plain.source, inputSpace: 'srgb' as const } };
    expect(lookUniforms(srgb, true).defines).toMatchObject({ LOOK: 1, INPUT_CURVE: 1 });
  });

  it('turns on exactly the stages in use', () => {
    const lut = parseCube('LUT_3D_SIZE 2\n' + '0 0 0\n'.repeat(8));
    const look: ResolvedLook = {
      source: {
        inputSpace: 'arri-logc3',
        lookSpace: 'acescct',
        lut: { id: 'b'.repeat(64), name: 'x.cube' },
      },
      display: { transform: 'p3', falseColor: false, zebra: true },
      lookLut: lut,
      displayLut: null,
    };
    const u = lookUniforms(look, false);
    expect(u.defines).toEqual({
      LOOK: 1,
      INPUT_CURVE: 4,
      INPUT_MATRIX: 1,
      LOOK_SPACE: 1,
      CDL: 0,
      LOOK_LUT1D: 0,
      LOOK_LUT3D: 1,
      DISPLAY: 2,
      DISPLAY_LUT1D: 0,
      DISPLAY_LUT3D: 0,
      LUT3D_TETRA: 1,
      FALSE_COLOR: 0,
      ZEBRA: 1,
    });
    const trilinear = {
      ...look,
      display: { ...look.display, interpolation: 'trilinear' as const },
    };
    expect(lookUniforms(trilinear, false).defines.LUT3D_TETRA).toBe(0);
    expect(u.lookLut3d).toBe(lut.lut3d);
    // A LUT named in the look but not read yet is left out rather than drawn as garbage.
    expect(lookUniforms({ ...look, lookLut: null }, false).defines.LOOK_LUT3D).toBe(0);
  });
});

/** A 3D .cube whose value at (r, g, b) is `f(r, g, b)` on an n³ lattice over 0..1. */
function cubeOf(n: number, f: (r: number, g: number, b: number) => number[]): string {
  const lines = [`LUT_3D_SIZE ${n}`];
  for (let b = 0; b < n; b++)
    for (let g = 0; g < n; g++)
      for (let r = 0; r < n; r++) lines.push(f(r / (n - 1), g / (n - 1), b / (n - 1)).join(' '));
  return `${lines.join('\n')}\n`;
}

describe('3D LUT interpolation', () => {
  // Only the (1, 1, 1) corner is lit: each interpolation's weight for it is plain to see.
  const corner = parseCube(cubeOf(2, (r, g, b) => [r * g * b, r * g * b, r * g * b])).lut3d;
  if (!corner) throw new Error('no 3D table');

  it('weights the far corner by the smallest fraction (tetrahedral), not their product', () => {
    expect(applyLut3dTetrahedral(corner, [0.5, 0.5, 0.5])[0]).toBeCloseTo(0.5, 12);
    expect(applyLut3d(corner, [0.5, 0.5, 0.5])[0]).toBeCloseTo(0.125, 12);
    // Each of the six orderings of the fractions (each tetrahedron) picks the smallest.
    for (const p of [
      [0.9, 0.6, 0.2],
      [0.9, 0.2, 0.6],
      [0.6, 0.2, 0.9],
      [0.2, 0.6, 0.9],
      [0.6, 0.9, 0.2],
      [0.2, 0.9, 0.6],
    ])
      expect(applyLut3dTetrahedral(corner, p)[0]).toBeCloseTo(0.2, 12);
  });

  it('is exact on the lattice and for affine tables, and follows the domain', () => {
    const n = 5;
    const affine = (r: number, g: number, b: number) => [
      0.1 + 0.5 * r + 0.2 * g,
      0.3 * b - 0.1 * r + 0.2,
      0.7 * g + 0.05,
    ];
    const table = parseCube(cubeOf(n, affine)).lut3d;
    if (!table) throw new Error('no 3D table');
    for (const p of [
      [0.25, 0.5, 0.75],
      [0.13, 0.91, 0.42],
      [1, 0, 0.5],
      [0.999, 0.001, 0.5],
    ]) {
      const tetra = applyLut3dTetrahedral(table, p);
      const [r, g, b] = p as [number, number, number];
      tetra.forEach((v, c) => expect(v).toBeCloseTo(affine(r, g, b)[c] ?? 0, 6));
    }
    // Outside the domain: clamped to its edge, as the shader's clamp does.
    const edge = applyLut3dTetrahedral(table, [1.5, -1, 0.5]);
    edge.forEach((v, c) => expect(v).toBeCloseTo(affine(1, 0, 0.5)[c] ?? 0, 6));
    const wide = parseCube(`DOMAIN_MIN 0 0 0\nDOMAIN_MAX 2 2 2\n${cubeOf(2, (r) => [r, r, r])}`);
    expect(applyCube(wide, [1, 1, 1])[0]).toBeCloseTo(0.5, 6);
  });

  it('is the default in lookPixel; the display setting picks trilinear', () => {
    const cube = parseCube(cubeOf(2, (r, g, b) => [r * g * b, r * g * b, r * g * b]));
    const look = (interpolation?: 'trilinear' | 'tetrahedral'): ResolvedLook => ({
      source: {
        inputSpace: 'linear-rec709',
        lookSpace: 'linear',
        lut: { id: 'c'.repeat(64), name: 'corner.cube' },
      },
      display: {
        ...DEFAULT_DISPLAY,
        transform: 'none',
        ...(interpolation ? { interpolation } : {}),
      },
      lookLut: cube,
      displayLut: null,
    });
    const at = (l: ResolvedLook) => lookPixel([0.5, 0.5, 0.5], false, DEFAULT_COLOR, l)[0];
    expect(at(look())).toBeCloseTo(0.5, 6);
    expect(at(look('tetrahedral'))).toBeCloseTo(0.5, 6);
    expect(at(look('trilinear'))).toBeCloseTo(0.125, 6);
  });
});
