// The color spaces of the look pipeline: each input space's transfer curve (code value → linear)
// and gamut matrix (→ linear Rec.709, the working space), the ACEScct look space, and the display
// transforms. The CPU reference (reference.ts) uses these functions, the shader (lookShader.ts)
// the same constants; docs/color.md cites the published formulas.
import type { DisplayTransform, InputColorSpace } from '../../protocol/index';

export type Mat3 = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/** Row-major 3×3 product a·b. */
export function multiply(a: Mat3, b: Mat3): Mat3 {
  const out: number[] = [];
  for (let r = 0; r < 3; r += 1)
    for (let c = 0; c < 3; c += 1)
      out.push(
        (a[r * 3] ?? 0) * (b[c] ?? 0) +
          (a[r * 3 + 1] ?? 0) * (b[3 + c] ?? 0) +
          (a[r * 3 + 2] ?? 0) * (b[6 + c] ?? 0),
      );
  return out as unknown as Mat3;
}

export function applyMatrix(m: Mat3, rgb: readonly number[]): [number, number, number] {
  const [r = 0, g = 0, b = 0] = rgb;
  return [
    m[0] * r + m[1] * g + m[2] * b,
    m[3] * r + m[4] * g + m[5] * b,
    m[6] * r + m[7] * g + m[8] * b,
  ];
}

// Primaries to CIE XYZ (D65 white unless noted): ITU-R BT.709, ARRI Wide Gamut 3 (ALEXA LogC
// white paper), Sony S-Gamut3 (S-Log3 technical summary), SMPTE EG 432-1 (P3-D65).
const REC709_TO_XYZ: Mat3 = [
  0.4123908, 0.3575843, 0.1804808, 0.212639, 0.7151687, 0.0721923, 0.0193308, 0.1191948, 0.9505322,
];
const XYZ_TO_REC709: Mat3 = [
  3.2409699, -1.5373832, -0.4986108, -0.9692436, 1.8759675, 0.0415551, 0.0556301, -0.203977,
  1.0569715,
];
const AWG3_TO_XYZ: Mat3 = [
  0.638008, 0.214704, 0.097744, 0.291954, 0.823841, -0.115795, 0.002798, -0.067034, 1.153294,
];
const SGAMUT3_TO_XYZ: Mat3 = [
  0.7064827132, 0.1288010498, 0.1151721641, 0.2709796708, 0.7866064112, -0.057586082, -0.0096778454,
  0.0046000375, 1.0941355587,
];
const XYZ_TO_P3D65: Mat3 = [
  2.4934969, -0.9313836, -0.4027108, -0.829489, 1.7626641, 0.0236247, 0.0358458, -0.0761724,
  0.9568845,
];
/** ACES AP1 (ACEScg) and AP0 (ACES2065-1) to Rec.709 with the Bradford D60→D65 adaptation (OCIO). */
const AP1_TO_REC709: Mat3 = [
  1.7050509, -0.6217921, -0.0832588, -0.1302564, 1.1408047, -0.0105483, -0.0240033, -0.1289689,
  1.1529722,
];
const AP0_TO_REC709: Mat3 = [
  2.5216861, -1.1341309, -0.3875553, -0.2764799, 1.372719, -0.0962391, -0.015378, -0.1529753,
  1.1683533,
];
export const REC709_TO_P3D65: Mat3 = multiply(XYZ_TO_P3D65, REC709_TO_XYZ);

/** The transfer curve of an input space: code value → linear (per channel). */
export type InputCurve = 'linear' | 'srgb' | 'bt1886' | 'acescct' | 'logc3' | 'slog3';

export interface InputSpaceDef {
  label: string;
  curve: InputCurve;
  /** To linear Rec.709; null when the primaries already are Rec.709. */
  matrix: Mat3 | null;
}

