// The platform's native zlib for EXR ZIP blocks: DecompressionStream('deflate') (the zlib format
// EXR's ZIP and ZIPS use), one stream per block, a batch of blocks in parallel.
import type { BlockInflater } from './exrFastPath';

/** Inflates each payload with DecompressionStream; a block longer than its size is cut at size + 1. */
export const streamInflater: BlockInflater = (payloads, sizes) =>
  Promise.all(payloads.map((payload, i) => inflateOne(payload, sizes[i] ?? 0)));

async function inflateOne(payload: Uint8Array<ArrayBuffer>, size: number): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // The writes settle as the reader drains the stream; a corrupt block rejects the read below.
  writer.write(payload).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  // One byte more than expected, so an over-long block shows as a wrong length.
  const out = new Uint8Array(size + 1);
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = Math.min(value.length, out.length - at);
    out.set(take === value.length ? value : value.subarray(0, take), at);
    at += take;
    if (at === out.length) {
      await reader.cancel();
      break;
    }
  }
  return out.subarray(0, at);
}
