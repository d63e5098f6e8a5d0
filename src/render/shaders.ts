// GLSL ES 3.0 sources: the image quad's pan/zoom transform and the color/channel pipeline.
// The order of operations is documented in docs/viewer.md and docs/color.md; keep them in step.
import { BAKE_SIZE } from './look/LookBake';
import { LOOK_GLSL, lookDefineLines, NO_LOOK, type LookDefines } from './look/lookShader';

export const VERTEX_SHADER = `#version 300 es
// Unit quad (0..1, y down) placed at u_rect (clip space: left, top, width, height); u_orient turns
// and mirrors the texture on it (the image format's rotation, flip and flop; viewTransform.ts).
in vec2 a_unit;
uniform vec4 u_rect;
uniform mat2 u_orient;
out vec2 v_uv;
void main() {
  v_uv = u_orient * (a_unit - 0.5) + 0.5;
  gl_Position = vec4(u_rect.x + a_unit.x * u_rect.z, u_rect.y - a_unit.y * u_rect.w, 0.0, 1.0);
}
`;

export const FRAGMENT_SHADER = `#version 300 es
// ADJUST (0|1: any color control off its default), CHANNEL (index into CHANNEL_MODES:
// rgb, red, green, blue, alpha, luminance) and LINEAR_INPUT (0: sRGB-encoded 8-bit texture;
// 1: scene-linear float texture, OpenEXR/DPX) are #defined per variant by fragmentShaderVariant(),
// and so are the look stages (LOOK and the rest: look/lookShader.ts) and the baked chain
// (BAKE_PASS: write the chain for one slice of lattice points; BAKED: draw through the baked
// table, look/LookBake.ts).
precision highp float;
in vec2 v_uv;
uniform sampler2D u_image;
uniform float u_exposureScale;
uniform vec3 u_gains;
uniform float u_brightness;
uniform float u_contrast;
uniform float u_saturation;
uniform float u_inverseGamma;
uniform float u_checkerSize; // device px per checkerboard cell (shows through transparent pixels)
out vec4 outColor;

const vec3 LUMA = vec3(0.2126, 0.7152, 0.0722);
const float MID_GREY = 0.18;

vec3 srgbToLinear(vec3 c) {
  return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

vec3 linearToSrgb(vec3 c) {
  c = clamp(c, 0.0, 1.0);
  return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

float linearToSrgb(float c) {
  c = clamp(c, 0.0, 1.0);
  return c <= 0.0031308 ? c * 12.92 : 1.055 * pow(c, 1.0 / 2.4) - 0.055;
}
${LOOK_GLSL}
#if BAKE_PASS
uniform float u_bakeSize;
uniform float u_bakeSlice;
#endif
#if BAKED
uniform sampler3D u_baked;
#endif
void main() {
#if BAKE_PASS
  // The lattice point this fragment stands for, as code values (red x, green y, blue the slice).
  vec4 texel = vec4(vec3(gl_FragCoord.xy - 0.5, u_bakeSlice) / (u_bakeSize - 1.0), 1.0);
#else
  vec4 texel = texture(u_image, v_uv);
#endif
#if BAKED
  // The whole chain up to the clip, looked up tetrahedrally (four texel fetches: cheaper than
  // the software GL's filtering of a half-float 3D texture, and exact along the grey axis).
  texel.a = clamp(texel.a, 0.0, 1.0);
  vec3 display = exposureAids(tetrahedral(u_baked, ${BAKE_SIZE}.0, clamp(texel.rgb, 0.0, 1.0)));
#elif LOOK
  // The source's input transform takes its code values to scene-linear Rec.709.
  texel.a = clamp(texel.a, 0.0, 1.0);
  vec3 linear = inputTransform(texel.rgb);
  vec3 display;
#elif LINEAR_INPUT
  // Scene-linear input: the grade works on it as it is; the display transform is the sRGB encode.
  texel.a = clamp(texel.a, 0.0, 1.0);
  vec3 linear = texel.rgb;
  vec3 display = linearToSrgb(linear);
#else
  vec3 display = texel.rgb;
#if ADJUST || CHANNEL == 5
  vec3 linear = srgbToLinear(texel.rgb);
#endif
#endif
#if ADJUST && !BAKED
  linear *= u_exposureScale;
  linear *= u_gains;
  linear += u_brightness;
  linear = (linear - MID_GREY) * u_contrast + MID_GREY;
  linear = mix(vec3(dot(linear, LUMA)), linear, u_saturation);
  linear = pow(max(linear, 0.0), vec3(u_inverseGamma));
#if !LOOK
  display = linearToSrgb(linear);
#endif
#endif
#if LOOK && !BAKED
#if CDL || LOOK_LUT1D || LOOK_LUT3D
  linear = lookStage(linear);
#endif
#if BAKE_PASS
  outColor = vec4(displayStage(linear), 1.0);
  return;
#endif
  display = exposureAids(displayStage(linear));
#endif

#if CHANNEL == 1
  vec3 result = vec3(display.r, 0.0, 0.0);
#elif CHANNEL == 2
  vec3 result = vec3(0.0, display.g, 0.0);
#elif CHANNEL == 3
  vec3 result = vec3(0.0, 0.0, display.b);
#elif CHANNEL == 4
  vec3 result = vec3(texel.a);
#elif CHANNEL == 5
  vec3 result = vec3(linearToSrgb(dot(linear, LUMA)));
#else
  vec2 cell = floor(gl_FragCoord.xy / u_checkerSize);
  vec3 checker = mix(vec3(0.16), vec3(0.24), mod(cell.x + cell.y, 2.0));
  vec3 result = mix(checker, display, texel.a);
#endif
  outColor = vec4(result, 1.0);
}
`;

/**
 * The fragment shader specialised for one case. Branching on uniforms costs every pixel both
 * paths on software rasterisers (SwiftShader), so the color math and channel are compiled in.
 */
export function fragmentShaderVariant(
  adjust: boolean,
  channel: number,
  linearInput = false,
  look: LookDefines = NO_LOOK,
  bake: 'none' | 'pass' | 'baked' = 'none',
): string {
  const defines = `#define ADJUST ${adjust ? 1 : 0}\n#define CHANNEL ${channel}\n#define LINEAR_INPUT ${linearInput ? 1 : 0}\n${lookDefineLines(look)}#define BAKE_PASS ${bake === 'pass' ? 1 : 0}\n#define BAKED ${bake === 'baked' ? 1 : 0}\n`;
  const firstNewline = FRAGMENT_SHADER.indexOf('\n') + 1;
  return FRAGMENT_SHADER.slice(0, firstNewline) + defines + FRAGMENT_SHADER.slice(firstNewline);
}
