// Decodes one OpenEXR file to a scene-linear half-float RGBA picture with three.js's EXRLoader
// parser (none, RLE, ZIPS, ZIP, PIZ, PXR24, B44/A, DWAA/B; half and float; scanline and tiled;
// multi-part), after checking the header ourselves for the errors users should hear about.
import { HalfFloatType } from 'three';
import { EXRLoader } from 'three/examples/jsm/loaders/EXRLoader.js';
import { ImageDecodeError } from './decodeError';
import { decodeExrFast, decodeExrFastAsync, type BlockInflater } from './exrFastPath';
import {
  EXR_COMPRESSIONS,
  exrLayers,
  readExrHeader,
  selectExrLayer,
  type ExrBox,
  type ExrHeader,
  type ExrLayer,
  type ExrPart,
} from './exrHeader';
import type { FloatImage } from './floatImage';

/** Which part of the picture to show: the display window (overscan cropped), or all the data. */
export type ExrWindowMode = 'display' | 'overscan';

export interface ExrDecodeOptions {
  /** A layer label from `exrLayers` (default: the first layer with R, G, B). */
  layer?: string | null;
  window?: ExrWindowMode;
}

export interface DecodedExr {
  image: FloatImage;
  layers: ExrLayer[];
  /** The layer decoded. */
  layer: string;
  dataWindow: ExrBox;
  displayWindow: ExrBox;
}

export function decodeExr(buffer: ArrayBuffer, options: ExrDecodeOptions = {}): DecodedExr {
  const file = prepare(buffer, options);
  const picture =
    decodeExrFast(file.bytes, file.header, file.layer) ??
    decodeWithLoader(buffer, file.header, file.layer, file.compression);
  return finish(file, picture, options);
}

/**
 * `decodeExr` with the ZIP blocks of fast-path files inflated by `inflater` (native zlib, in
 * parallel batches); the same picture, value for value. Other files decode as `decodeExr` does.
 */
export async function decodeExrAsync(
  buffer: ArrayBuffer,
  options: ExrDecodeOptions,
  inflater: BlockInflater,
): Promise<DecodedExr> {
  const file = prepare(buffer, options);
  const picture =
    (await decodeExrFastAsync(file.bytes, file.header, file.layer, inflater)) ??
    decodeWithLoader(buffer, file.header, file.layer, file.compression);
  return finish(file, picture, options);
}

interface PreparedExr {
  bytes: Uint8Array<ArrayBuffer>;
  header: ExrHeader;
  layers: ExrLayer[];
  layer: ExrLayer;
  part: ExrPart;
  compression: string;
}

/** Reads and checks the header: the errors users should hear about come from here. */
function prepare(buffer: ArrayBuffer, options: ExrDecodeOptions): PreparedExr {
  const bytes = new Uint8Array(buffer);
  const header = readExrHeader(bytes);
  const layers = exrLayers(header);
  const layer = pickLayer(layers, options.layer ?? null);
  const part = header.parts[layer.part];
  if (!part) throw new ImageDecodeError('CORRUPT', 'its header is damaged');
  if (part.deep) {
    throw new ImageDecodeError(
      'UNSUPPORTED',
      'it holds deep data, which the player does not show (flatten it to a regular EXR first)',
    );
  }
  const compression = EXR_COMPRESSIONS[part.compression];
  if (!compression) {
    throw new ImageDecodeError(
      'UNSUPPORTED',
      `its compression (code ${part.compression}) is not supported; use one of ${EXR_COMPRESSIONS.join(', ')}`,
    );
  }
  if (part.tiled && header.multiPart) {
    throw new ImageDecodeError('UNSUPPORTED', 'tiled parts in multi-part files are not supported');
  }
  checkComplete(bytes, header);
  return { bytes, header, layers, layer, part, compression };
}

/** The decoded data window, cropped or extended to the window mode, with its pixel aspect. */
function finish(file: PreparedExr, picture: FloatImage, options: ExrDecodeOptions): DecodedExr {
  const { part } = file;
  const image = windowed(picture, part.dataWindow, part.displayWindow, options.window ?? 'display');
  const pixelAspect = exrPixelAspect(part);
  return {
    image: pixelAspect === 1 ? image : { ...image, pixelAspect },
    layers: file.layers,
    layer: file.layer.label,
    dataWindow: part.dataWindow,
    displayWindow: part.displayWindow,
  };
}

/** The part's `pixelAspectRatio` attribute (a float, 1 when absent or unusable). */
export function exrPixelAspect(part: ExrPart): number {
  const attribute = part.attributes.find((a) => a.name === 'pixelAspectRatio');
  if (!attribute || attribute.type !== 'float' || attribute.value.byteLength < 4) return 1;
  const view = new DataView(
    attribute.value.buffer,
    attribute.value.byteOffset,
    attribute.value.byteLength,
  );
  const value = view.getFloat32(0, true);
  return Number.isFinite(value) && value >= 0.1 && value <= 10 ? value : 1;
}

