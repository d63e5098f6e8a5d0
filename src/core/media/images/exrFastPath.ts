// A fast decoder for the most common OpenEXR review files: one part, scanlines, HALF channels,
// compression none, ZIPS or ZIP. Measured (docs/performance.md) three.js's EXRLoader spends most
// of a 1080p ZIP frame reading values one by one through DataView getters; this path inflates
// with the same fflate and reads whole blocks through typed arrays. Anything else: EXRLoader.
import { unzlibSync } from 'three/examples/jsm/libs/fflate.module.js';
import { ImageDecodeError } from './decodeError';
import { layerSlots, type ExrHeader, type ExrLayer } from './exrHeader';
import type { FloatImage } from './floatImage';

const HALF = 1;
const NONE = 0;
const ZIPS = 2;
const ZIP = 3;
const HALF_ONE = 0x3c00;

/** True when `decodeExrFast` handles the file's first part. */
export function fastPathApplies(header: ExrHeader): boolean {
  const part = header.parts[0];
  if (!part || header.multiPart || part.tiled || part.deep) return false;
  if (part.compression !== NONE && part.compression !== ZIPS && part.compression !== ZIP) {
    return false;
  }
  const channels = part.channels;
  return (
    channels.every(
      (channel) => channel.pixelType === HALF && channel.xSampling === 1 && channel.ySampling === 1,
    ) && !channels.some((channel) => channel.name === 'RY' || channel.name === 'BY')
  );
}

/** The picture of `layer` (data window, rows top-down), or null when the file needs EXRLoader. */
export function decodeExrFast(
  bytes: Uint8Array,
  header: ExrHeader,
  layer: ExrLayer,
): FloatImage | null {
  const part = header.parts[layer.part];
  if (!part || layer.part !== 0 || !fastPathApplies(header)) return null;
  const channels = part.channels;
  const { dataWindow } = part;
  const width = dataWindow.xMax - dataWindow.xMin + 1;
  const height = dataWindow.yMax - dataWindow.yMin + 1;
  const blockHeight = part.compression === ZIP ? 16 : 1;
  const blocks = Math.ceil(height / blockHeight);
  const slots = layerSlots(part, layer);
  const hasAlpha = [...slots.values()].some((list) => list.includes(3));
  const out = new Uint16Array(width * height * 4);
  if (!hasAlpha) for (let i = 3; i < out.length; i += 4) out[i] = HALF_ONE;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lineValues = width * channels.length;
  for (let block = 0; block < blocks; block++) {
    const tableAt = header.headerEnd + block * 8;
    if (tableAt + 8 > bytes.length) throw truncated();
    const chunk = Number(view.getBigUint64(tableAt, true));
    if (chunk + 8 > bytes.length) throw truncated();
    const y0 = view.getInt32(chunk, true) - dataWindow.yMin;
    const size = view.getUint32(chunk + 4, true);
    if (chunk + 8 + size > bytes.length) throw truncated();
    if (y0 < 0 || y0 >= height)
      throw new ImageDecodeError('CORRUPT', 'a scanline block is out of range');
    const lines = Math.min(blockHeight, height - y0);
    const expected = lines * lineValues * 2;
    const payload = bytes.subarray(chunk + 8, chunk + 8 + size);
    // Value m of the block: ZIP keeps its low bytes in the first half and its high bytes in the
    // second (after the predictor); uncompressed data is plain little-endian pairs.
    const zipped = size < expected;
    const raw = zipped ? unzip(payload, expected) : payload;
    if (raw.length < expected) throw truncated();
    const lowStep = zipped ? 1 : 2;
    const highBase = zipped ? (raw.length + 1) >> 1 : 1;
    for (let line = 0; line < lines; line++) {
      const rowOut = (y0 + line) * width * 4;
      const rowIn = line * lineValues;
      for (const [channel, targets] of slots) {
        const from = rowIn + channel * width;
        for (const slot of targets) {
          let low = from * lowStep;
          let high = highBase + from * lowStep;
          for (let o = rowOut + slot, end = o + width * 4; o < end; o += 4) {
            out[o] = (raw[low] as number) | ((raw[high] as number) << 8);
            low += lowStep;
            high += lowStep;
          }
        }
      }
    }
  }
  return { kind: 'float', width, height, data: out };
}

/** Inflates a ZIP/ZIPS block and undoes OpenEXR's predictor (a running sum of byte deltas). */
function unzip(payload: Uint8Array, expected: number): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = unzlibSync(payload);
  } catch (error) {
    throw new ImageDecodeError(
      'CORRUPT',
      `its ZIP data could not be inflated (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (raw.length !== expected) throw truncated();
  let previous = raw[0] as number;
  for (let i = 1; i < raw.length; i++) {
    previous = (previous + (raw[i] as number) - 128) & 0xff;
    raw[i] = previous;
  }
  return raw;
}

function truncated(): ImageDecodeError {
  return new ImageDecodeError('TRUNCATED', 'the file is truncated (its pixel data ends early)');
}
