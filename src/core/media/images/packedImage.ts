// 10-bit RGB DPX as the file stores it, one 32-bit word per pixel, handed to the viewer as it is:
// the viewer unpacks the words and applies the transfer table on the GPU while it uploads the
// picture (render/Packed10Converter.ts), as OpenRV does. The decode worker then only reads the
// file, and the decode cache holds 4 bytes a pixel instead of 8. Only where the GPU is real:
// a software renderer (SwiftShader, llvmpipe) runs the unpack pass slower than the worker's
// loop (docs/performance.md), so there the workers unpack as before (`dpxWordsWanted`).
// `unpackToFloat` does the same on the CPU, value for value: where words arrive but the GPU
// cannot render to float textures, and for the places that draw with a 2D canvas (thumbnails).
import type { FloatImage } from './floatImage';

export interface Packed10Image {
  readonly kind: 'packed10';
  readonly width: number;
  readonly height: number;
  /** The words, line by line (`lineWords` a line, at least `width`), in the platform's byte order. */
  readonly words: Uint32Array;
  readonly lineWords: number;
  /** Bits below blue: 2 for fill method A (padding in the low bits), 0 for method B. */
  readonly shift: number;
  /** The transfer table: 1024 half-float bit patterns, code value → scene-linear light. */
  readonly lut: Uint16Array;
  /** The pixel aspect ratio the file declares (absent: square or unknown). */
  readonly pixelAspect?: number;
}

export function isPacked10Image(image: unknown): image is Packed10Image {
  return (
    typeof image === 'object' && image !== null && (image as { kind?: unknown }).kind === 'packed10'
  );
}

const HALF_ONE = 0x3c00;
const PLATFORM_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Words (red in the high bits, then green, then blue, above `shift` padding bits) to RGBA halves
 * through the transfer table, alpha 1.0, into `out`. `swap`: the words are in the other byte order.
 */
export function unpackWords(
  source: { words: Uint32Array; lineWords: number; shift: number; lut: Uint16Array },
  size: { width: number; height: number },
  swap: boolean,
  out: Uint16Array,
): void {
  const { words, lineWords, shift, lut } = source;
  const { width, height } = size;
  if (!PLATFORM_LITTLE_ENDIAN) {
    for (let y = 0, o = 0; y < height; y++) {
      for (let x = 0, i = y * lineWords; x < width; x++, i++, o += 4) {
        const word = wordAt(words, i, swap) >>> shift;
        out[o] = lut[(word >>> 20) & 0x3ff] as number;
        out[o + 1] = lut[(word >>> 10) & 0x3ff] as number;
        out[o + 2] = lut[word & 0x3ff] as number;
        out[o + 3] = HALF_ONE;
      }
    }
    return;
  }
  // Little-endian: a pixel is two 32-bit stores, red and green halves, then blue and alpha.
  const pairs = new Uint32Array(out.buffer, out.byteOffset, out.length >> 1);
  const alpha = HALF_ONE << 16;
  for (let y = 0, o = 0; y < height; y++) {
    const end = y * lineWords + width;
    for (let i = y * lineWords; i < end; i++, o += 2) {
      const word = wordAt(words, i, swap) >>> shift;
      pairs[o] =
        (lut[(word >>> 20) & 0x3ff] as number) | ((lut[(word >>> 10) & 0x3ff] as number) << 16);
      pairs[o + 1] = (lut[word & 0x3ff] as number) | alpha;
    }
  }
}

/** Word `i`, byte-swapped when `swap`. */
export function wordAt(words: Uint32Array, i: number, swap: boolean): number {
  const word = words[i] as number;
  if (!swap) return word;
  return ((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24);
}

/** The same picture as scene-linear RGBA halves. */
export function unpackToFloat(image: Packed10Image): FloatImage {
  const data = new Uint16Array(image.width * image.height * 4);
  unpackWords(image, image, false, data);
  const picture: FloatImage = { kind: 'float', width: image.width, height: image.height, data };
  return image.pixelAspect === undefined ? picture : { ...picture, pixelAspect: image.pixelAspect };
}

/** A picture as scene-linear halves, whichever form it came in. */
export function asFloatImage(image: FloatImage | Packed10Image): FloatImage {
  return isPacked10Image(image) ? unpackToFloat(image) : image;
}

/**
 * Who unpacks 10-bit DPX: the GPU, the decode workers, or 'auto' (the GPU when the viewer has a
 * hardware one that renders to float textures). `window.REELSYNC_CONFIG.dpxUnpack` sets it.
 */
export type DpxUnpack = 'gpu' | 'worker' | 'auto';

const dpxUnpack = { mode: 'auto' as DpxUnpack, gpuFit: false };

export function setDpxUnpackMode(mode: unknown): void {
  dpxUnpack.mode = mode === 'gpu' || mode === 'worker' ? mode : 'auto';
}

/** The viewer's verdict on its GPU: hardware, with float render targets. */
export function setGpuFitForDpx(fit: boolean): void {
  dpxUnpack.gpuFit = fit;
}

/** Whether decodes should hand 10-bit DPX over as words (else the workers unpack it). */
export function dpxWordsWanted(): boolean {
  return dpxUnpack.mode === 'auto' ? dpxUnpack.gpuFit : dpxUnpack.mode === 'gpu';
}
