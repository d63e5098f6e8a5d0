// The EXR fast path's zlib inflate in WebAssembly: libdeflate's decompressor
// (inflateWasmModule.ts, built by scripts/inflate-wasm/build.sh). About three times faster than
// fflate on the blocks of a 1080p ZIP frame (docs/performance.md, "OpenEXR and DPX decode").
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
}

export class WasmInflater {
  private readonly base: number;
  private input = 0;
  private inputSize = 0;
  private output = 0;
  private outputSize = 0;

  constructor(private readonly exports: Exports) {
    if (!exports.init()) throw new Error('no memory for the decompressor');
    this.base = exports.mark();
  }

  /** Room for payloads up to `inputSize` bytes inflating to at most `outputSize` bytes. */
  reserve(inputSize: number, outputSize: number): void {
    if (inputSize <= this.inputSize && outputSize <= this.outputSize) return;
    this.exports.reset(this.base);
    this.inputSize = Math.max(inputSize, this.inputSize);
    this.outputSize = Math.max(outputSize, this.outputSize);
    this.input = this.exports.alloc(this.inputSize);
    this.output = this.exports.alloc(this.outputSize);
    if (!this.input || !this.output) {
      this.inputSize = this.outputSize = 0;
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
