// When the color chain is baked into one 3D table, and what makes it bake again: the GPU side
// (src/render/BakedLook.ts, the BAKE_PASS shader) is checked against the CPU reference in
// e2e/color-looks.spec.ts, which also sees that the table was baked.
import { describe, expect, it } from 'vitest';
import { colorUniforms, DEFAULT_COLOR } from '../color';
import { parseCube } from './cube';
import { bakeKey, canBake } from './LookBake';
import { DEFAULT_DISPLAY, DEFAULT_SOURCE_LOOK, lookUniforms } from './lookUniforms';
import type { ResolvedLook } from './reference';

const CDL = { slope: [1.1, 1, 0.9], offset: [0, 0.01, 0], power: [1, 1.2, 1], saturation: 0.9 };
const withCdl: ResolvedLook = {
  source: { ...DEFAULT_SOURCE_LOOK, cdl: CDL },
  display: { ...DEFAULT_DISPLAY },
  lookLut: null,
  displayLut: null,
};
const options = { linearInput: false, channel: 0, renderableHalfFloat: true };
const plainColor = colorUniforms(DEFAULT_COLOR, 'rgb');

describe('canBake', () => {
  it('bakes an 8-bit source with a CDL or a LUT in its chain', () => {
    expect(canBake(lookUniforms(withCdl, false), options)).toBe(true);
    const lut = parseCube('LUT_3D_SIZE 2\n' + '0 0 0\n'.repeat(8));
    const display: ResolvedLook = {
      ...withCdl,
      source: { ...DEFAULT_SOURCE_LOOK },
      display: { ...DEFAULT_DISPLAY, lut: { id: 'd'.repeat(64), name: 'view.cube' } },
      displayLut: lut,
    };
    expect(canBake(lookUniforms(display, false), options)).toBe(true);
  });

  it('keeps the per-pixel chain where a table cannot hold it or gains nothing', () => {
    const look = lookUniforms(withCdl, false);
    // Float sources are unbounded; the luminance view reads linear values; no float targets.
    expect(canBake(lookUniforms(withCdl, true), { ...options, linearInput: true })).toBe(false);
    expect(canBake(look, { ...options, channel: 5 })).toBe(false);
    expect(canBake(look, { ...options, renderableHalfFloat: false })).toBe(false);
    // Only a view transform and aids: already cheap per pixel.
    const aids: ResolvedLook = {
      ...withCdl,
      source: { ...DEFAULT_SOURCE_LOOK },
      display: { transform: 'rec709', falseColor: true, zebra: false },
    };
    expect(canBake(lookUniforms(aids, false), options)).toBe(false);
  });
});

describe('bakeKey', () => {
  const key = (look: ResolvedLook, color = plainColor) => bakeKey(lookUniforms(look, false), color);

  it('changes with everything in the chain', () => {
    const base = key(withCdl);
    expect(
      key({ ...withCdl, source: { ...withCdl.source, cdl: { ...CDL, saturation: 1 } } }),
    ).not.toBe(base);
    expect(key(withCdl, colorUniforms({ ...DEFAULT_COLOR, exposure: 0.5 }, 'rgb'))).not.toBe(base);
    expect(key({ ...withCdl, display: { ...withCdl.display, transform: 'p3' } })).not.toBe(base);
    expect(key({ ...withCdl, source: { ...withCdl.source, inputSpace: 'rec709' } })).not.toBe(base);
    // Another table object (another LUT file) is another key, the same one is not.
    const text = 'LUT_3D_SIZE 2\n' + '0 0 0\n'.repeat(8);
    const lut = (table: ReturnType<typeof parseCube>): ResolvedLook => ({
      ...withCdl,
      source: { ...withCdl.source, lut: { id: 'e'.repeat(64), name: 'a.cube' } },
      lookLut: table,
    });
    const first = parseCube(text);
    expect(key(lut(first))).toBe(key(lut(first)));
    expect(key(lut(first))).not.toBe(key(lut(parseCube(text))));
  });

  it('stays the same for false color and zebra (they run after the table)', () => {
    const aids = { ...withCdl, display: { ...withCdl.display, falseColor: true, zebra: true } };
    expect(key(aids)).toBe(key(withCdl));
  });
});
