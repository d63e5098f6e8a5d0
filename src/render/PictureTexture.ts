// The picture's texture on the GPU: uploads a frame (8-bit sRGB, half/float scene-linear pictures
// as RGBA16F/32F, 10-bit DPX words unpacked into RGBA16F by Packed10Converter), remembers what it
// holds, and picks its filtering for the zoom.
import { isFloatImage } from '../core/media/images/floatImage';
import { isPacked10Image, setGpuFitForDpx, unpackToFloat } from '../core/media/images/packedImage';
import type { FrameImage } from '../core/media/types';
import { Packed10Converter } from './Packed10Converter';

/** Device px per image px below which mipmaps are used. */
const MIPMAP_BELOW_SCALE = 0.5;

export class PictureTexture {
  /** Version of the renderer's picture now in the texture; -1 = nothing usable uploaded. */
  version = -1;
  /** The texture holds scene-linear float data (OpenEXR, DPX) rather than sRGB-encoded 8-bit. */
  linear = false;
  private float32 = false;
  private mipmapVersion = -1;
  private failureReported = false;
  /** Float textures are color-renderable (EXT_color_buffer_float): mipmaps, readable targets. */
  readonly floatRenderable: boolean;
  /** RGBA32F can be sampled bilinearly only with OES_texture_float_linear. */
  private readonly float32Linear: boolean;

  constructor(private readonly gl: WebGL2RenderingContext) {
    this.floatRenderable = gl.getExtension('EXT_color_buffer_float') !== null;
    this.float32Linear = gl.getExtension('OES_texture_float_linear') !== null;
    setGpuFitForDpx(this.floatRenderable && !softwareRenderer(gl));
  }

  /**
   * The context came back: extensions are enabled per context, so the float ones are asked for
   * again (without them the float targets, mipmaps and the DPX unpack pass would fail).
   */
  restored(): void {
    this.gl.getExtension('EXT_color_buffer_float');
    this.gl.getExtension('OES_texture_float_linear');
  }

  /** Unpacks 10-bit DPX words on the GPU (created on the first such picture). */
  private packed: Packed10Converter | null = null;
  /** GPU unpacks by converters of contexts since lost. */
  private earlierUnpacks = 0;

  /** The context was lost: nothing is uploaded any more (the converter's objects went too). */
  forget(): void {
    this.version = -1;
    this.mipmapVersion = -1;
    this.earlierUnpacks += this.packed?.conversions ?? 0;
    this.packed = null;
  }

  /** 10-bit DPX pictures unpacked on the GPU so far (0 where the CPU does it: no float targets). */
  get gpuUnpacks(): number {
    return this.earlierUnpacks + (this.packed?.conversions ?? 0);
  }

  /**
   * Uploads `image` (version `version` of the renderer's picture) into `texture`, bound to
   * TEXTURE_2D on unit 0; `quad` is the unit quad's vertex array (for the DPX unpack pass).
   */
  upload(
    image: FrameImage,
    version: number,
    texture: WebGLTexture,
    quad: WebGLVertexArrayObject,
  ): void {
    const gl = this.gl;
    try {
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
      gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
      if (isPacked10Image(image)) {
        this.packed ??= this.floatRenderable ? new Packed10Converter(gl, quad) : null;
        if (!this.packed?.convert(texture, image)) {
          this.upload(unpackToFloat(image), version, texture, quad);
          return;
        }
        this.linear = true;
        this.float32 = false;
      } else if (isFloatImage(image)) {
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
        this.linear = true;
        this.float32 = !half;
      } else {
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, image);
        this.linear = false;
        this.float32 = false;
      }
    } catch (error) {
      // e.g. a VideoFrame closed by its source before we drew it; the next setImage retries.
      if (!this.failureReported) console.warn('Viewer: texture upload failed', error);
      this.failureReported = true;
      return;
    }
    this.version = version;
  }

  /**
   * Nearest from 1:1 up (reviewers inspect pixels); bilinear below; trilinear (mipmaps) only when
   * shrinking past half size on screen, where bilinear alone would alias, because regenerating
   * mipmaps for every played frame is expensive on software GL.
   */
  setFiltering(zoom: number, dpr: number): void {
    const gl = this.gl;
    let min: number = gl.NEAREST;
    let mag: number = gl.NEAREST;
    const filterable = !this.float32 || this.float32Linear;
    if (zoom < 1 && filterable) {
      mag = gl.LINEAR;
      min = gl.LINEAR;
      const mipmaps = !this.linear || this.floatRenderable;
      if (mipmaps && zoom * dpr < MIPMAP_BELOW_SCALE) {
        if (this.mipmapVersion !== this.version) {
          gl.generateMipmap(gl.TEXTURE_2D);
          this.mipmapVersion = this.version;
        }
        min = gl.LINEAR_MIPMAP_LINEAR;
      }
    }
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, min);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, mag);
  }
}

/** A GPU emulated on the CPU (SwiftShader, llvmpipe, Microsoft's Basic Render Driver). */
export function softwareRenderer(gl: WebGL2RenderingContext): boolean {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
}
