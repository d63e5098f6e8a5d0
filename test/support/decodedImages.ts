// Helpers for the OpenEXR/DPX decoder tests: file bytes as an ArrayBuffer, pixel values of a
// FloatImage, and the ImageDecodeError a decode throws.
import { readFileSync } from 'node:fs';
import { ImageDecodeError } from '../../src/core/media/images/decodeError';
import { floatImageValue, type FloatImage } from '../../src/core/media/images/floatImage';

/** A file's bytes (or given bytes) as a fresh ArrayBuffer of their own. */
export function bufferOf(source: string | Uint8Array): ArrayBuffer {
  const bytes = typeof source === 'string' ? readFileSync(source) : source;
  return new Uint8Array(bytes).buffer;
}

/** The first `channels` values (R, G, B, A) of the pixel at (x, y). */
export function pixelOf(image: FloatImage, x: number, y: number, channels = 4): number[] {
  return Array.from({ length: channels }, (_, c) => floatImageValue(image, y * image.width + x, c));
}

/** The ImageDecodeError `run` throws (fails the test if it throws nothing or something else). */
export function decodeFailure(run: () => unknown): ImageDecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImageDecodeError) return error;
    throw error;
  }
  throw new Error('expected an ImageDecodeError');
}
