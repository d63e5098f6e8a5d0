// Unpacks 10-bit RGB DPX words into the picture's RGBA16F texture on the GPU (the decode worker
// hands the file's words over as they are: core/media/images/packedImage.ts). The words go up
// as an R32UI texture, the transfer table as a 1024 × 1 R16F one, and one draw into the
// picture texture shifts, masks and looks up each component: the same half values as
// `unpackToFloat` on the CPU. Needs float render targets (EXT_color_buffer_float); the caller
// falls back to the CPU without them.
import type { Packed10Image } from '../core/media/images/packedImage';
import { linkProgram } from './gpuPrograms';

/** Texture units this pass binds (restored after it): clear of the viewer's picture and tables. */
const WORDS_UNIT = 6;
const TABLE_UNIT = 7;

const VERTEX = `#version 300 es
in vec2 a_unit;
void main() {
  gl_Position = vec4(a_unit * 2.0 - 1.0, 0.0, 1.0);
}`;

const FRAGMENT = `#version 300 es
precision highp float;
precision highp int;
uniform highp usampler2D u_words;
uniform highp sampler2D u_table;
uniform uint u_shift;
out vec4 color;
float linear(uint code) {
  return texelFetch(u_table, ivec2(int(code), 0), 0).r;
}
void main() {
  uint word = texelFetch(u_words, ivec2(gl_FragCoord.xy), 0).r >> u_shift;
  color = vec4(linear((word >> 20u) & 1023u), linear((word >> 10u) & 1023u), linear(word & 1023u), 1.0);
}`;

export class Packed10Converter {
  private program: {
    program: WebGLProgram;
    words: WebGLUniformLocation | null;
    table: WebGLUniformLocation | null;
    shift: WebGLUniformLocation | null;
  } | null = null;
  private words: WebGLTexture | null = null;
  private table: WebGLTexture | null = null;
  private tableHolds: Uint16Array | null = null;
  private framebuffer: WebGLFramebuffer | null = null;
  /** Unpacks done on the GPU (tests and the bench read it). */
  conversions = 0;

  constructor(
    private readonly gl: WebGL2RenderingContext,
    /** The unit quad's vertex array (its attribute 0 is `a_unit`). */
    private readonly quad: WebGLVertexArrayObject,
  ) {}

  /**
   * Fills `target` (bound to TEXTURE_2D on unit 0) with `image` as RGBA16F. Returns false when
   * the GPU could not (the framebuffer is incomplete): the caller uploads the CPU's unpacking.
   * Leaves the framebuffer, viewport, program and texture bindings as it found them.
   */
  convert(target: WebGLTexture, image: Packed10Image): boolean {
    const gl = this.gl;
    const { width, height } = image;
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA16F, width, height, 0, gl.RGBA, gl.HALF_FLOAT, null);
    const saved = {
      framebuffer: gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null,
      viewport: gl.getParameter(gl.VIEWPORT) as Int32Array,
      program: gl.getParameter(gl.CURRENT_PROGRAM) as WebGLProgram | null,
      vertexArray: gl.getParameter(gl.VERTEX_ARRAY_BINDING) as WebGLVertexArrayObject | null,
      words: this.boundOn(WORDS_UNIT),
      table: this.boundOn(TABLE_UNIT),
    };
    this.framebuffer ??= gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, target, 0);
    try {
      if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) return false;
      this.uploadWords(image);
      this.uploadTable(image.lut);
      const program = this.ensureProgram();
      gl.useProgram(program.program);
      gl.uniform1i(program.words, WORDS_UNIT);
      gl.uniform1i(program.table, TABLE_UNIT);
      gl.uniform1ui(program.shift, image.shift);
      // The picture texture is the target: it must not stay bound where a sampler could read it.
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, null);
      gl.viewport(0, 0, width, height);
      gl.bindVertexArray(this.quad);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
      this.conversions += 1;
      return true;
    } finally {
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, null, 0);
      gl.bindFramebuffer(gl.FRAMEBUFFER, saved.framebuffer);
      const [x = 0, y = 0, w = 0, h = 0] = saved.viewport;
      gl.viewport(x, y, w, h);
      gl.useProgram(saved.program);
      gl.bindVertexArray(saved.vertexArray);
      this.bindOn(WORDS_UNIT, saved.words);
      this.bindOn(TABLE_UNIT, saved.table);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, target);
    }
  }

  private uploadWords(image: Packed10Image): void {
    const gl = this.gl;
    gl.activeTexture(gl.TEXTURE0 + WORDS_UNIT);
    this.words ??= this.integerTexture();
    gl.bindTexture(gl.TEXTURE_2D, this.words);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    // Whole lines (their end-of-line padding included) but only the last line's pixels: the
    // file may end there. The texture is as wide as a line; the draw reads the first `width`.
    const rows = image.height;
    const full = image.lineWords * rows;
    const words =
      image.words.length >= full ? image.words.subarray(0, full) : padded(image.words, full);
    gl.texImage2D(
      gl.TEXTURE_2D,
      0,
      gl.R32UI,
      image.lineWords,
      rows,
      0,
      gl.RED_INTEGER,
      gl.UNSIGNED_INT,
      words,
    );
  }

  private uploadTable(lut: Uint16Array): void {
    const gl = this.gl;
    gl.activeTexture(gl.TEXTURE0 + TABLE_UNIT);
    this.table ??= this.integerTexture();
    gl.bindTexture(gl.TEXTURE_2D, this.table);
    if (this.tableHolds === lut) return;
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 2);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R16F, lut.length, 1, 0, gl.RED, gl.HALF_FLOAT, lut);
    this.tableHolds = lut;
  }

  /** A texture read with texelFetch only (nearest, no mipmaps), bound on the active unit. */
  private integerTexture(): WebGLTexture {
    const gl = this.gl;
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    return texture;
  }

  /** The unpack program and its uniforms' locations, linked on first use. */
  private ensureProgram(): NonNullable<Packed10Converter['program']> {
    if (!this.program) {
      const gl = this.gl;
      const program = linkProgram(gl, VERTEX, FRAGMENT);
      this.program = {
        program,
        words: gl.getUniformLocation(program, 'u_words'),
        table: gl.getUniformLocation(program, 'u_table'),
        shift: gl.getUniformLocation(program, 'u_shift'),
      };
    }
    return this.program;
  }

  private boundOn(unit: number): WebGLTexture | null {
    const gl = this.gl;
    gl.activeTexture(gl.TEXTURE0 + unit);
    return gl.getParameter(gl.TEXTURE_BINDING_2D) as WebGLTexture | null;
  }

  private bindOn(unit: number, texture: WebGLTexture | null): void {
    const gl = this.gl;
    gl.activeTexture(gl.TEXTURE0 + unit);
    gl.bindTexture(gl.TEXTURE_2D, texture);
  }
}

/** `words` followed by zeros up to `length` (a last line without its end-of-line padding). */
function padded(words: Uint32Array, length: number): Uint32Array {
  const out = new Uint32Array(length);
  out.set(words);
  return out;
}