export const INPUT_SPACES: Readonly<Record<Exclude<InputColorSpace, 'auto'>, InputSpaceDef>> = {
  srgb: { label: 'sRGB', curve: 'srgb', matrix: null },
  rec709: { label: 'Rec.709 (BT.1886, gamma 2.4)', curve: 'bt1886', matrix: null },
  'linear-rec709': { label: 'Linear Rec.709', curve: 'linear', matrix: null },
  acescg: { label: 'ACEScg (linear AP1)', curve: 'linear', matrix: AP1_TO_REC709 },
  'aces2065-1': { label: 'ACES2065-1 (linear AP0)', curve: 'linear', matrix: AP0_TO_REC709 },
  acescct: { label: 'ACEScct (log AP1)', curve: 'acescct', matrix: AP1_TO_REC709 },
  'arri-logc3': {
    label: 'ARRI LogC3 (EI 800, AWG3)',
    curve: 'logc3',
    matrix: multiply(XYZ_TO_REC709, AWG3_TO_XYZ),
  },
  'sony-slog3': {
    label: 'Sony S-Log3 (S-Gamut3)',
    curve: 'slog3',
    matrix: multiply(XYZ_TO_REC709, SGAMUT3_TO_XYZ),
  },
};

export const INPUT_SPACE_NAMES = ['auto', ...Object.keys(INPUT_SPACES)] as InputColorSpace[];

/** 'auto': sRGB for 8-bit pictures (video, PNG, JPEG), linear Rec.709 for float (EXR, DPX). */
export function resolveInputSpace(
  space: InputColorSpace,
  floatSource: boolean,
): Exclude<InputColorSpace, 'auto'> {
  if (space !== 'auto') return space;
  return floatSource ? 'linear-rec709' : 'srgb';
}

export const DISPLAY_TRANSFORMS: Readonly<Record<DisplayTransform, string>> = {
  srgb: 'sRGB',
  rec709: 'Rec.709 (BT.1886)',
  p3: 'Display P3',
  none: 'None (a display LUT does it)',
};

// ARRI LogC3 at EI 800 (ALEXA Log C curve, usage in VFX).
export const LOGC3 = {
  cut: 0.010591,
  a: 5.555556,
  b: 0.052272,
  c: 0.24719,
  d: 0.385537,
  e: 5.367655,
  f: 0.092809,
} as const;
// ACEScct (S-2016-001).
export const ACESCCT = {
  xBreak: 0.0078125,
  yBreak: 0.155251141552511,
  a: 10.5402377416545,
  b: 0.0729055341958355,
} as const;

export function srgbDecode(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}
export function srgbEncode(v: number): number {
  const c = Math.min(1, Math.max(0, v));
  return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
}
export function acescctDecode(v: number): number {
  if (v <= ACESCCT.yBreak) return (v - ACESCCT.b) / ACESCCT.a;
  return Math.min(65504, Math.pow(2, v * 17.52 - 9.72));
}
export function acescctEncode(v: number): number {
  if (v <= ACESCCT.xBreak) return ACESCCT.a * v + ACESCCT.b;
  return (Math.log2(v) + 9.72) / 17.52;
}
export function logc3Decode(v: number): number {
  const { cut, a, b, c, d, e, f } = LOGC3;
  return v > e * cut + f ? (Math.pow(10, (v - d) / c) - b) / a : (v - f) / e;
}
export function slog3Decode(v: number): number {
  const code = v * 1023;
  return code >= 171.2102946929
    ? Math.pow(10, (code - 420) / 261.5) * 0.19 - 0.01
    : ((code - 95) * 0.01125) / (171.2102946929 - 95);
}

export function decodeCurve(curve: InputCurve, v: number): number {
  switch (curve) {
    case 'linear':
      return v;
    case 'srgb':
      return srgbDecode(v);
    case 'bt1886':
      return Math.pow(Math.max(0, v), 2.4);
    case 'acescct':
      return acescctDecode(v);
    case 'logc3':
      return logc3Decode(v);
    case 'slog3':
      return slog3Decode(v);
  }
}

/** Linear Rec.709 → display code values 0..1 ('none': unchanged, for a display LUT to map). */
export function displayEncode(transform: DisplayTransform, rgb: readonly number[]): number[] {
  switch (transform) {
    case 'srgb':
      return rgb.map(srgbEncode);
    case 'rec709':
      return rgb.map((v) => Math.pow(Math.min(1, Math.max(0, v)), 1 / 2.4));
    case 'p3':
      return applyMatrix(REC709_TO_P3D65, rgb).map(srgbEncode);
    case 'none':
      return [...rgb];
  }
}
