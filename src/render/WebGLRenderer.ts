// Draws one image as a textured quad through the color/channel shader into a WebGL2 canvas,
// uploading the texture only when the image changed and surviving context loss.
import { isFloatImage } from '../core/media/images/floatImage';
import type { FrameImage } from '../core/media/types';
import { colorUniforms, type ChannelMode, type ColorAdjustments } from './color';
import type { LookDefines } from './look/lookShader';
import { lookUniforms, variantKey, type LookUniforms } from './look/lookUniforms';
import type { ResolvedLook } from './look/reference';
import { LutTextures } from './LutTextures';
import { fragmentShaderVariant, VERTEX_SHADER } from './shaders';
import { imageClipRect, type ViewGeometry } from './viewTransform';

/** Outside the image (sRGB, 0..1). Matches --rs-viewer-background in viewer.css. */
const BACKGROUND: readonly [number, number, number] = [0.08, 0.08, 0.08];
const CHECKER_CSS_PX = 8;
/** Device px per image px below which mipmaps are used. */
const MIPMAP_BELOW_SCALE = 0.5;

/** What one draw needs besides the image. */
export interface RenderParams {
  geometry: ViewGeometry;
  color: ColorAdjustments;
  channel: ChannelMode;
  /** The source's look and the display stage (absent: the plain viewer). */
  look?: ResolvedLook | null;
}

/** Texture units of the LUT tables (unit 0 is the picture). */
const LUT_UNITS = { lookLut1d: 1, lookLut3d: 2, displayLut1d: 3, displayLut3d: 4 } as const;

/** Where drawTo() draws: an offscreen framebuffer's size in px. */
interface OffscreenTarget {
  width: number;
  height: number;
}

/** How drawTo() places the picture: a view (any units, scaled to the target) at a zoom and pan. */
export type OffscreenView = Pick<ViewGeometry, 'view' | 'zoom' | 'pan'>;

interface ShaderProgram {
  program: WebGLProgram;
  /** Locations by uniform name, looked up on first use. */
  uniforms: Map<string, WebGLUniformLocation | null>;
}

interface GpuResources {
  /** Compiled lazily per (adjust, channel) variant. */
  programs: Map<string, ShaderProgram>;
  vertexArray: WebGLVertexArrayObject;
  quad: WebGLBuffer;
  texture: WebGLTexture;
  luts: LutTextures;
}

/** Shared by every program variant so one vertex array serves them all. */
const UNIT_ATTRIBUTE_LOCATION = 0;

function location(gl: WebGL2RenderingContext, shader: ShaderProgram, name: string) {
  let found = shader.uniforms.get(name);
  if (found === undefined) {
    found = gl.getUniformLocation(shader.program, name);
    shader.uniforms.set(name, found);
  }
  return found;
}

export class WebGLRenderer {
  private resources: GpuResources | null = null;
  private image: FrameImage | null = null;
  private imageVersion = 0;
  /** Version of `image` now in the texture; -1 = nothing usable uploaded. */
  private uploadedVersion = -1;
  private mipmapVersion = -1;
  private uploadFailureReported = false;
  /** Set while drawTo() draws into an offscreen target instead of the canvas. */
  private offscreen: OffscreenTarget | null = null;
  /** The params of the last draw on the canvas: drawTo() repeats the same look. */
  private lastParams: RenderParams | null = null;
  private drawnCount = 0;
  /** The texture holds scene-linear float data (OpenEXR, DPX) rather than sRGB-encoded 8-bit. */
  private uploadedLinear = false;
  private uploadedFloat32 = false;
  /** Float textures can have mipmaps only where they are color-renderable (EXT_color_buffer_float). */
  private readonly floatMipmaps: boolean;
  /** RGBA32F can be sampled bilinearly only with OES_texture_float_linear. */
  private readonly float32Linear: boolean;
  private readonly onLost = (event: Event): void => {
    // preventDefault tells the browser we will handle restoration.
    event.preventDefault();
    this.resources?.luts.forget();
    this.resources = null;
    this.uploadedVersion = -1;
    this.mipmapVersion = -1;
  };
  private readonly onRestored = (): void => {
    this.resources = this.createResources();
    this.onContextRestored();
  };

  /** Returns null when the canvas cannot give a WebGL2 context. */
  static create(canvas: HTMLCanvasElement, onContextRestored: () => void): WebGLRenderer | null {
    const gl = canvas.getContext('webgl2', {
      alpha: false,
      antialias: false,
      depth: false,
      stencil: false,
      // Tests and benchmarks read the pixels back after the frame was composited.
      preserveDrawingBuffer: true,
    });
    if (!gl) return null;
    return new WebGLRenderer(canvas, gl, onContextRestored);
  }

