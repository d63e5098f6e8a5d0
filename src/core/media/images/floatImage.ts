// Scene-linear RGBA pictures decoded from OpenEXR and DPX: what the viewer uploads as an RGBA16F/32F
// texture (WebGL2), and their 8-bit sRGB preview for places that draw with a 2D canvas.

/** An RGBA picture in scene-linear light, rows top to bottom, 4 values per pixel. */
export interface FloatImage {
  readonly kind: 'float';
  readonly width: number;
  readonly height: number;
  /** Half-float bit patterns (Uint16Array, uploaded as HALF_FLOAT) or 32-bit floats. */
  readonly data: Uint16Array | Float32Array;
  /** The pixel aspect ratio the file declares (absent: square or unknown). */
  readonly pixelAspect?: number;
}

export function isFloatImage(image: unknown): image is FloatImage {
  return (
    typeof image === 'object' && image !== null && (image as { kind?: unknown }).kind === 'float'
  );
}

const HALF_EXPONENT_BIAS = 15;

/** The value of a half-float bit pattern (IEEE 754 binary16). */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** (1 - HALF_EXPONENT_BIAS - 10);
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - HALF_EXPONENT_BIAS);
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The nearest half-float bit pattern of a number (round to nearest even; overflow to ±Inf). */
export function floatToHalf(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  let halfExponent = exponent - 127 + HALF_EXPONENT_BIAS;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const rounded = (mantissa >> shift) + ((mantissa >> (shift - 1)) & 1);
    return sign | rounded;
  }
  const rounded = (mantissa >> 13) + ((mantissa >> 12) & 1);
  if (rounded === 0x400) {
    halfExponent += 1;
    if (halfExponent >= 0x1f) return sign | 0x7c00;
    return sign | (halfExponent << 10);
  }
  return sign | (halfExponent << 10) | rounded;
}

/** One channel value of pixel `index` (0..3 = R, G, B, A) as a number. */
export function floatImageValue(image: FloatImage, pixel: number, channel: number): number {
  const raw = image.data[pixel * 4 + channel] ?? 0;
  return image.data instanceof Uint16Array ? halfToFloat(raw) : raw;
}

function encodeSrgb(linear: number): number {
  const c = Math.min(1, Math.max(0, linear));
  const encoded = c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(encoded * 255);
}

/** An 8-bit sRGB copy (the viewer's display transform without a grade), e.g. for thumbnails. */
export function floatImageToRgba8(image: FloatImage): Uint8ClampedArray<ArrayBuffer> {
  const pixels = image.width * image.height;
  const out = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = encodeSrgb(floatImageValue(image, p, c));
    out[p * 4 + 3] = Math.round(Math.min(1, Math.max(0, floatImageValue(image, p, 3))) * 255);
  }
  return out;
}
