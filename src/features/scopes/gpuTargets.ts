// Offscreen render targets on the viewer's WebGL2 context (a texture and its framebuffer), shared
// by the scopes and the pixel probe.

export interface Target {
  texture: WebGLTexture;
  framebuffer: WebGLFramebuffer;
  width: number;
  height: number;
  format: number;
}

/** `existing` when it already has this size and format, else a new target (the old one freed). */
export function ensureTarget(
  gl: WebGL2RenderingContext,
  existing: Target | null,
  width: number,
  height: number,
  format: number,
): Target {
  if (
    existing &&
    existing.width === width &&
    existing.height === height &&
    existing.format === format
  ) {
    return existing;
  }
  if (existing) deleteTarget(gl, existing);
  const texture = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.texStorage2D(gl.TEXTURE_2D, 1, format, width, height);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  const framebuffer = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  return { texture, framebuffer, width, height, format };
}

export function deleteTarget(gl: WebGL2RenderingContext, target: Target): void {
  gl.deleteFramebuffer(target.framebuffer);
  gl.deleteTexture(target.texture);
}

/** Reads a whole target: floats from RGBA32F targets, bytes from RGBA8 ones. */
export function readTarget(gl: WebGL2RenderingContext, target: Target): Float32Array | Uint8Array {
  const float = target.format === gl.RGBA32F;
  const data = float
    ? new Float32Array(target.width * target.height * 4)
    : new Uint8Array(target.width * target.height * 4);
  gl.bindFramebuffer(gl.FRAMEBUFFER, target.framebuffer);
  gl.readPixels(
    0,
    0,
    target.width,
    target.height,
    gl.RGBA,
    float ? gl.FLOAT : gl.UNSIGNED_BYTE,
    data,
  );
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  return data;
}

/** Float32 targets can be rendered to (EXT_color_buffer_float). */
export function floatRenderable(gl: WebGL2RenderingContext): boolean {
  return gl.getExtension('EXT_color_buffer_float') !== null;
}

/** … and blended additively (EXT_float_blend): what the GPU scopes need. */
export function floatBlendable(gl: WebGL2RenderingContext): boolean {
  return floatRenderable(gl) && gl.getExtension('EXT_float_blend') !== null;
}
