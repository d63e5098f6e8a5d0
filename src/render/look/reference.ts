// The CPU reference of the viewer's whole color pipeline for one pixel, step for step what the
// fragment shader does (shaders.ts + lookShader.ts): input transform, grade controls, CDL and
// look LUT in the look space, display transform, display LUT, false color and zebra. Tests and
// the e2e comparison check the GPU's pixels against it.
import type { DisplaySettings, LutInterpolation, SourceLook } from '../../protocol/index';
import { colorUniforms, REC709_LUMA, MID_GREY, type ColorAdjustments } from '../color';
import type { Cdl } from './cdl';
import {
  acescctDecode,
  acescctEncode,
  applyMatrix,
  decodeCurve,
  displayEncode,
  INPUT_SPACES,
  resolveInputSpace,
} from './colorSpaces';
import type { CubeLut, LutTable } from './cube';
import { falseColor, ZEBRA } from './falseColor';

export type Rgb = [number, number, number];

/** Everything the pipeline needs for one source, with its LUTs already read. */
export interface ResolvedLook {
  source: SourceLook;
  display: DisplaySettings;
  lookLut: CubeLut | null;
  displayLut: CubeLut | null;
}

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));
const at = (data: Float32Array, i: number): number => data[i] ?? 0;

export function applyLut1d(table: LutTable, rgb: readonly number[]): Rgb {
  const n = table.size;
  const out: number[] = [];
  for (let c = 0; c < 3; c += 1) {
    const min = table.domainMin[c] ?? 0;
    const max = table.domainMax[c] ?? 1;
    const x = clamp((((rgb[c] ?? 0) - min) / (max - min)) * (n - 1), 0, n - 1);
    const i = Math.min(Math.floor(x), n - 2);
    const f = x - i;
    out.push(at(table.data, i * 3 + c) * (1 - f) + at(table.data, (i + 1) * 3 + c) * f);
  }
  return out as Rgb;
}

/** Trilinear interpolation in a 3D table (what the GPU's LINEAR filter of a 3D texture does). */
export function applyLut3d(table: LutTable, rgb: readonly number[]): Rgb {
  const n = table.size;
  const p = [0, 1, 2].map((c) => {
    const min = table.domainMin[c] ?? 0;
    const max = table.domainMax[c] ?? 1;
    return clamp((((rgb[c] ?? 0) - min) / (max - min)) * (n - 1), 0, n - 1);
  });
  const i0 = p.map((x) => Math.min(Math.floor(x), n - 2));
  const f = p.map((x, c) => x - (i0[c] ?? 0));
  const out = [0, 0, 0];
  for (let corner = 0; corner < 8; corner += 1) {
    const dr = corner & 1;
    const dg = (corner >> 1) & 1;
    const db = (corner >> 2) & 1;
    const weight =
      (dr ? (f[0] ?? 0) : 1 - (f[0] ?? 0)) *
      (dg ? (f[1] ?? 0) : 1 - (f[1] ?? 0)) *
      (db ? (f[2] ?? 0) : 1 - (f[2] ?? 0));
    const index = (((i0[2] ?? 0) + db) * n + (i0[1] ?? 0) + dg) * n + (i0[0] ?? 0) + dr;
    for (let c = 0; c < 3; c += 1) out[c] = (out[c] ?? 0) + weight * at(table.data, index * 3 + c);
  }
  return out as Rgb;
}

/**
 * Tetrahedral interpolation in a 3D table (OCIO's INTERP_TETRAHEDRAL, Resolve's default): the
 * lattice cube around the point is cut into six tetrahedra along its main diagonal; the one
 * holding the point is picked by the order of the fractions and its four corners are weighted
 * by their differences. Exact on the lattice and along the grey axis; fewer hue shifts than
 * trilinear between lattice points. The shader does the same (lookShader.ts).
 */
export function applyLut3dTetrahedral(table: LutTable, rgb: readonly number[]): Rgb {
  const n = table.size;
  const p = [0, 1, 2].map((c) => {
    const min = table.domainMin[c] ?? 0;
    const max = table.domainMax[c] ?? 1;
    return clamp((((rgb[c] ?? 0) - min) / (max - min)) * (n - 1), 0, n - 1);
  });
  const [ir, ig, ib] = p.map((x) => Math.min(Math.floor(x), n - 2)) as Rgb;
  const [fr, fg, fb] = [(p[0] ?? 0) - ir, (p[1] ?? 0) - ig, (p[2] ?? 0) - ib];
  const corner = (dr: number, dg: number, db: number): Rgb => {
    const index = ((ib + db) * n + ig + dg) * n + ir + dr;
    return [
      at(table.data, index * 3),
      at(table.data, index * 3 + 1),
      at(table.data, index * 3 + 2),
    ];
  };
  // [corner, weight] × 4, by which of the six tetrahedra holds the point.
  let parts: Array<[Rgb, number]>;
  if (fr > fg) {
    if (fg > fb)
      parts = [
        [corner(1, 0, 0), fr - fg],
        [corner(1, 1, 0), fg - fb],
        [corner(1, 1, 1), fb],
      ];
    else if (fr > fb)
      parts = [
        [corner(1, 0, 0), fr - fb],
        [corner(1, 0, 1), fb - fg],
        [corner(1, 1, 1), fg],
      ];
    else
      parts = [
        [corner(0, 0, 1), fb - fr],
        [corner(1, 0, 1), fr - fg],
        [corner(1, 1, 1), fg],
      ];
    parts.push([corner(0, 0, 0), 1 - Math.max(fr, fb)]);
  } else {
    if (fb > fg)
      parts = [
        [corner(0, 0, 1), fb - fg],
        [corner(0, 1, 1), fg - fr],
        [corner(1, 1, 1), fr],
      ];
    else if (fb > fr)
      parts = [
        [corner(0, 1, 0), fg - fb],
        [corner(0, 1, 1), fb - fr],
        [corner(1, 1, 1), fr],
      ];
    else
      parts = [
        [corner(0, 1, 0), fg - fr],
        [corner(1, 1, 0), fr - fb],
        [corner(1, 1, 1), fb],
      ];
    parts.push([corner(0, 0, 0), 1 - Math.max(fg, fb)]);
  }
  const out: Rgb = [0, 0, 0];
  for (const [value, weight] of parts) {
    out[0] += weight * value[0];
    out[1] += weight * value[1];
    out[2] += weight * value[2];
  }
  return out;
}

