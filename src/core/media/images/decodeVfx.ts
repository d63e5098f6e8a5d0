// One VFX image file (OpenEXR, DPX or TIFF) to a FloatImage, as the decode worker runs it: the request
// and reply that cross the worker boundary, and the decode itself (also run inline without workers).
import { ImageDecodeError, type ImageDecodeErrorCode } from './decodeError';
import { decodeDpx, decodeDpxForViewer } from './dpxDecode';
import { decodeExr, decodeExrAsync, type ExrWindowMode } from './exrDecode';
import type { BlockInflater } from './exrFastPath';
import type { FloatImage } from './floatImage';
import type { Packed10Image } from './packedImage';
import { streamInflater } from './streamInflate';
import { decodeTiff } from './tiffDecode';

export type VfxFormat = 'exr' | 'dpx' | 'tiff';

export interface VfxDecodeOptions {
  /** EXR: the layer label to show (null: the first with R, G, B). */
  layer: string | null;
  /** EXR: crop to the display window, or show the overscan too. */
  window: ExrWindowMode;
  /** DPX: 10-bit RGB as its words, for the viewer to unpack on the GPU (packedImage.ts). */
  dpxWords?: boolean;
}

/**
 * How EXR ZIP blocks are inflated: 'js' block by block in this thread (libdeflate in
 * WebAssembly, or fflate where WebAssembly cannot run); 'native' with the platform's
 * DecompressionStream, in parallel batches (docs/performance.md measures both).
 */
export type InflateMode = 'js' | 'native';

/** What the decode workers use (docs/performance.md, "OpenEXR and DPX decode"). */
export const DEFAULT_INFLATE: InflateMode = 'js';

export interface VfxDecodeRequest {
  id: number;
  file: File;
  format: VfxFormat;
  options: VfxDecodeOptions;
  /** Absent: DEFAULT_INFLATE. */
  inflate?: InflateMode;
}

/** A decoded picture: scene-linear halves, or 10-bit DPX words the viewer unpacks (packedImage.ts). */
export type VfxImage = FloatImage | Packed10Image;

export interface VfxPicture {
  image: VfxImage;
  /** EXR layer labels (one entry, 'RGBA', for DPX and TIFF). */
  layers: string[];
  layer: string;
  /** EXR: the data window reaches outside the display window (there is overscan to show). */
  overscan: boolean;
}

export type VfxDecodeReply =
  | { id: number; picture: VfxPicture }
  | { id: number; error: { code: ImageDecodeErrorCode; reason: string } };

/** Decodes one file; EXR ZIP blocks go through `inflater` when given (else inline: 'js'). */
export async function decodeVfxFile(
  file: Pick<Blob, 'arrayBuffer'>,
  format: VfxFormat,
  options: VfxDecodeOptions,
  inflater?: BlockInflater,
): Promise<VfxPicture> {
  const buffer = await file.arrayBuffer();
  if (format === 'dpx' || format === 'tiff') {
    const dpx = options.dpxWords ? decodeDpxForViewer : decodeDpx;
    const image = format === 'dpx' ? dpx(buffer).image : decodeTiff(buffer);
    return { image, layers: ['RGBA'], layer: 'RGBA', overscan: false };
  }
  const decoded = inflater
    ? await decodeExrAsync(buffer, options, inflater)
    : decodeExr(buffer, options);
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
      picture: await decodeVfxFile(
        request.file,
        request.format,
        request.options,
        (request.inflate ?? DEFAULT_INFLATE) === 'native' ? streamInflater : undefined,
      ),
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
