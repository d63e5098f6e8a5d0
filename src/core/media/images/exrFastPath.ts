// A fast decoder for the most common OpenEXR review files: one part, scanlines, HALF channels,
// compression none, ZIPS, ZIP, PIZ or PXR24. Measured (docs/performance.md) three.js's EXRLoader
// spends most of a 1080p ZIP frame reading values one by one through DataView getters, and is
// about five times slower than OpenEXR's own PIZ decoder; this path inflates with libdeflate and
// undoes PIZ and PXR24 with OpenEXRCore, all in WebAssembly (wasmInflate.ts), and reads whole
// blocks into the picture there. Where WebAssembly cannot run, ZIP is inflated with fflate (as
// EXRLoader) and PIZ and PXR24 go to EXRLoader. Anything else: EXRLoader.
import { unzlibSync } from 'three/examples/jsm/libs/fflate.module.js';
import { ImageDecodeError } from './decodeError';
import { layerSlots, type ExrHeader, type ExrLayer } from './exrHeader';
import type { FloatImage } from './floatImage';
import { wasmInflater, type WasmInflater } from './wasmInflate';

const HALF = 1;
const NONE = 0;
const ZIPS = 2;
const ZIP = 3;
const PIZ = 4;
const PXR24 = 5;
/** Compressions only OpenEXR's decoders in WebAssembly read here. */
const CORE_ONLY = new Set([PIZ, PXR24]);
/** Lines per block of each compression this path reads (OpenEXR's own figures). */
const BLOCK_LINES: Readonly<Record<number, number>> = {
  [NONE]: 1,
  [ZIPS]: 1,
  [ZIP]: 16,
  [PIZ]: 32,
  [PXR24]: 16,
};
const HALF_ONE = 0x3c00;

/** True when `decodeExrFast` handles the file's first part. */
export function fastPathApplies(header: ExrHeader): boolean {
  const part = header.parts[0];
  if (!part || header.multiPart || part.tiled || part.deep) return false;
  if (BLOCK_LINES[part.compression] === undefined) return false;
  // PIZ and PXR24 only through OpenEXR's decoders in WebAssembly; EXRLoader has its own.
  if (CORE_ONLY.has(part.compression) && !wasmInflater()) return false;
  const channels = part.channels;
  return (
    channels.every(
      (channel) => channel.pixelType === HALF && channel.xSampling === 1 && channel.ySampling === 1,
    ) && !channels.some((channel) => channel.name === 'RY' || channel.name === 'BY')
  );
}

/** One scanline block of the file: where its lines go and its (possibly compressed) bytes. */
interface Block {
  y0: number;
  lines: number;
  payload: Uint8Array<ArrayBuffer>;
  /** Its size once decompressed. */
  expected: number;
  /** Compressed (ZIP or PIZ, the part's compression), else stored plain. */
  packed: boolean;
}

/** Everything the block reader needs: the output picture, the channel order and the blocks. */
interface Plan {
  width: number;
  height: number;
  order: Array<readonly number[]>;
  out: Uint16Array;
  compression: number;
  /** No channel fills alpha: it is 1.0. */
  alphaOne: boolean;
  blocks: Block[];
}

/**
 * Inflates zlib blocks natively (the browser's DecompressionStream, node:zlib in the benchmark):
 * resolves to each block's bytes, `sizes[i]` long when the data is whole.
 */
export type BlockInflater = (
  payloads: ReadonlyArray<Uint8Array<ArrayBuffer>>,
  sizes: readonly number[],
) => Promise<Uint8Array[]>;

/** The picture of `layer` (data window, rows top-down), or null when the file needs EXRLoader. */
export function decodeExrFast(
  bytes: Uint8Array<ArrayBuffer>,
  header: ExrHeader,
  layer: ExrLayer,
): FloatImage | null {
  const plan = planOf(bytes, header, layer);
  if (!plan) return null;
  // One output buffer for every block (one byte more than a block: an over-long block shows).
  const outputSize = Math.max(0, ...plan.blocks.map((b) => b.expected)) + 1;
  const packed = plan.blocks.filter((block) => block.packed);
  const wasm = packed.length > 0 ? wasmInflater() : null;
  if (wasm) {
    // Decompressed and read into RGBA in WebAssembly, each block's lines copied in whole.
    const masks = Uint8Array.from(plan.order, (slots) =>
      slots.reduce((mask, slot) => mask | (1 << slot), 0),
    );
    const lines = Math.max(...plan.blocks.map((block) => block.lines));
    // Packed blocks come out whole (alpha included); plain ones are read into the picture.
    if (packed.length < plan.blocks.length) fillAlpha(plan);
    wasm.reserve(
      Math.max(...packed.map((block) => block.payload.length)),
      outputSize,
      lines * plan.width * 8,
      masks.length,
    );
    for (const block of plan.blocks) {
      if (!block.packed) {
        readBlock(plan, block, null);
        continue;
      }
      const shape = { lines: block.lines, width: plan.width, masks, alphaOne: plan.alphaOne };
      let rows: Uint16Array;
      if (CORE_ONLY.has(plan.compression)) {
        const raw = undoBlockWasm(wasm, plan, block, masks.length);
        rows = wasm.blockRgba(false, { ...shape, length: raw.length });
      } else {
        const raw = inflateWasm(wasm, block);
        rows = wasm.blockRgba(true, { ...shape, length: raw.length });
      }
      plan.out.set(rows, block.y0 * plan.width * 4);
    }
    return pictureOf(plan);
  }
  // fastPathApplies keeps PIZ and PXR24 files away when WebAssembly cannot run.
  if (CORE_ONLY.has(plan.compression) && packed.length > 0) return null;
  fillAlpha(plan);
  const scratch = new Uint8Array(outputSize);
  for (const block of plan.blocks) {
    readBlock(plan, block, block.packed ? inflate(block.payload, block.expected, scratch) : null);
  }
  return pictureOf(plan);
}

