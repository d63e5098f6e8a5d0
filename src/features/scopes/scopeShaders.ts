// GLSL ES 3.0 for the scopes: every sample texel becomes one point (one per channel for the
// histogram and parade, through instancing) scattered into a float count grid with additive
// blending. The bin arithmetic is scopeMath.ts's, written again in GLSL; keep the two in step.
import { CB_SCALE, CR_SCALE, LEVELS, LUMA_709, SCOPE_GRID, WAVE_COLUMNS } from './scopeMath';
import type { ScopeKind } from './scopeMath';

const KIND_INDEX: Record<ScopeKind, number> = {
  histogram: 0,
  waveform: 1,
  parade: 2,
  vectorscope: 3,
};

/** Instances per sample texel: one per counted channel. */
export const SCOPE_INSTANCES: Record<ScopeKind, number> = {
  histogram: 4,
  waveform: 1,
  parade: 3,
  vectorscope: 1,
};

const glslFloat = (value: number): string =>
  Number.isInteger(value) ? `${value}.0` : String(value);

const SCATTER_VERTEX = `#version 300 es
precision highp float;
precision highp int;
uniform sampler2D u_sample;
uniform ivec2 u_sampleSize;
out vec4 v_mask;

const float LEVELS = ${glslFloat(LEVELS)};
const float WAVE_COLUMNS = ${glslFloat(WAVE_COLUMNS)};
const vec3 LUMA = vec3(${LUMA_709.map(glslFloat).join(', ')});

float levelBin(float value) {
  return clamp(floor(value * LEVELS), 0.0, LEVELS - 1.0);
}

float waveColumn(int x) {
  return min(WAVE_COLUMNS - 1.0, floor((float(x) + 0.5) * WAVE_COLUMNS / float(u_sampleSize.x)));
}

float luma(vec3 c) {
  return c.r * LUMA.r + c.g * LUMA.g + c.b * LUMA.b;
}

void main() {
  int x = gl_VertexID % u_sampleSize.x;
  int y = gl_VertexID / u_sampleSize.x;
  vec3 rgb = texelFetch(u_sample, ivec2(x, y), 0).rgb;
  int channel = gl_InstanceID;
  vec2 cell;
  v_mask = vec4(1.0);
#if KIND == 0
  float value = channel < 3 ? rgb[channel] : luma(rgb);
  cell = vec2(levelBin(value), 0.0);
  v_mask = vec4(equal(ivec4(0, 1, 2, 3), ivec4(channel)));
#elif KIND == 1
  cell = vec2(waveColumn(x), levelBin(luma(rgb)));
#elif KIND == 2
  cell = vec2(float(channel) * WAVE_COLUMNS + waveColumn(x), levelBin(rgb[channel]));
  v_mask = vec4(equal(ivec4(0, 1, 2, 3), ivec4(channel)));
#else
  float y709 = luma(rgb);
  float cb = (rgb.b - y709) / ${glslFloat(CB_SCALE)};
  float cr = (rgb.r - y709) / ${glslFloat(CR_SCALE)};
  cell = vec2(levelBin(cb + 0.5), levelBin(cr + 0.5));
#endif
  gl_Position = vec4((cell + 0.5) / vec2(GRID) * 2.0 - 1.0, 0.0, 1.0);
  gl_PointSize = 1.0;
}
`;

const SCATTER_FRAGMENT = `#version 300 es
precision highp float;
in vec4 v_mask;
out vec4 outCount;
void main() {
  outCount = v_mask;
}
`;

/** The scatter program's sources for one scope (its kind and grid compiled in). */
export function scatterSources(kind: ScopeKind): { vertex: string; fragment: string } {
  const grid = SCOPE_GRID[kind];
  const defines = `#define KIND ${KIND_INDEX[kind]}\n#define GRID ${glslFloat(grid.columns)}, ${glslFloat(grid.rows)}\n`;
  const firstNewline = SCATTER_VERTEX.indexOf('\n') + 1;
  return {
    vertex: SCATTER_VERTEX.slice(0, firstNewline) + defines + SCATTER_VERTEX.slice(firstNewline),
    fragment: SCATTER_FRAGMENT,
  };
}
