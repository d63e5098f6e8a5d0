// The look stages of the fragment shader (GLSL ES 3.0), #defined per variant like the rest of
// shaders.ts: input transform, CDL and look LUT in the look space, display transform, display
// LUT, false color and zebra. Constants come from colorSpaces.ts / falseColor.ts, so the CPU
// reference (reference.ts) and the GPU compute the same thing.
import { ACESCCT, LOGC3, REC709_TO_P3D65 } from './colorSpaces';
import { FALSE_COLOR_BANDS, ZEBRA } from './falseColor';

/** Which look stages a shader variant compiles in (0 = off). */
export interface LookDefines {
  LOOK: 0 | 1;
  INPUT_CURVE: number;
  INPUT_MATRIX: 0 | 1;
  LOOK_SPACE: 0 | 1;
  CDL: 0 | 1;
  LOOK_LUT1D: 0 | 1;
  LOOK_LUT3D: 0 | 1;
  DISPLAY: number;
  DISPLAY_LUT1D: 0 | 1;
  DISPLAY_LUT3D: 0 | 1;
  /** 3D tables interpolated tetrahedrally (1) or trilinearly by the texture unit (0). */
  LUT3D_TETRA: 0 | 1;
  FALSE_COLOR: 0 | 1;
  ZEBRA: 0 | 1;
}

export const NO_LOOK: Readonly<LookDefines> = Object.freeze({
  LOOK: 0,
  INPUT_CURVE: 0,
  INPUT_MATRIX: 0,
  LOOK_SPACE: 0,
  CDL: 0,
  LOOK_LUT1D: 0,
  LOOK_LUT3D: 0,
  DISPLAY: 0,
  DISPLAY_LUT1D: 0,
  DISPLAY_LUT3D: 0,
  LUT3D_TETRA: 0,
  FALSE_COLOR: 0,
  ZEBRA: 0,
});

export function lookDefineLines(defines: LookDefines): string {
  return Object.entries(defines)
    .map(([name, value]) => `#define ${name} ${value}\n`)
    .join('');
}

const f = (value: number): string => {
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
};

const bandLines = FALSE_COLOR_BANDS.map(
  (band) =>
    `  if (luma >= ${f(band.from)} && luma < ${f(Number.isFinite(band.to) ? band.to : 1e30)}) return vec3(${band.color.map(f).join(', ')});`,
).join('\n');

const p3Columns = [0, 3, 6, 1, 4, 7, 2, 5, 8].map((i) => f(REC709_TO_P3D65[i] ?? 0)).join(', ');

