// The renderer's GPU side that is not drawing: the quad, the picture texture and the LUT and
// bake tables (GpuResources), and the shader program variants compiled on first use, one per
// (adjust, channel, linear input, look, bake) combination (WebGLRenderer.ts draws with them).
import { BakedLook } from './BakedLook';
import type { LookDefines } from './look/lookShader';
import { variantKey } from './look/lookUniforms';
import { LutTextures } from './LutTextures';
import { fragmentShaderVariant, VERTEX_SHADER } from './shaders';

export interface ShaderProgram {
  program: WebGLProgram;
  /** Locations by uniform name, looked up on first use. */
  uniforms: Map<string, WebGLUniformLocation | null>;
}

export interface GpuResources {
  /** Compiled lazily per (adjust, channel) variant. */
  programs: Map<string, ShaderProgram>;
  vertexArray: WebGLVertexArrayObject;
  quad: WebGLBuffer;
  texture: WebGLTexture;
  luts: LutTextures;
  /** The whole chain baked into one 3D table, when it allows (look/LookBake.ts). */
  bake: BakedLook;
}

/** Shared by every program variant so one vertex array serves them all. */
const UNIT_ATTRIBUTE_LOCATION = 0;

/** A uniform's location in `shader`, looked up once. */
export function location(gl: WebGL2RenderingContext, shader: ShaderProgram, name: string) {
  let found = shader.uniforms.get(name);
  if (found === undefined) {
    found = gl.getUniformLocation(shader.program, name);
    shader.uniforms.set(name, found);
  }
  return found;
}

/** The program of one shader variant, compiled on first use. */
export function programVariant(
  gl: WebGL2RenderingContext,
  resources: GpuResources,
  adjust: boolean,
  channel: number,
  linearInput: boolean,
  look?: LookDefines,
  bake: 'none' | 'pass' | 'baked' = 'none',
): ShaderProgram {
  const lookKey = look ? variantKey(look) : '';
  const key = `${adjust ? 1 : 0}:${channel}:${linearInput ? 1 : 0}:${lookKey}:${bake}`;
  let shader = resources.programs.get(key);
  if (!shader) {
    const fragment = fragmentShaderVariant(adjust, channel, linearInput, look, bake);
    const program = linkProgram(gl, VERTEX_SHADER, fragment);
    shader = { program, uniforms: new Map() };
    resources.programs.set(key, shader);
  }
  return shader;
}

/** The quad, the picture texture and the tables; null while the context is lost. */
export function createGpuResources(gl: WebGL2RenderingContext): GpuResources | null {
  if (gl.isContextLost()) return null;
  const vertexArray = gl.createVertexArray();
  const quad = gl.createBuffer();
  const texture = gl.createTexture();
  gl.bindVertexArray(vertexArray);
  gl.bindBuffer(gl.ARRAY_BUFFER, quad);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(UNIT_ATTRIBUTE_LOCATION);
  gl.vertexAttribPointer(UNIT_ATTRIBUTE_LOCATION, 2, gl.FLOAT, false, 0, 0);
  gl.bindVertexArray(null);
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  const resources: GpuResources = {
    programs: new Map(),
    vertexArray,
    quad,
    texture,
    luts: new LutTextures(gl),
    bake: new BakedLook(gl),
  };
  // Compile the common variant now so a shader error surfaces at startup, not on first frame.
  programVariant(gl, resources, false, 0, false);
  return resources;
}

/** Frees what createGpuResources made (a lost context has freed it already). */
export function disposeGpuResources(gl: WebGL2RenderingContext, resources: GpuResources): void {
  if (gl.isContextLost()) return;
  gl.deleteTexture(resources.texture);
  resources.luts.dispose();
  resources.bake.dispose();
  gl.deleteBuffer(resources.quad);
  gl.deleteVertexArray(resources.vertexArray);
  for (const shader of resources.programs.values()) gl.deleteProgram(shader.program);
}

function compileShader(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('WebGL: createShader failed');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    const log = gl.getShaderInfoLog(shader) ?? '';
    gl.deleteShader(shader);
    throw new Error(`WebGL: shader compile failed: ${log}`);
  }
  return shader;
}

/** Compiles and links a program whose vertex shader takes the unit quad as `a_unit`. */
export function linkProgram(
  gl: WebGL2RenderingContext,
  vertex: string,
  fragment: string,
): WebGLProgram {
  const program = gl.createProgram();
  const vs = compileShader(gl, gl.VERTEX_SHADER, vertex);
  const fs = compileShader(gl, gl.FRAGMENT_SHADER, fragment);
  gl.attachShader(program, vs);
  gl.attachShader(program, fs);
  gl.bindAttribLocation(program, UNIT_ATTRIBUTE_LOCATION, 'a_unit');
  gl.linkProgram(program);
  // The program keeps what it needs; the shader objects can go.
  gl.deleteShader(vs);
  gl.deleteShader(fs);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    const log = gl.getProgramInfoLog(program) ?? '';
    gl.deleteProgram(program);
    throw new Error(`WebGL: program link failed: ${log}`);
  }
  return program;
}
