// The two-source compositor A/B compare and stereo share: while a composition is set, the
// renderer hands it every canvas draw. Each layer (A or B, or an eye of a packed stereo frame)
// is drawn through the viewer's own color pipeline into a texture the size of its cell, placed
// so it lands where the viewer's geometry puts the picture; one last pass places the cells on
// the canvas and combines the layers (wipe, difference, blend, anaglyph, checkerboard, rows).
import type { FrameImage } from '../../core/media/types';
import type { Size } from '../viewTransform';
import { linkProgram } from '../gpuPrograms';
import { WebGLRenderer, type RenderParams } from '../WebGLRenderer';
import { COMBINE_OPS, COMPOSE_FRAGMENT_SHADER, COMPOSE_VERTEX_SHADER } from './composeShader';
import {
  cellsOf,
  layerGeometry,
  layerRect,
  wipeLine,
  type Composition,
  type Layer,
  type Rect,
} from './layout';

/** Outside the picture: the viewer's background (WebGLRenderer's BACKGROUND). */
const BACKGROUND: readonly [number, number, number] = [0.08, 0.08, 0.08];

interface Target {
  texture: WebGLTexture;
  framebuffer: WebGLFramebuffer;
  width: number;
  height: number;
}

interface Resources {
  program: WebGLProgram;
  uniforms: Map<string, WebGLUniformLocation | null>;
  vertexArray: WebGLVertexArrayObject;
  quad: WebGLBuffer;
  targets: Array<Target | null>;
}

