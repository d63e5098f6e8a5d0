// GLSL ES 3.0 of the two-source compositor's last pass: the two layers, each already drawn
// through the viewer's color pipeline into a texture the size of its cell, are placed in their
// cells and combined per pixel (docs/compare.md).
import type { CombineOp } from './layout';

/** Index of each operation in the shader's u_op. */
export const COMBINE_OPS: readonly CombineOp[] = [
  'first',
  'wipe',
  'difference',
  'blend',
  'anaglyph',
  'checkerboard',
  'rows',
];

/** A full-canvas triangle strip from the unit quad. */
export const COMPOSE_VERTEX_SHADER = `#version 300 es
in vec2 a_unit;
void main() {
  gl_Position = vec4(a_unit * 2.0 - 1.0, 0.0, 1.0);
}
`;

export const COMPOSE_FRAGMENT_SHADER = `#version 300 es
precision highp float;
uniform sampler2D u_first;
uniform sampler2D u_second;
uniform int u_op;
uniform bool u_hasSecond;
uniform bool u_twoCells;
uniform bool u_mirrorSecond;
uniform vec2 u_size;        // the canvas, device px
uniform vec4 u_cell0;       // x, y (from the top left), width, height: device px
uniform vec4 u_cell1;
uniform vec2 u_wipePoint;   // device px from the top left
uniform vec2 u_wipeNormal;  // points to the second layer's side
uniform float u_gain;
uniform float u_blend;
uniform vec3 u_background;
out vec4 outColor;

bool inside(vec2 p, vec4 cell) {
  return p.x >= cell.x && p.y >= cell.y && p.x < cell.x + cell.z && p.y < cell.y + cell.w;
}

// The layer textures are drawn like the canvas: row 0 at the bottom.
vec2 cellUv(vec2 p, vec4 cell) {
  return vec2((p.x - cell.x) / cell.z, 1.0 - (p.y - cell.y) / cell.w);
}

void main() {
  vec2 p = vec2(gl_FragCoord.x, u_size.y - gl_FragCoord.y);
  if (u_twoCells) {
    if (inside(p, u_cell1)) {
      vec2 uv = cellUv(p, u_cell1);
      if (u_mirrorSecond) uv.x = 1.0 - uv.x;
      outColor = u_hasSecond ? texture(u_second, uv) : vec4(u_background, 1.0);
    } else {
      outColor = texture(u_first, cellUv(p, u_cell0));
    }
    return;
  }
  vec2 uv = cellUv(p, u_cell0);
  vec4 a = texture(u_first, uv);
  if (u_op == 0 || !u_hasSecond) {
    outColor = a;
    return;
  }
  vec4 b = texture(u_second, uv);
  if (u_op == 1) {
    outColor = dot(p - u_wipePoint, u_wipeNormal) < 0.0 ? a : b;
  } else if (u_op == 2) {
    outColor = vec4(min(abs(a.rgb - b.rgb) * u_gain, vec3(1.0)), 1.0);
  } else if (u_op == 3) {
    outColor = vec4(mix(a.rgb, b.rgb, u_blend), 1.0);
  } else if (u_op == 4) {
    // Red/cyan: the left eye's red, the right eye's green and blue.
    outColor = vec4(a.r, b.g, b.b, 1.0);
  } else if (u_op == 5) {
    outColor = mod(floor(p.x) + floor(p.y), 2.0) < 1.0 ? a : b;
  } else {
    outColor = mod(floor(p.y), 2.0) < 1.0 ? a : b;
  }
}
`;