  private constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly gl: WebGL2RenderingContext,
    private readonly onContextRestored: () => void,
  ) {
    canvas.addEventListener('webglcontextlost', this.onLost);
    canvas.addEventListener('webglcontextrestored', this.onRestored);
    this.floatMipmaps = gl.getExtension('EXT_color_buffer_float') !== null;
    this.float32Linear = gl.getExtension('OES_texture_float_linear') !== null;
    this.resources = this.createResources();
  }

  get contextLost(): boolean {
    return this.resources === null || this.gl.isContextLost();
  }

  /** Always counts as new: sources may redraw the same canvas object for the next frame. */
  setImage(image: FrameImage | null): void {
    this.image = image;
    this.imageVersion += 1;
  }

  /** Draws the current image; returns false when nothing could be drawn (context lost). */
  draw(params: RenderParams): boolean {
    const resources = this.resources;
    if (!resources || this.gl.isContextLost()) return false;
    const gl = this.gl;
    const target = this.offscreen ?? this.canvas;
    if (!this.offscreen) this.rememberDraw(params);
    gl.viewport(0, 0, target.width, target.height);
    gl.clearColor(BACKGROUND[0], BACKGROUND[1], BACKGROUND[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    const { geometry } = params;
    if (!this.image || geometry.image.width <= 0 || geometry.image.height <= 0) return true;

    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, resources.texture);
    if (this.uploadedVersion !== this.imageVersion) this.upload(this.image);
    // A failed upload leaves the previous frame in the texture; show that rather than nothing.
    if (this.uploadedVersion < 0) return true;
    this.setFiltering(geometry.zoom, geometry.dpr);

    const color = colorUniforms(params.color, params.channel);
    const look = params.look ? lookUniforms(params.look, this.uploadedLinear) : null;
    const shader = this.program(
      resources,
      color.adjust,
      color.channel,
      this.uploadedLinear,
      look?.defines,
    );
    gl.useProgram(shader.program);
    const u = (name: string) => location(gl, shader, name);
    const rect = imageClipRect(geometry);
    gl.uniform4f(u('u_rect'), rect.left, rect.top, rect.width, rect.height);
    gl.uniform1i(u('u_image'), 0);
    gl.uniform1f(u('u_exposureScale'), color.exposureScale);
    gl.uniform3f(u('u_gains'), color.gains[0], color.gains[1], color.gains[2]);
    gl.uniform1f(u('u_brightness'), color.brightness);
    gl.uniform1f(u('u_contrast'), color.contrast);
    gl.uniform1f(u('u_saturation'), color.saturation);
    gl.uniform1f(u('u_inverseGamma'), color.inverseGamma);
    gl.uniform1f(u('u_checkerSize'), CHECKER_CSS_PX * geometry.dpr);
    if (look?.defines.LOOK) this.setLookUniforms(resources, look, u);
    gl.bindVertexArray(resources.vertexArray);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
    gl.activeTexture(gl.TEXTURE0);
    return true;
  }

  private setLookUniforms(
    resources: GpuResources,
    look: LookUniforms,
    u: (name: string) => WebGLUniformLocation | null,
  ): void {
    const gl = this.gl;
    if (look.inputMatrix) gl.uniformMatrix3fv(u('u_inputMatrix'), true, look.inputMatrix);
    gl.uniform4fv(u('u_cdlSlope'), look.cdlSlopeSat);
    gl.uniform3fv(u('u_cdlOffset'), look.cdlOffset);
    gl.uniform3fv(u('u_cdlPower'), look.cdlPower);
    for (const name of Object.keys(LUT_UNITS) as Array<keyof typeof LUT_UNITS>) {
      const table = look[name];
      if (!table) continue;
      const unit = LUT_UNITS[name];
      resources.luts.bind(table, unit, name.endsWith('3d') ? 3 : 1);
      gl.uniform1i(u(`u_${name}`), unit);
      gl.uniform4f(u(`u_${name}Min`), ...table.domainMin, table.size);
      gl.uniform3f(u(`u_${name}Max`), ...table.domainMax);
    }
  }

  // ---- offscreen hooks (scopes and the pixel probe, src/features/scopes) ---------------------

  /** The context the picture is drawn with (null while lost): scopes work on its textures. */
  get context(): WebGL2RenderingContext | null {
    return this.contextLost ? null : this.gl;
  }

  /** Counts draws on the canvas: a changed count means the picture on screen changed. */
  get drawCount(): number {
    return this.drawnCount;
  }

  /** Size of the picture now drawn, in image px (null when none). */
  get imageSize(): { width: number; height: number } | null {
    const size = this.lastParams?.geometry.image;
    if (!this.image || !size || this.uploadedVersion < 0) return null;
    if (size.width <= 0 || size.height <= 0) return null;
    return { width: size.width, height: size.height };
  }

  /**
   * Draws the current image exactly as the last canvas draw did (same grade, look, channel and
   * display transform) into `framebuffer` (width × height px), placed by `place` as the viewer
   * places it in its view (dpr 1). Returns false when nothing was drawn.
   */
  drawTo(
    framebuffer: WebGLFramebuffer,
    width: number,
    height: number,
    place: OffscreenView,
  ): boolean {
    const params = this.lastParams;
    if (!params || !this.image) return false;
    const gl = this.gl;
    this.offscreen = { width, height };
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    try {
      return this.draw({ ...params, geometry: { ...place, image: params.geometry.image, dpr: 1 } });
    } finally {
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      this.offscreen = null;
    }
  }

  /**
   * The source texel at image pixel (x, y) as uploaded: 0..255 for 8-bit pictures, float values
   * (half-float exact) for scene-linear ones. Null when there is no such pixel or it cannot be read.
   */
  readSourceTexel(x: number, y: number): { values: number[]; float: boolean } | null {
    const resources = this.resources;
    const size = this.imageSize;
    if (!resources || !size || this.gl.isContextLost()) return null;
    if (!(x >= 0 && y >= 0 && x < size.width && y < size.height)) return null;
    const gl = this.gl;
    const float = this.uploadedLinear;
    if (float && !this.floatMipmaps) return null; // float targets are not readable here
    const framebuffer = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(
      gl.FRAMEBUFFER,
      gl.COLOR_ATTACHMENT0,
      gl.TEXTURE_2D,
      resources.texture,
      0,
    );
    try {
      if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) return null;
      const pixel = float ? new Float32Array(4) : new Uint8Array(4);
      gl.readPixels(
        Math.floor(x),
        Math.floor(y),
        1,
        1,
        gl.RGBA,
        float ? gl.FLOAT : gl.UNSIGNED_BYTE,
        pixel,
      );
      return { values: Array.from(pixel), float };
    } finally {
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      gl.deleteFramebuffer(framebuffer);
    }
  }

  private rememberDraw(params: RenderParams): void {
    this.lastParams = params;
    this.drawnCount += 1;
  }

  dispose(): void {
    this.canvas.removeEventListener('webglcontextlost', this.onLost);
    this.canvas.removeEventListener('webglcontextrestored', this.onRestored);
    const resources = this.resources;
    this.resources = null;
    this.image = null;
    if (resources && !this.gl.isContextLost()) {
      this.gl.deleteTexture(resources.texture);
      resources.luts.dispose();
      this.gl.deleteBuffer(resources.quad);
      this.gl.deleteVertexArray(resources.vertexArray);
      for (const shader of resources.programs.values()) this.gl.deleteProgram(shader.program);
    }
  }

  private upload(image: FrameImage): void {
    const gl = this.gl;
    try {
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
      gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
      if (isFloatImage(image)) {
        const half = image.data instanceof Uint16Array;
        gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
        gl.texImage2D(
          gl.TEXTURE_2D,
          0,
          half ? gl.RGBA16F : gl.RGBA32F,
          image.width,
          image.height,
          0,
          gl.RGBA,
          half ? gl.HALF_FLOAT : gl.FLOAT,
          image.data,
        );
        this.uploadedLinear = true;
        this.uploadedFloat32 = !half;
      } else {
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, image);
        this.uploadedLinear = false;
        this.uploadedFloat32 = false;
      }
    } catch (error) {
      // e.g. a VideoFrame closed by its source before we drew it; the next setImage retries.
      if (!this.uploadFailureReported) console.warn('Viewer: texture upload failed', error);
      this.uploadFailureReported = true;
      return;
    }
    this.uploadedVersion = this.imageVersion;
  }

  /**
   * Nearest from 1:1 up (reviewers inspect pixels); bilinear below; trilinear (mipmaps) only when
   * shrinking past half size on screen, where bilinear alone would alias, because regenerating
   * mipmaps for every played frame is expensive on software GL.
   */
  private setFiltering(zoom: number, dpr: number): void {
    const gl = this.gl;
    let min: number = gl.NEAREST;
    let mag: number = gl.NEAREST;
    const filterable = !this.uploadedFloat32 || this.float32Linear;
    if (zoom < 1 && filterable) {
      mag = gl.LINEAR;
      min = gl.LINEAR;
      const mipmaps = !this.uploadedLinear || this.floatMipmaps;
      if (mipmaps && zoom * dpr < MIPMAP_BELOW_SCALE) {
        if (this.mipmapVersion !== this.uploadedVersion) {
          gl.generateMipmap(gl.TEXTURE_2D);
          this.mipmapVersion = this.uploadedVersion;
        }
        min = gl.LINEAR_MIPMAP_LINEAR;
      }
    }
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, min);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, mag);
  }

  private program(
    resources: GpuResources,
    adjust: boolean,
    channel: number,
    linearInput: boolean,
    look?: LookDefines,
  ): ShaderProgram {
    const lookKey = look ? variantKey(look) : '';
    const key = `${adjust ? 1 : 0}:${channel}:${linearInput ? 1 : 0}:${lookKey}`;
    let shader = resources.programs.get(key);
    if (!shader) {
      const gl = this.gl;
      const fragment = fragmentShaderVariant(adjust, channel, linearInput, look);
      const program = linkProgram(gl, VERTEX_SHADER, fragment);
      shader = { program, uniforms: new Map() };
      resources.programs.set(key, shader);
    }
    return shader;
  }

  private createResources(): GpuResources | null {
    const gl = this.gl;
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
    };
    // Compile the common variant now so a shader error surfaces at startup, not on first frame.
    this.program(resources, false, 0, false);
    return resources;
  }
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
