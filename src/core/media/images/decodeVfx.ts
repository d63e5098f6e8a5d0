// One VFX image file (OpenEXR or DPX) to a FloatImage, as the decode worker runs it: the request
// and reply that cross the worker boundary, and the decode itself (also run inline without workers).
import { ImageDecodeError, type ImageDecodeErrorCode } from './decodeError';
import { decodeDpx } from './dpxDecode';
import { decodeExr, type ExrWindowMode } from './exrDecode';
import type { FloatImage } from './floatImage';

export type VfxFormat = 'exr' | 'dpx';

export interface VfxDecodeOptions {
  /** EXR: the layer label to show (null: the first with R, G, B). */
  layer: string | null;
  /** EXR: crop to the display window, or show the overscan too. */
  window: ExrWindowMode;
}

export interface VfxDecodeRequest {
  id: number;
  file: File;
  format: VfxFormat;
  options: VfxDecodeOptions;
}

export interface VfxPicture {
  image: FloatImage;
  /** EXR layer labels (one entry, 'RGBA', for DPX). */
  layers: string[];
  layer: string;
  /** EXR: the data window reaches outside the display window (there is overscan to show). */
  overscan: boolean;
}

export type VfxDecodeReply =
  | { id: number; picture: VfxPicture }
  | { id: number; error: { code: ImageDecodeErrorCode; reason: string } };

export async function decodeVfxFile(
  file: Blob,
  format: VfxFormat,
  options: VfxDecodeOptions,
): Promise<VfxPicture> {
  const buffer = await file.arrayBuffer();
  if (format === 'dpx') {
    return { image: decodeDpx(buffer).image, layers: ['RGBA'], layer: 'RGBA', overscan: false };
  }
  const decoded = decodeExr(buffer, options);
  const data = decoded.dataWindow;
  const display = decoded.displayWindow;
  return {
    image: decoded.image,
    layers: decoded.layers.map((layer) => layer.label),
    layer: decoded.layer,
    overscan:
      data.xMin < display.xMin ||
      data.yMin < display.yMin ||
      data.xMax > display.xMax ||
      data.yMax > display.yMax,
  };
}

/** The reply for a request: the picture, or the decode error as plain data. */
export async function answer(request: VfxDecodeRequest): Promise<VfxDecodeReply> {
  try {
    return {
      id: request.id,
      picture: await decodeVfxFile(request.file, request.format, request.options),
    };
  } catch (error) {
    if (error instanceof ImageDecodeError) {
      return { id: request.id, error: { code: error.code, reason: error.reason } };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return {
      id: request.id,
      error: { code: 'CORRUPT', reason: `it could not be decoded (${reason})` },
    };
  }
}
