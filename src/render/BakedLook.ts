// The baked color chain on the GPU (look/LookBake.ts says what is baked and when): an RGBA16F
// 3D texture of BAKE_SIZE³ display values, and the framebuffer its slices are drawn into.
import { BAKE_SIZE, BAKED_UNIT } from './look/LookBake';

/** The baked table on the GPU (an RGBA16F 3D texture) and the framebuffer its slices are drawn in. */
export class BakedLook {
  private texture: WebGLTexture | null = null;
  private framebuffer: WebGLFramebuffer | null = null;
  private key: string | null = null;
  /** Tables baked so far (the bench and tests read it). */
  bakes = 0;

  constructor(private readonly gl: WebGL2RenderingContext) {}

  /**
   * Bakes the table for `key` unless it already holds it: `drawSlice(blue)` draws one slice
   * (the bake-pass program is in use, the viewport set) into the bound framebuffer layer.
   * Leaves the table bound to BAKED_UNIT and the framebuffer binding as it found it.
   */
  ensure(key: string, drawSlice: (blue: number) => void): void {
    const gl = this.gl;
    const texture = this.tableTexture();
    if (key === this.key) return;
    const previous = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    const viewport = gl.getParameter(gl.VIEWPORT) as Int32Array;
    this.framebuffer ??= gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    gl.viewport(0, 0, BAKE_SIZE, BAKE_SIZE);
    try {
      for (let blue = 0; blue < BAKE_SIZE; blue++) {
        gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, texture, 0, blue);
        drawSlice(blue);
      }
      this.key = key;
      this.bakes += 1;
    } finally {
      gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, null, 0, 0);
      gl.bindFramebuffer(gl.FRAMEBUFFER, previous);
      gl.viewport(viewport[0] ?? 0, viewport[1] ?? 0, viewport[2] ?? 0, viewport[3] ?? 0);
    }
  }

  /** The table texture, created on first use, bound to BAKED_UNIT. */
  private tableTexture(): WebGLTexture {
    const gl = this.gl;
    gl.activeTexture(gl.TEXTURE0 + BAKED_UNIT);
    if (this.texture) {
      gl.bindTexture(gl.TEXTURE_3D, this.texture);
    } else {
      this.texture = gl.createTexture();
      gl.bindTexture(gl.TEXTURE_3D, this.texture);
      const n = BAKE_SIZE;
      gl.texImage3D(gl.TEXTURE_3D, 0, gl.RGBA16F, n, n, n, 0, gl.RGBA, gl.HALF_FLOAT, null);
      gl.texParameteri(gl.TEXTURE_3D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_3D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
      for (const wrap of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T, gl.TEXTURE_WRAP_R])
        gl.texParameteri(gl.TEXTURE_3D, wrap, gl.CLAMP_TO_EDGE);
    }
    gl.activeTexture(gl.TEXTURE0);
    return this.texture;
  }

  /** The context was lost: the texture went with it. */
  forget(): void {
    this.texture = null;
    this.framebuffer = null;
    this.key = null;
  }

  dispose(): void {
    const gl = this.gl;
    if (!gl.isContextLost()) {
      if (this.texture) gl.deleteTexture(this.texture);
      if (this.framebuffer) gl.deleteFramebuffer(this.framebuffer);
    }
    this.forget();
  }
}