export class Compositor {
  private compositionValue: Composition | null = null;
  private sizeA: Size = { width: 0, height: 0 };
  private sizeB: Size = { width: 0, height: 0 };
  private hasImageB = false;
  private lookB: Pick<RenderParams, 'color' | 'look'> | null = null;
  /** Draws B through the same pipeline (a second renderer on the same canvas and context). */
  private readonly rendererB: WebGLRenderer | null;
  private resources: Resources | null = null;
  private composed = 0;
  private readonly onLost = (): void => {
    this.resources = null;
  };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    onContextRestored: () => void,
  ) {
    this.rendererB = WebGLRenderer.create(canvas, onContextRestored);
    canvas.addEventListener('webglcontextlost', this.onLost);
  }

  get composition(): Composition | null {
    return this.compositionValue;
  }

  /** How many canvas pictures were composed (tests and the bench read it). */
  get composedCount(): number {
    return this.composed;
  }

  setComposition(composition: Composition | null): void {
    this.compositionValue = composition;
  }

  /** A's whole image size (the viewer may show only an eye of it). */
  setSizeA(size: Size): void {
    this.sizeA = { ...size };
  }

  /** B's picture now (null: none yet, its side shows the background). */
  setImageB(image: FrameImage | null, size: Size): void {
    this.rendererB?.setImage(image);
    this.hasImageB = image !== null;
    this.sizeB = { ...size };
  }

  /**
   * B's own color (its grade sliders and its look, from the color settings of B's item); null:
   * B is drawn with A's.
   */
  setLookB(look: Pick<RenderParams, 'color' | 'look'> | null): void {
    this.lookB = look;
  }

  /** The renderer's hook: draws the canvas picture for `params` (the viewer's first cell). */
  compose(rendererA: WebGLRenderer, params: RenderParams): boolean {
    const gl = rendererA.context;
    const composition = this.compositionValue;
    if (!gl || !composition) return false;
    if (this.drawsBAlone(composition)) return this.drawBAlone(params, composition.first);
    const resources = (this.resources ??= this.createResources(gl));
    const dpr = params.geometry.dpr;
    const canvasSize = { width: this.canvas.width, height: this.canvas.height };
    const view = { width: canvasSize.width / dpr, height: canvasSize.height / dpr };
    const cells = cellsOf(composition.cells, view);
    const layers: Array<Layer | null> = [composition.first, composition.second];
    let secondDrawn = false;
    layers.forEach((layer, index) => {
      if (!layer) return;
      const cell = cells[index] ?? cells[0];
      const drawn = this.drawLayer(gl, resources, index, rendererA, params, layer, cell);
      if (index === 1) secondDrawn = drawn;
    });

    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, canvasSize.width, canvasSize.height);
    gl.useProgram(resources.program);
    const u = (name: string) => {
      let found = resources.uniforms.get(name);
      if (found === undefined) {
        found = gl.getUniformLocation(resources.program, name);
        resources.uniforms.set(name, found);
      }
      return found;
    };
    const device = (rect: Rect) => [
      rect.x * dpr,
      rect.y * dpr,
      rect.width * dpr,
      rect.height * dpr,
    ];
    const [cell0, cell1] = cells;
    gl.uniform4f(u('u_cell0'), ...(device(cell0) as [number, number, number, number]));
    gl.uniform4f(u('u_cell1'), ...(device(cell1) as [number, number, number, number]));
    gl.uniform2f(u('u_size'), canvasSize.width, canvasSize.height);
    gl.uniform1i(u('u_op'), COMBINE_OPS.indexOf(composition.op));
    gl.uniform1i(u('u_twoCells'), composition.cells === 'one' ? 0 : 1);
    gl.uniform1i(u('u_hasSecond'), composition.second && secondDrawn ? 1 : 0);
    gl.uniform1i(u('u_mirrorSecond'), composition.second?.mirror ? 1 : 0);
    const line = wipeLine(params.geometry, params.geometry.image, composition.wipe);
    gl.uniform2f(u('u_wipePoint'), line.point.x * dpr, line.point.y * dpr);
    gl.uniform2f(u('u_wipeNormal'), line.normal.x, line.normal.y);
    gl.uniform1f(u('u_gain'), composition.gain);
    gl.uniform1f(u('u_blend'), composition.blend);
    gl.uniform3f(u('u_background'), ...BACKGROUND);
    resources.targets.forEach((target, unit) => {
      gl.activeTexture(gl.TEXTURE0 + unit);
      gl.bindTexture(gl.TEXTURE_2D, target?.texture ?? null);
    });
    gl.uniform1i(u('u_first'), 0);
    gl.uniform1i(u('u_second'), 1);
    gl.bindVertexArray(resources.vertexArray);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
    gl.activeTexture(gl.TEXTURE0);
    this.composed += 1;
    return true;
  }

  dispose(): void {
    this.canvas.removeEventListener('webglcontextlost', this.onLost);
    const resources = this.resources;
    this.resources = null;
    const gl = this.canvas.getContext('webgl2');
    if (resources && gl && !gl.isContextLost()) {
      for (const target of resources.targets) {
        if (!target) continue;
        gl.deleteFramebuffer(target.framebuffer);
        gl.deleteTexture(target.texture);
      }
      gl.deleteProgram(resources.program);
      gl.deleteBuffer(resources.quad);
      gl.deleteVertexArray(resources.vertexArray);
    }
    this.rendererB?.dispose();
  }

  /**
   * B alone over the whole view (the A/B toggle on B): its renderer draws straight onto the
   * canvas, without the layer texture and the placing pass (the same pixels, one pass).
   */
  private drawsBAlone(composition: Composition): boolean {
    const first = composition.first;
    return (
      composition.cells === 'one' &&
      composition.second === null &&
      composition.op === 'first' &&
      first.source === 'B' &&
      !first.mirror &&
      first.shiftX === 0 &&
      first.crop.x === 0 &&
      first.crop.y === 0 &&
      first.crop.width === 1 &&
      first.crop.height === 1
    );
  }

  private drawBAlone(params: RenderParams, layer: Layer): boolean {
    const renderer = this.rendererB;
    if (!renderer) return false;
    this.composed += 1;
    const size = this.hasImageB ? this.sizeB : { width: 0, height: 0 };
    if (!this.hasImageB) renderer.setImage(null);
    const view = params.geometry.view;
    const geometry =
      size.width > 0 && size.height > 0
        ? layerGeometry(params.geometry, params.geometry.image, layer, size, view)
        : { ...params.geometry, image: size };
    return renderer.draw({ ...params, ...this.lookB, geometry });
  }

  /** Draws one layer into its cell's texture; false when its source has no picture. */
  private drawLayer(
    gl: WebGL2RenderingContext,
    resources: Resources,
    index: number,
    rendererA: WebGLRenderer,
    params: RenderParams,
    layer: Layer,
    cell: Rect,
  ): boolean {
    const dpr = params.geometry.dpr;
    const width = Math.max(1, Math.round(cell.width * dpr));
    const height = Math.max(1, Math.round(cell.height * dpr));
    const target = this.target(gl, resources, index, width, height);
    const fromB = layer.source === 'B';
    const renderer = fromB ? this.rendererB : rendererA;
    const size = fromB ? this.sizeB : this.sizeA;
    gl.bindFramebuffer(gl.FRAMEBUFFER, target.framebuffer);
    gl.viewport(0, 0, width, height);
    gl.clearColor(BACKGROUND[0], BACKGROUND[1], BACKGROUND[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    if (!renderer || (fromB && !this.hasImageB) || size.width <= 0 || size.height <= 0)
      return false;
    const geometry = layerGeometry(params.geometry, params.geometry.image, layer, size, {
      width: cell.width,
      height: cell.height,
    });
    // Only the layer's part of the source (an eye of a packed frame) is drawn.
    const rect = layerRect(geometry, layer);
    const x0 = Math.max(0, Math.floor(rect.x * dpr));
    const x1 = Math.min(width, Math.ceil((rect.x + rect.width) * dpr));
    const y0 = Math.max(0, Math.floor(height - (rect.y + rect.height) * dpr));
    const y1 = Math.min(height, Math.ceil(height - rect.y * dpr));
    if (x1 <= x0 || y1 <= y0) return true;
    gl.enable(gl.SCISSOR_TEST);
    gl.scissor(x0, y0, x1 - x0, y1 - y0);
    try {
      const color = fromB ? this.lookB : null;
      return renderer.drawInto(target.framebuffer, width, height, {
        ...params,
        ...color,
        geometry,
      });
    } finally {
      gl.disable(gl.SCISSOR_TEST);
    }
  }

  private target(
    gl: WebGL2RenderingContext,
    resources: Resources,
    index: number,
    width: number,
    height: number,
  ): Target {
    const existing = resources.targets[index];
    if (existing && existing.width === width && existing.height === height) return existing;
    if (existing) {
      gl.deleteFramebuffer(existing.framebuffer);
      gl.deleteTexture(existing.texture);
    }
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, width, height, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
    for (const [name, value] of [
      [gl.TEXTURE_MIN_FILTER, gl.NEAREST],
      [gl.TEXTURE_MAG_FILTER, gl.NEAREST],
      [gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE],
      [gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE],
    ] as const)
      gl.texParameteri(gl.TEXTURE_2D, name, value);
    const framebuffer = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    const target = { texture, framebuffer, width, height };
    resources.targets[index] = target;
    return target;
  }

  private createResources(gl: WebGL2RenderingContext): Resources {
    const program = linkProgram(gl, COMPOSE_VERTEX_SHADER, COMPOSE_FRAGMENT_SHADER);
    const vertexArray = gl.createVertexArray();
    const quad = gl.createBuffer();
    gl.bindVertexArray(vertexArray);
    gl.bindBuffer(gl.ARRAY_BUFFER, quad);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);
    return { program, uniforms: new Map(), vertexArray, quad, targets: [null, null] };
  }
}