/** `inflate` through libdeflate in WebAssembly (the same checks, the same errors). */
function inflateWasm(wasm: WasmInflater, block: Block): Uint8Array {
  const raw = wasm.inflate(block.payload);
  if (raw === null) throw inflateError(new Error('invalid or over-long zlib data'));
  if (raw.length !== block.expected) throw truncated();
  return raw;
}

/** A PIZ or PXR24 block through OpenEXR's decoder in WebAssembly, or the reason it is damaged. */
function undoBlockWasm(wasm: WasmInflater, plan: Plan, block: Block, channels: number): Uint8Array {
  const raw = wasm.undoBlock(plan.compression, block.payload, block.expected, {
    width: plan.width,
    lines: block.lines,
    channels,
    startY: block.y0,
  });
  if (raw === null) {
    const name = plan.compression === PIZ ? 'PIZ' : 'PXR24';
    throw new ImageDecodeError(
      'CORRUPT',
      `its ${name} data could not be decoded (a block is damaged)`,
    );
  }
  return raw;
}

/**
 * The same picture as `decodeExrFast`, with the ZIP blocks inflated by `inflater` in batches of
 * `batch` blocks at a time (each batch in parallel, read out as it arrives).
 */
export async function decodeExrFastAsync(
  bytes: Uint8Array<ArrayBuffer>,
  header: ExrHeader,
  layer: ExrLayer,
  inflater: BlockInflater,
  batch = 16,
): Promise<FloatImage | null> {
  const plan = planOf(bytes, header, layer);
  if (!plan) return null;
  // PIZ and PXR24 have no native decoder to hand blocks to: OpenEXR's, in WebAssembly, here.
  if (CORE_ONLY.has(plan.compression)) return decodeExrFast(bytes, header, layer);
  fillAlpha(plan);
  const blocks = plan.blocks;
  const inflateGroup = (from: number): Promise<Array<Uint8Array | null>> => {
    const group = blocks.slice(from, from + batch);
    const zipped = group.filter((block) => block.packed);
    // An inflater that throws at once rejects here like one that rejects later.
    return Promise.resolve()
      .then(() =>
        inflater(
          zipped.map((block) => block.payload),
          zipped.map((block) => block.expected),
        ),
      )
      .then(
        (raws) => {
          let next = 0;
          return group.map((block) => (block.packed ? (raws[next++] ?? null) : null));
        },
        (error: unknown) => {
          throw inflateError(error);
        },
      );
  };
  // The next batch inflates while this one is read out.
  let pending = inflateGroup(0);
  for (let from = 0; from < blocks.length; from += batch) {
    const raws = await pending;
    if (from + batch < blocks.length) pending = inflateGroup(from + batch);
    raws.forEach((raw, i) => {
      const block = blocks[from + i];
      if (!block) return;
      if (block.packed && (raw === null || raw.length !== block.expected)) throw truncated();
      readBlock(plan, block, raw);
    });
  }
  return pictureOf(plan);
}