/** The layer's picture through three.js's EXRLoader (data window, rows top-down). */
function decodeWithLoader(
  buffer: ArrayBuffer,
  header: ExrHeader,
  layer: ExrLayer,
  compression: string,
): FloatImage {
  const bytes = new Uint8Array(buffer);
  const source = selectExrLayer(bytes, header, layer);
  const loader = new EXRLoader().setDataType(HalfFloatType).setPart(layer.part);
  let parsed: { width: number; height: number; data: unknown };
  try {
    const copy = source === bytes ? buffer : source.slice().buffer;
    parsed = loader.parse(copy) as { width: number; height: number; data: unknown };
  } catch (error) {
    throw new ImageDecodeError(
      'CORRUPT',
      `its ${compression} data could not be decoded (${error instanceof Error ? error.message.replace('THREE.EXRLoader: ', '') : String(error)})`,
    );
  }
  if (!(parsed.data instanceof Uint16Array)) {
    throw new ImageDecodeError('CORRUPT', 'the decoder returned no pixels');
  }
  // EXRLoader writes rows bottom-up (a GL texture's origin); pictures here run top-down.
  flipRows(parsed.data, parsed.width * 4, parsed.height);
  return { kind: 'float', width: parsed.width, height: parsed.height, data: parsed.data };
}

function flipRows(data: Uint16Array, rowLength: number, rows: number): void {
  const row = new Uint16Array(rowLength);
  for (let top = 0, bottom = rows - 1; top < bottom; top++, bottom--) {
    const a = data.subarray(top * rowLength, (top + 1) * rowLength);
    const b = data.subarray(bottom * rowLength, (bottom + 1) * rowLength);
    row.set(a);
    a.set(b);
    b.set(row);
  }
}

function pickLayer(layers: ExrLayer[], label: string | null): ExrLayer {
  const chosen = label === null ? undefined : layers.find((layer) => layer.label === label);
  if (chosen) return chosen;
  const rgb = layers.find((layer) =>
    ['R', 'G', 'B'].every((c) =>
      layer.channels.some((name) => name.slice(name.lastIndexOf('.') + 1).toUpperCase() === c),
    ),
  );
  const first = rgb ?? layers[0];
  if (!first) throw new ImageDecodeError('UNSUPPORTED', 'it has no channels');
  return first;
}

/**
 * A truncated file would decode to partly empty pixels without complaint; instead, check that
 * every chunk the offset tables point to lies inside the file.
 */
function checkComplete(bytes: Uint8Array, header: ExrHeader): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lastChunk = 0;
  let firstChunk = Infinity;
  for (let at = header.headerEnd; at + 8 <= bytes.length && at < firstChunk; at += 8) {
    const offset = Number(view.getBigUint64(at, true));
    if (offset <= at) throw new ImageDecodeError('CORRUPT', 'its chunk offset table is damaged');
    if (offset >= bytes.length) throw truncatedData();
    firstChunk = Math.min(firstChunk, offset);
    lastChunk = Math.max(lastChunk, offset);
  }
  if (lastChunk === 0) throw truncatedData();
  // The last chunk: [part number] then y (scanline) or 4 tile coordinates, then its byte size.
  const part = header.parts[0];
  const prefix = (header.multiPart ? 4 : 0) + (part?.tiled ? 16 : 4);
  if (lastChunk + prefix + 4 > bytes.length) throw truncatedData();
  const size = view.getUint32(lastChunk + prefix, true);
  if (lastChunk + prefix + 4 + size > bytes.length) throw truncatedData();
}

function truncatedData(): ImageDecodeError {
  return new ImageDecodeError('TRUNCATED', 'the file is truncated (its pixel data ends early)');
}

/** The part of the data window inside `mode`'s box, on a transparent black ground. */
function windowed(
  image: FloatImage,
  data: ExrBox,
  display: ExrBox,
  mode: ExrWindowMode,
): FloatImage {
  const box =
    mode === 'display'
      ? display
      : {
          xMin: Math.min(data.xMin, display.xMin),
          yMin: Math.min(data.yMin, display.yMin),
          xMax: Math.max(data.xMax, display.xMax),
          yMax: Math.max(data.yMax, display.yMax),
        };
  if (
    box.xMin === data.xMin &&
    box.yMin === data.yMin &&
    box.xMax === data.xMax &&
    box.yMax === data.yMax
  ) {
    return image;
  }
  const width = box.xMax - box.xMin + 1;
  const height = box.yMax - box.yMin + 1;
  const out = new Uint16Array(width * height * 4);
  const x0 = Math.max(box.xMin, data.xMin);
  const x1 = Math.min(box.xMax, data.xMax);
  if (x1 >= x0) {
    for (let y = Math.max(box.yMin, data.yMin); y <= Math.min(box.yMax, data.yMax); y++) {
      const from = ((y - data.yMin) * image.width + (x0 - data.xMin)) * 4;
      const to = ((y - box.yMin) * width + (x0 - box.xMin)) * 4;
      out.set(image.data.subarray(from, from + (x1 - x0 + 1) * 4), to);
    }
  }
  return { kind: 'float', width, height, data: out };
}
