// Draws one image as a textured quad through the color/channel shader into a WebGL2 canvas,
// uploading the texture only when the image changed and surviving context loss.
import type { FrameImage } from '../core/media/types';
import {
  colorUniforms,
  type ChannelMode,
  type ColorAdjustments,
  type ColorUniforms,
} from './color';
import { BAKE_SIZE, BAKED_UNIT, bakeKey, canBake } from './look/LookBake';
import { lookUniforms, type LookUniforms } from './look/lookUniforms';
import type { ResolvedLook } from './look/reference';
import { PictureTexture } from './PictureTexture';
import {
  createGpuResources,
  disposeGpuResources,
  location,
  programVariant,
  type GpuResources,
} from './gpuPrograms';
import { imageClipRect, orientationMatrix, type ViewGeometry } from './viewTransform';

/** Outside the image (sRGB, 0..1). Matches --rs-viewer-background in viewer.css. */
const BACKGROUND: readonly [number, number, number] = [0.08, 0.08, 0.08];
const CHECKER_CSS_PX = 8;

/** What one draw needs besides the image. */
export interface RenderParams {
  geometry: ViewGeometry;
  color: ColorAdjustments;
  channel: ChannelMode;
  /** The source's look and the display stage (absent: the plain viewer). */
  look?: ResolvedLook | null;
}

/** Draws the canvas instead of the renderer while set (compare, stereo: src/render/compose/). */
export interface CanvasCompositor {
  compose(renderer: WebGLRenderer, params: RenderParams): boolean;
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

export class WebGLRenderer {
  private resources: GpuResources | null = null;
  private image: FrameImage | null = null;
  private imageVersion = 0;
  /** Set while drawTo() draws into an offscreen target instead of the canvas. */
  private offscreen: OffscreenTarget | null = null;
  /** The params of the last draw on the canvas: drawTo() repeats the same look. */
  private lastParams: RenderParams | null = null;
  private drawnCount = 0;
  private compositor: CanvasCompositor | null = null;
  /** What the picture texture holds (PictureTexture.ts). */
  private readonly picture: PictureTexture;
  private readonly onLost = (event: Event): void => {
    // preventDefault tells the browser we will handle restoration.
    event.preventDefault();
    this.resources?.luts.forget();
    this.resources?.bake.forget();
    this.resources = null;
    this.picture.forget();
  };
  private readonly onRestored = (): void => {
    this.picture.restored();
    this.resources = createGpuResources(this.gl);
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
    this.picture = new PictureTexture(gl);
    this.resources = createGpuResources(this.gl);
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
    if (this.compositor && !this.offscreen) return this.compositor.compose(this, params);
    gl.viewport(0, 0, target.width, target.height);
    gl.clearColor(BACKGROUND[0], BACKGROUND[1], BACKGROUND[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    const { geometry } = params;
    if (!this.image || geometry.image.width <= 0 || geometry.image.height <= 0) return true;

    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, resources.texture);
    if (this.picture.version !== this.imageVersion)
      this.picture.upload(this.image, this.imageVersion, resources.texture, resources.vertexArray);
    // A failed upload leaves the previous frame in the texture; show that rather than nothing.
    if (this.picture.version < 0) return true;
    this.picture.setFiltering(geometry.zoom, geometry.dpr);

    const color = colorUniforms(params.color, params.channel);
    const look = params.look ? lookUniforms(params.look, this.picture.linear) : null;
    const baked =
      look !== null &&
      canBake(look, {
        linearInput: this.picture.linear,
        channel: color.channel,
        renderableHalfFloat: this.picture.floatRenderable,
      });
    if (look && baked) this.bakeChain(resources, color, look);
    const shader = programVariant(
      this.gl,
      resources,
      color.adjust,
      color.channel,
      this.picture.linear,
      look?.defines,
      baked ? 'baked' : 'none',
    );
    gl.useProgram(shader.program);
    const u = (name: string) => location(gl, shader, name);
    const rect = imageClipRect(geometry);
    gl.uniform4f(u('u_rect'), rect.left, rect.top, rect.width, rect.height);
    gl.uniformMatrix2fv(u('u_orient'), false, orientationMatrix(geometry.orientation));
    this.setColorUniforms(color, u);
    gl.uniform1f(u('u_checkerSize'), CHECKER_CSS_PX * geometry.dpr);
    if (baked) gl.uniform1i(u('u_baked'), BAKED_UNIT);
    else if (look?.defines.LOOK) this.setLookUniforms(resources, look, u);
    gl.bindVertexArray(resources.vertexArray);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
    gl.activeTexture(gl.TEXTURE0);
    return true;
  }

  private setColorUniforms(
    color: ColorUniforms,
    u: (name: string) => WebGLUniformLocation | null,
  ): void {
    const gl = this.gl;
    gl.uniform1i(u('u_image'), 0);
    gl.uniform1f(u('u_exposureScale'), color.exposureScale);
    gl.uniform3f(u('u_gains'), color.gains[0], color.gains[1], color.gains[2]);
    gl.uniform1f(u('u_brightness'), color.brightness);
    gl.uniform1f(u('u_contrast'), color.contrast);
    gl.uniform1f(u('u_saturation'), color.saturation);
    gl.uniform1f(u('u_inverseGamma'), color.inverseGamma);
  }

  /** Bakes the chain into the LookBake table when it changed: one full-slice quad per blue. */
  private bakeChain(resources: GpuResources, color: ColorUniforms, look: LookUniforms): void {
    const gl = this.gl;
    resources.bake.ensure(bakeKey(look, color), (blue) => {
      if (blue === 0) {
        const shader = programVariant(
          this.gl,
          resources,
          color.adjust,
          0,
          false,
          look.defines,
          'pass',
        );
        gl.useProgram(shader.program);
        const u = (name: string) => location(gl, shader, name);
        gl.uniform4f(u('u_rect'), -1, 1, 2, 2);
        this.setColorUniforms(color, u);
        this.setLookUniforms(resources, look, u);
        gl.uniform1f(u('u_bakeSize'), BAKE_SIZE);
        this.bakeSlice = u('u_bakeSlice');
        gl.bindVertexArray(resources.vertexArray);
      }
      gl.uniform1f(this.bakeSlice, blue);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    });
    gl.bindVertexArray(null);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, resources.texture);
  }

