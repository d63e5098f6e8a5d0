// The EXR fast path's decompressors in WebAssembly: libdeflate's zlib inflate and OpenEXR's own
// PIZ and PXR24 decoders (inflateWasmModule.ts, built by scripts/inflate-wasm/build.sh). Inflate is about
// three times faster than fflate on the blocks of a 1080p ZIP frame, PIZ about five times faster
// than three.js's EXRLoader (docs/performance.md, "OpenEXR and DPX decode").
// Compiled on first use; where WebAssembly is missing or refused (a page whose policy forbids
// it, or a main thread's limit on compiling synchronously), `wasmInflater()` is null and the
// decoder keeps fflate.
import { INFLATE_WASM_BASE64 } from './inflateWasmModule';

interface Exports {
  memory: WebAssembly.Memory;
  init(): number;
  mark(): number;
  reset(to: number): void;
  alloc(bytes: number): number;
  inflate_zlib(input: number, inputLength: number, output: number, outputLength: number): number;
  unpredict_rgba: RgbaReader;
  plain_rgba: RgbaReader;
  undo_block(
    compression: number,
    input: number,
    inputLength: number,
    output: number,
    outputLength: number,
    width: number,
    lines: number,
    channels: number,
    startY: number,
  ): number;
}

/** unpredict_rgba and plain_rgba: a block of `length` bytes at `raw` to RGBA halves at `rgba`. */
type RgbaReader = (
  raw: number,
  length: number,
  lines: number,
  width: number,
  channels: number,
  masks: number,
  alphaOne: number,
  rgba: number,
) => void;

export class WasmInflater {
  private readonly base: number;
  private input = 0;
  private inputSize = 0;
  private output = 0;
  private outputSize = 0;
  private rgba = 0;
  private rgbaSize = 0;
  private masks = 0;
  private masksSize = 0;

  constructor(private readonly exports: Exports) {
    if (!exports.init()) throw new Error('no memory for the decompressor');
    this.base = exports.mark();
  }

  /**
   * Room for payloads up to `inputSize` bytes inflating to at most `outputSize` bytes, and for
   * `blockRgba`: `rgbaSize` bytes of RGBA halves and `channels` channel masks.
   */
  reserve(inputSize: number, outputSize: number, rgbaSize = 0, channels = 0): void {
    if (
      inputSize <= this.inputSize &&
      outputSize <= this.outputSize &&
      rgbaSize <= this.rgbaSize &&
      channels <= this.masksSize
    )
      return;
    this.exports.reset(this.base);
    this.inputSize = Math.max(inputSize, this.inputSize);
    this.outputSize = Math.max(outputSize, this.outputSize);
    this.rgbaSize = Math.max(rgbaSize, this.rgbaSize);
    this.masksSize = Math.max(channels, this.masksSize);
    this.input = this.exports.alloc(this.inputSize);
    this.output = this.exports.alloc(this.outputSize);
    this.rgba = this.exports.alloc(this.rgbaSize);
    this.masks = this.exports.alloc(this.masksSize);
    if (!this.input || !this.output || !this.rgba || !this.masks) {
      this.inputSize = this.outputSize = this.rgbaSize = this.masksSize = 0;
      throw new RangeError('out of memory for the inflate buffers');
    }
  }

  /**
   * Inflates one zlib stream (after `reserve`). The result is a view of the module's memory,
   * valid until the next call; null when the data is damaged or inflates past the reserve.
   */
  inflate(payload: Uint8Array): Uint8Array | null {
    if (payload.length > this.inputSize) throw new RangeError('payload larger than reserved');
    new Uint8Array(this.exports.memory.buffer, this.input, payload.length).set(payload);
    const written = this.exports.inflate_zlib(
      this.input,
      payload.length,
      this.output,
      this.outputSize,
    );
    if (written < 0) return null;
    return new Uint8Array(this.exports.memory.buffer, this.output, written);
  }

  /**
   * Decompresses one PIZ (compression 4) or PXR24 (5) block (`lines` lines of `width` pixels and `channels` HALF channels,
   * starting at line `startY` of the data window) into the output buffer, in the block's plain
   * layout: a view of the module's memory, valid until the next call; null when the data is
   * damaged or does not fill exactly `length` bytes.
   */
  undoBlock(
    compression: number,
    payload: Uint8Array,
    length: number,
    block: { width: number; lines: number; channels: number; startY: number },
  ): Uint8Array | null {
    if (payload.length > this.inputSize) throw new RangeError('payload larger than reserved');
    if (length > this.outputSize) throw new RangeError('block larger than reserved');
    new Uint8Array(this.exports.memory.buffer, this.input, payload.length).set(payload);
    const written = this.exports.undo_block(
      compression,
      this.input,
      payload.length,
      this.output,
      length,
      block.width,
      block.lines,
      block.channels,
      block.startY,
    );
    if (written === -2) throw new RangeError('out of memory for the PIZ/PXR24 scratch buffers');
    if (written < 0) return null;
    return new Uint8Array(this.exports.memory.buffer, this.output, written);
  }

  /**
   * The block in the output buffer as RGBA halves: `predicted`, an inflated ZIP block (OpenEXR's
   * predictor undone on the way), else a plain one (what `undoBlock` writes). `length` bytes of
   * half values, `lines` lines of `width` pixels, channel by channel; channel c fills the RGBA
   * slots of bit mask `masks[c]`; `alphaOne`: alpha 1.0 where no channel fills it. A view of the
   * module's memory, valid until the next call.
   */
  blockRgba(
    predicted: boolean,
    block: { length: number; lines: number; width: number; masks: Uint8Array; alphaOne: boolean },
  ): Uint16Array {
    const reader = predicted ? this.exports.unpredict_rgba : this.exports.plain_rgba;
    const { length, lines, width, masks, alphaOne } = block;
    const bytes = lines * width * 8;
    if (bytes > this.rgbaSize || masks.length > this.masksSize || length > this.outputSize)
      throw new RangeError('block larger than reserved');
    new Uint8Array(this.exports.memory.buffer, this.masks, masks.length).set(masks);
    reader(
      this.output,
      length,
      lines,
      width,
      masks.length,
      this.masks,
      alphaOne ? 1 : 0,
      this.rgba,
    );
    return new Uint16Array(this.exports.memory.buffer, this.rgba, bytes / 2);
  }
}

let shared: WasmInflater | null | undefined;

/** The inflater of this thread (compiled once), or null where WebAssembly cannot run. */
export function wasmInflater(): WasmInflater | null {
  if (shared !== undefined) return shared;
  try {
    const bytes = Uint8Array.from(atob(INFLATE_WASM_BASE64), (char) => char.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    shared = new WasmInflater(instance.exports as unknown as Exports);
  } catch {
    shared = null;
  }
  return shared;
}