export function applyCube(
  lut: CubeLut,
  rgb: readonly number[],
  interpolation: LutInterpolation = 'tetrahedral',
): Rgb {
  let value: Rgb = [rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0];
  if (lut.lut1d) value = applyLut1d(lut.lut1d, value);
  if (lut.lut3d)
    value =
      interpolation === 'trilinear'
        ? applyLut3d(lut.lut3d, value)
        : applyLut3dTetrahedral(lut.lut3d, value);
  return value;
}

/** ASC CDL without clamps (OCIO's no-clamp style): scene-linear values above 1 survive. */
export function applyCdl(cdl: Cdl, rgb: readonly number[]): Rgb {
  const sop = [0, 1, 2].map((c) => {
    const v = (rgb[c] ?? 0) * (cdl.slope[c] ?? 1) + (cdl.offset[c] ?? 0);
    return v > 0 ? Math.pow(v, cdl.power[c] ?? 1) : v;
  });
  const luma =
    REC709_LUMA[0] * (sop[0] ?? 0) +
    REC709_LUMA[1] * (sop[1] ?? 0) +
    REC709_LUMA[2] * (sop[2] ?? 0);
  return sop.map((v) => luma + cdl.saturation * (v - luma)) as Rgb;
}

/** The seven grade controls, as the shader's ADJUST block applies them (scene-linear). */
export function applyGrade(color: ColorAdjustments, rgb: readonly number[]): Rgb {
  const u = colorUniforms(color, 'rgb');
  let v = rgb.map((x, c) => x * u.exposureScale * (u.gains[c] ?? 1) + u.brightness);
  v = v.map((x) => (x - MID_GREY) * u.contrast + MID_GREY);
  const luma =
    REC709_LUMA[0] * (v[0] ?? 0) + REC709_LUMA[1] * (v[1] ?? 0) + REC709_LUMA[2] * (v[2] ?? 0);
  v = v.map((x) => luma + (x - luma) * u.saturation);
  return v.map((x) => Math.pow(Math.max(x, 0), u.inverseGamma)) as Rgb;
}

/**
 * One pixel's display values (0..1) for code values `texel` (0..1 for 8-bit pictures, as stored
 * for float ones). `position` (device px, y up as gl_FragCoord) places the zebra stripes.
 */
export function lookPixel(
  texel: readonly number[],
  floatSource: boolean,
  color: ColorAdjustments,
  look: ResolvedLook,
  position: { x: number; y: number } = { x: 0.5, y: 0.5 },
): Rgb {
  const space = INPUT_SPACES[resolveInputSpace(look.source.inputSpace, floatSource)];
  const interpolation = look.display.interpolation ?? 'tetrahedral';
  const decoded = texel.slice(0, 3).map((v) => decodeCurve(space.curve, v));
  let linear: Rgb = space.matrix ? applyMatrix(space.matrix, decoded) : (decoded as Rgb);
  // As the shader: the grade block is compiled in only when a control is off its default.
  if (colorUniforms(color, 'rgb').adjust) linear = applyGrade(color, linear);
  const { cdl, lut } = look.source;
  if (cdl || (lut && look.lookLut)) {
    const acescct = look.source.lookSpace === 'acescct';
    let v: Rgb = acescct ? (linear.map(acescctEncode) as Rgb) : linear;
    if (cdl) v = applyCdl(cdl, v);
    if (look.lookLut) v = applyCube(look.lookLut, v, interpolation);
    linear = acescct ? (v.map(acescctDecode) as Rgb) : v;
  }
  let display = displayEncode(look.display.transform, linear);
  if (look.displayLut) display = applyCube(look.displayLut, display, interpolation);
  const out = display.map((v) => clamp(v, 0, 1)) as Rgb;
  const luma = REC709_LUMA[0] * out[0] + REC709_LUMA[1] * out[1] + REC709_LUMA[2] * out[2];
  if (look.display.falseColor) return falseColor(luma);
  if (look.display.zebra && luma >= ZEBRA.threshold) {
    const stripe = Math.floor((position.x + position.y) / ZEBRA.periodPx) % 2 === 0;
    if (stripe) return [...ZEBRA.color] as Rgb;
  }
  return out;
}