  private bakeSlice: WebGLUniformLocation | null = null;

  /** 10-bit DPX pictures unpacked on the GPU so far (docs/media.md, "OpenEXR and DPX"). */
  get gpuUnpacks(): number {
    return this.picture.gpuUnpacks;
  }

  /** Tables baked so far (a changed look bakes once; frames after it only look up). */
  get bakes(): number {
    return this.resources?.bake.bakes ?? 0;
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

  /** Hands canvas draws to `compositor` (two-source display); null: the renderer draws them. */
  setCompositor(compositor: CanvasCompositor | null): void {
    this.compositor = compositor;
  }

  /** Draws the current image with `params` into `framebuffer` (width × height px). */
  drawInto(
    framebuffer: WebGLFramebuffer,
    width: number,
    height: number,
    params: RenderParams,
  ): boolean {
    const gl = this.gl;
    this.offscreen = { width, height };
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    try {
      return this.draw(params);
    } finally {
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      this.offscreen = null;
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
    if (!this.image || !size || this.picture.version < 0) return null;
    if (size.width <= 0 || size.height <= 0) return null;
    return { width: size.width, height: size.height };
  }

  /**
   * Draws the current image exactly as the last canvas draw did (same grade, look, channel and
   * display transform) into `framebuffer` (width × height px), placed by `place` as the viewer
   * places it in its view (dpr 1), upright whatever the image format (scopes and the probe read
   * the picture in its own orientation). Returns false when nothing was drawn.
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
    const float = this.picture.linear;
    if (float && !this.picture.floatRenderable) return null; // float targets are not readable here
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
    if (resources) disposeGpuResources(this.gl, resources);
  }
}
