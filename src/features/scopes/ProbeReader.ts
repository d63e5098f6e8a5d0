// Reads the picture at one image pixel on the viewer's GPU: the source texel as uploaded (float
// for EXR/DPX, exact to half precision) and the displayed value, drawn through the viewer's own
// look into a 1×1 target (float when the GPU can render floats, else 8-bit).
import type { WebGLRenderer } from '../../render/WebGLRenderer';
import { ensureTarget, floatRenderable, readTarget, deleteTarget, type Target } from './gpuTargets';
import type { ProbeReading } from './probeModel';

export class ProbeReader {
  private target: Target | null = null;
  private gl: WebGL2RenderingContext | null = null;

  constructor(private readonly renderer: WebGLRenderer) {}

  /** The picture at image px (x, y) (floored); null outside the picture or without one. */
  read(x: number, y: number): ProbeReading | null {
    const gl = this.renderer.context;
    const image = this.renderer.imageSize;
    if (!gl || !image || !Number.isFinite(x) || !Number.isFinite(y)) return null;
    const px = Math.floor(x);
    const py = Math.floor(y);
    if (px < 0 || py < 0 || px >= image.width || py >= image.height) return null;
    const source = this.renderer.readSourceTexel(px, py);
    if (!source) return null;
    if (this.gl !== gl) this.target = null; // a restored context: the old target is gone
    this.gl = gl;
    const format = floatRenderable(gl) ? gl.RGBA32F : gl.RGBA8;
    const target = ensureTarget(gl, this.target, 1, 1, format);
    this.target = target;
    // A 1×1 view centred on the pixel's centre at 1:1: that pixel exactly covers the target.
    const place = {
      view: { width: 1, height: 1 },
      zoom: 1,
      pan: { x: px + 0.5 - image.width / 2, y: py + 0.5 - image.height / 2 },
    };
    if (!this.renderer.drawTo(target.framebuffer, 1, 1, place)) return null;
    const pixel = readTarget(gl, target);
    const scale = pixel instanceof Float32Array ? 1 : 1 / 255;
    const display = Array.from(pixel.subarray(0, 3), (value) => value * scale);
    return { x: px, y: py, source: source.values, float: source.float, display };
  }

  dispose(): void {
    if (this.gl && this.target && !this.gl.isContextLost()) deleteTarget(this.gl, this.target);
    this.target = null;
  }
}