function planOf(bytes: Uint8Array<ArrayBuffer>, header: ExrHeader, layer: ExrLayer): Plan | null {
  const part = header.parts[layer.part];
  if (!part || layer.part !== 0 || !fastPathApplies(header)) return null;
  const channels = part.channels;
  const { dataWindow } = part;
  const width = dataWindow.xMax - dataWindow.xMin + 1;
  const height = dataWindow.yMax - dataWindow.yMin + 1;
  const blockHeight = BLOCK_LINES[part.compression] ?? 1;
  const count = Math.ceil(height / blockHeight);
  const slots = layerSlots(part, layer);
  // Every channel of a line in file order, with the RGBA slots it fills (none: skipped).
  const order: Array<readonly number[]> = channels.map((_, index) => slots.get(index) ?? []);
  const hasAlpha = [...slots.values()].some((list) => list.includes(3));
  const out = new Uint16Array(width * height * 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks: Block[] = [];
  for (let block = 0; block < count; block++) {
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
    const expected = lines * width * channels.length * 2;
    const payload = bytes.subarray(chunk + 8, chunk + 8 + size);
    // A block stored smaller than its size is compressed, else plain (OpenEXR's rule).
    blocks.push({ y0, lines, payload, expected, packed: size < expected });
  }
  return { width, height, order, out, blocks, compression: part.compression, alphaOne: !hasAlpha };
}

/** Reads one block's values into the picture (`raw`: its inflated bytes, null when plain). */
function readBlock(plan: Plan, block: Block, raw: Uint8Array | null): void {
  const { out, width, order } = plan;
  if (raw) {
    if (raw.length !== block.expected) throw truncated();
    unpredictInto(out, raw, block.y0, block.lines, width, order);
  } else {
    if (block.payload.length < block.expected) throw truncated();
    copyPlainInto(out, block.payload, block.y0, block.lines, width, order);
  }
}

/** Alpha 1.0 everywhere when no channel of the layer fills it (before the blocks are read). */
function fillAlpha(plan: Plan): void {
  if (!plan.alphaOne) return;
  const { out } = plan;
  for (let i = 3; i < out.length; i += 4) out[i] = HALF_ONE;
}

function pictureOf(plan: Plan): FloatImage {
  return { kind: 'float', width: plan.width, height: plan.height, data: plan.out };
}

/**
 * Inflates a ZIP/ZIPS block into `scratch`: a block's low bytes in its first half, its high bytes
 * in the second, behind OpenEXR's predictor (undone while the values are read out). The result
 * is a view of `scratch`, valid until the next block.
 */
function inflate(payload: Uint8Array, expected: number, scratch: Uint8Array): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = unzlibSync(payload, { out: scratch });
  } catch (error) {
    throw inflateError(error);
  }
  if (raw.length !== expected) throw truncated();
  return raw;
}

function inflateError(error: unknown): ImageDecodeError {
  if (error instanceof ImageDecodeError) return error;
  return new ImageDecodeError(
    'CORRUPT',
    `its ZIP data could not be inflated (${error instanceof Error ? error.message : String(error)})`,
  );
}

/**
 * Reads an inflated ZIP block into `out`, undoing OpenEXR's predictor (each byte is the running
 * sum of byte deltas, the low bytes of every value in the first half, then the high bytes) on
 * the way: one pass over the bytes, in file order, with a running sum for each half. The high
 * half's sum starts where the low half's ends, which is the plain sum of the low half.
 */
function unpredictInto(
  out: Uint16Array,
  raw: Uint8Array,
  y0: number,
  lines: number,
  width: number,
  order: ReadonlyArray<readonly number[]>,
): void {
  const half = raw.length >> 1;
  let sum = 0;
  for (let i = 0; i < half; i++) sum += raw[i] as number;
  // p[half − 1] = raw[0] + Σ (raw[k] − 128), k = 1 … half − 1.
  let high = (sum - 128 * (half - 1)) & 0xff;
  // So that the first low byte comes out as raw[0] itself.
  let low = 128;
  let at = 0;
  for (let line = 0; line < lines; line++) {
    const rowOut = (y0 + line) * width * 4;
    for (const targets of order) {
      const first = targets[0];
      if (first === undefined) {
        for (let x = 0; x < width; x++, at++) {
          low = (low + (raw[at] as number) - 128) & 0xff;
          high = (high + (raw[half + at] as number) - 128) & 0xff;
        }
        continue;
      }
      let o = rowOut + first;
      if (targets.length === 1) {
        for (let x = 0; x < width; x++, at++, o += 4) {
          low = (low + (raw[at] as number) - 128) & 0xff;
          high = (high + (raw[half + at] as number) - 128) & 0xff;
          out[o] = low | (high << 8);
        }
      } else {
        for (let x = 0; x < width; x++, at++, o += 4) {
          low = (low + (raw[at] as number) - 128) & 0xff;
          high = (high + (raw[half + at] as number) - 128) & 0xff;
          const value = low | (high << 8);
          for (const slot of targets) out[o - first + slot] = value;
        }
      }
    }
  }
}

/** Reads an uncompressed block (little-endian pairs, channel by channel per line) into `out`. */
function copyPlainInto(
  out: Uint16Array,
  raw: Uint8Array,
  y0: number,
  lines: number,
  width: number,
  order: ReadonlyArray<readonly number[]>,
): void {
  let at = 0;
  for (let line = 0; line < lines; line++) {
    const rowOut = (y0 + line) * width * 4;
    for (const targets of order) {
      for (const slot of targets) {
        let o = rowOut + slot;
        for (let i = at, end = at + width * 2; i < end; i += 2, o += 4)
          out[o] = (raw[i] as number) | ((raw[i + 1] as number) << 8);
      }
      at += width * 2;
    }
  }
}

function truncated(): ImageDecodeError {
  return new ImageDecodeError('TRUNCATED', 'the file is truncated (its pixel data ends early)');
}