/** GLSL placed before main(): uniforms and functions of the look stages. */
export const LOOK_GLSL = `
precision highp sampler3D;
uniform mat3 u_inputMatrix;
uniform vec4 u_cdlSlope;   // rgb + saturation in w
uniform vec3 u_cdlOffset;
uniform vec3 u_cdlPower;
uniform highp sampler2D u_lookLut1d;
uniform sampler3D u_lookLut3d;
uniform highp sampler2D u_displayLut1d;
uniform sampler3D u_displayLut3d;
// Per table: domain min (xyz) and size (w); domain max.
uniform vec4 u_lookLut1dMin; uniform vec3 u_lookLut1dMax;
uniform vec4 u_lookLut3dMin; uniform vec3 u_lookLut3dMax;
uniform vec4 u_displayLut1dMin; uniform vec3 u_displayLut1dMax;
uniform vec4 u_displayLut3dMin; uniform vec3 u_displayLut3dMax;

float decodeCurve(float v) {
#if INPUT_CURVE == 1
  return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
#elif INPUT_CURVE == 2
  return pow(max(v, 0.0), 2.4);
#elif INPUT_CURVE == 3
  return v <= ${f(ACESCCT.yBreak)} ? (v - ${f(ACESCCT.b)}) / ${f(ACESCCT.a)} : min(65504.0, exp2(v * 17.52 - 9.72));
#elif INPUT_CURVE == 4
  return v > ${f(LOGC3.e * LOGC3.cut + LOGC3.f)} ? (pow(10.0, (v - ${f(LOGC3.d)}) / ${f(LOGC3.c)}) - ${f(LOGC3.b)}) / ${f(LOGC3.a)} : (v - ${f(LOGC3.f)}) / ${f(LOGC3.e)};
#elif INPUT_CURVE == 5
  float code = v * 1023.0;
  return code >= 171.2102946929 ? pow(10.0, (code - 420.0) / 261.5) * 0.19 - 0.01 : (code - 95.0) * 0.01125 / (171.2102946929 - 95.0);
#else
  return v;
#endif
}

vec3 inputTransform(vec3 code) {
  vec3 linear = vec3(decodeCurve(code.r), decodeCurve(code.g), decodeCurve(code.b));
#if INPUT_MATRIX
  linear = u_inputMatrix * linear;
#endif
  return linear;
}

float acescctEncode(float v) {
  return v <= ${f(ACESCCT.xBreak)} ? ${f(ACESCCT.a)} * v + ${f(ACESCCT.b)} : (log2(v) + 9.72) / 17.52;
}
float acescctDecode(float v) {
  return v <= ${f(ACESCCT.yBreak)} ? (v - ${f(ACESCCT.b)}) / ${f(ACESCCT.a)} : min(65504.0, exp2(v * 17.52 - 9.72));
}

vec3 lut1d(highp sampler2D lut, vec4 domainMin, vec3 domainMax, vec3 v) {
  float n = domainMin.w;
  vec3 x = clamp((v - domainMin.xyz) / (domainMax - domainMin.xyz) * (n - 1.0), 0.0, n - 1.0);
  vec3 i = min(floor(x), n - 2.0);
  vec3 t = x - i;
  int width = textureSize(lut, 0).x;
  vec3 result;
  for (int c = 0; c < 3; c++) {
    int a = int(i[c]);
    float lo = texelFetch(lut, ivec2(a % width, a / width), 0)[c];
    float hi = texelFetch(lut, ivec2((a + 1) % width, (a + 1) / width), 0)[c];
    result[c] = mix(lo, hi, t[c]);
  }
  return result;
}

// Tetrahedral (OCIO's and Resolve's): the lattice cube around the point is split into six
// tetrahedra by the order of the fractions; four lattice values weighted by their differences.
// x: the point in 0..1 per axis. Texel x is red, y green, z blue (the .cube order), as in
// applyLut3dTetrahedral (reference.ts). Also the baked chain's lookup (LookBake.ts).
vec3 tetrahedral(sampler3D lut, float n, vec3 x) {
  vec3 p = x * (n - 1.0);
  vec3 i = min(floor(p), n - 2.0);
  vec3 f = p - i;
  ivec3 o = ivec3(i);
  vec3 c000 = texelFetch(lut, o, 0).rgb;
  vec3 c111 = texelFetch(lut, o + ivec3(1, 1, 1), 0).rgb;
  if (f.r > f.g) {
    if (f.g > f.b) {
      return (1.0 - f.r) * c000 + (f.r - f.g) * texelFetch(lut, o + ivec3(1, 0, 0), 0).rgb
        + (f.g - f.b) * texelFetch(lut, o + ivec3(1, 1, 0), 0).rgb + f.b * c111;
    } else if (f.r > f.b) {
      return (1.0 - f.r) * c000 + (f.r - f.b) * texelFetch(lut, o + ivec3(1, 0, 0), 0).rgb
        + (f.b - f.g) * texelFetch(lut, o + ivec3(1, 0, 1), 0).rgb + f.g * c111;
    }
    return (1.0 - f.b) * c000 + (f.b - f.r) * texelFetch(lut, o + ivec3(0, 0, 1), 0).rgb
      + (f.r - f.g) * texelFetch(lut, o + ivec3(1, 0, 1), 0).rgb + f.g * c111;
  }
  if (f.b > f.g) {
    return (1.0 - f.b) * c000 + (f.b - f.g) * texelFetch(lut, o + ivec3(0, 0, 1), 0).rgb
      + (f.g - f.r) * texelFetch(lut, o + ivec3(0, 1, 1), 0).rgb + f.r * c111;
  } else if (f.b > f.r) {
    return (1.0 - f.g) * c000 + (f.g - f.b) * texelFetch(lut, o + ivec3(0, 1, 0), 0).rgb
      + (f.b - f.r) * texelFetch(lut, o + ivec3(0, 1, 1), 0).rgb + f.r * c111;
  }
  return (1.0 - f.g) * c000 + (f.g - f.r) * texelFetch(lut, o + ivec3(0, 1, 0), 0).rgb
    + (f.r - f.b) * texelFetch(lut, o + ivec3(1, 1, 0), 0).rgb + f.b * c111;
}

vec3 lut3d(sampler3D lut, vec4 domainMin, vec3 domainMax, vec3 v) {
  float n = domainMin.w;
  vec3 x = clamp((v - domainMin.xyz) / (domainMax - domainMin.xyz), 0.0, 1.0);
#if LUT3D_TETRA
  return tetrahedral(lut, n, x);
#else
  return texture(lut, (x * (n - 1.0) + 0.5) / n).rgb;
#endif
}

vec3 lookStage(vec3 linear) {
#if LOOK_SPACE == 1
  vec3 v = vec3(acescctEncode(linear.r), acescctEncode(linear.g), acescctEncode(linear.b));
#else
  vec3 v = linear;
#endif
#if CDL
  v = v * u_cdlSlope.rgb + u_cdlOffset;
  v = vec3(
    v.r > 0.0 ? pow(v.r, u_cdlPower.r) : v.r,
    v.g > 0.0 ? pow(v.g, u_cdlPower.g) : v.g,
    v.b > 0.0 ? pow(v.b, u_cdlPower.b) : v.b);
  float cdlLuma = dot(v, LUMA);
  v = cdlLuma + u_cdlSlope.w * (v - cdlLuma);
#endif
#if LOOK_LUT1D
  v = lut1d(u_lookLut1d, u_lookLut1dMin, u_lookLut1dMax, v);
#endif
#if LOOK_LUT3D
  v = lut3d(u_lookLut3d, u_lookLut3dMin, u_lookLut3dMax, v);
#endif
#if LOOK_SPACE == 1
  v = vec3(acescctDecode(v.r), acescctDecode(v.g), acescctDecode(v.b));
#endif
  return v;
}

// Column-major: GLSL's mat3(...) fills columns.
const mat3 REC709_TO_P3 = mat3(${p3Columns});

vec3 displayStage(vec3 linear) {
#if DISPLAY == 1
  vec3 display = pow(clamp(linear, 0.0, 1.0), vec3(1.0 / 2.4));
#elif DISPLAY == 2
  vec3 display = linearToSrgb(REC709_TO_P3 * linear);
#elif DISPLAY == 3
  vec3 display = linear;
#else
  vec3 display = linearToSrgb(linear);
#endif
#if DISPLAY_LUT1D
  display = lut1d(u_displayLut1d, u_displayLut1dMin, u_displayLut1dMax, display);
#endif
#if DISPLAY_LUT3D
  display = lut3d(u_displayLut3d, u_displayLut3dMin, u_displayLut3dMax, display);
#endif
  return clamp(display, 0.0, 1.0);
}

vec3 falseColor(float luma) {
${bandLines}
  return vec3(luma);
}

vec3 exposureAids(vec3 display) {
  float luma = dot(display, LUMA);
#if FALSE_COLOR
  return falseColor(luma);
#else
#if ZEBRA
  if (luma >= ${f(ZEBRA.threshold)} && mod(floor((gl_FragCoord.x + gl_FragCoord.y) / ${f(ZEBRA.periodPx)}), 2.0) == 0.0)
    return vec3(${ZEBRA.color.map(f).join(', ')});
#endif
  return display;
#endif
}
`;
