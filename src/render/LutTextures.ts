// GPU copies of LUT tables: a 3D table as an RGB16F 3D texture (trilinear through the LINEAR
// filter), a 1D table as an RGB32F 2D texture read with texelFetch (interpolated in the shader,
// exactly as the CPU reference does). Kept per table object; dropped on context loss.
import type { LutTable } from './look/cube';

/** 1D tables wrap into rows of this many texels (the smallest max texture size WebGL2 allows). */
const ROW_TEXELS = 2048;
/** Tables kept on the GPU at once (a look LUT and a display LUT, each 1D and 3D, and spares). */
const MAX_TEXTURES = 8;

export class LutTextures {
  private readonly textures = new Map<LutTable, WebGLTexture>();

  constructor(private readonly gl: WebGL2RenderingContext) {}

  /** Binds `table` to texture `unit` (uploading it the first time). */
  bind(table: LutTable, unit: number, dimensions: 1 | 3): void {
    const gl = this.gl;
    gl.activeTexture(gl.TEXTURE0 + unit);
    const target = dimensions === 3 ? gl.TEXTURE_3D : gl.TEXTURE_2D;
    const existing = this.textures.get(table);
    if (existing) {
      // Most recently used last, so eviction drops the oldest.
      this.textures.delete(table);
      this.textures.set(table, existing);
      gl.bindTexture(target, existing);
      return;
    }
    const texture = gl.createTexture();
    gl.bindTexture(target, texture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    if (dimensions === 3) {
      const n = table.size;
      gl.texImage3D(target, 0, gl.RGB16F, n, n, n, 0, gl.RGB, gl.FLOAT, table.data);
      gl.texParameteri(target, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
      gl.texParameteri(target, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
      gl.texParameteri(target, gl.TEXTURE_WRAP_R, gl.CLAMP_TO_EDGE);
    } else {
      const width = Math.min(table.size, ROW_TEXELS);
      const height = Math.ceil(table.size / width);
      const data = new Float32Array(width * height * 3);
      data.set(table.data);
      gl.texImage2D(target, 0, gl.RGB32F, width, height, 0, gl.RGB, gl.FLOAT, data);
      gl.texParameteri(target, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(target, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    }
    gl.texParameteri(target, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(target, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    this.textures.set(table, texture);
    while (this.textures.size > MAX_TEXTURES) {
      const [oldest, old] = this.textures.entries().next().value as [LutTable, WebGLTexture];
      this.textures.delete(oldest);
      gl.deleteTexture(old);
    }
  }

  /** The context was lost: its textures are gone with it. */
  forget(): void {
    this.textures.clear();
  }

  dispose(): void {
    if (!this.gl.isContextLost())
      for (const texture of this.textures.values()) this.gl.deleteTexture(texture);
    this.textures.clear();
  }
}
