// worker_threads worker for the image-decode benchmark: decodes the files it is sent with the
// player's own decode path (decodeVfxFile: the code the browser's decode worker runs), with its
// asynchronous path on node:zlib's native inflate (the stand-in for the browser's
// DecompressionStream), or with three.js's EXRLoader alone for comparison.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { inflateSync } from 'node:zlib';
import { HalfFloatType } from 'three';
import { EXRLoader } from 'three/examples/jsm/loaders/EXRLoader.js';
import { decodeVfxFile, type VfxFormat } from '../../src/core/media/images/decodeVfx';
import type { BlockInflater } from '../../src/core/media/images/exrFastPath';

/**
 * Which decoder: the player's (libdeflate in WebAssembly; DPX unpacked in the worker), the
 * player's on node:zlib, EXRLoader alone, or the player's handing 10-bit DPX over as its words
 * (the viewer unpacks them on a hardware GPU).
 */
export type WorkerDecoder = 'ours' | 'native' | 'loader' | 'words';

const zlibInflater: BlockInflater = (payloads) =>
  Promise.resolve(payloads.map((payload) => new Uint8Array(inflateSync(payload))));

parentPort?.on(
  'message',
  (message: { path: string; format: VfxFormat; decoder: WorkerDecoder }) => {
    const bytes = readFileSync(message.path);
    if (message.decoder === 'loader') {
      // three.js's EXRLoader alone (what the player uses for files off its fast path).
      const buffer = wholeBuffer(bytes);
      const parsed = new EXRLoader().setDataType(HalfFloatType).parse(buffer) as { width: number };
      parentPort?.postMessage({ ok: true, width: parsed.width });
      return;
    }
    const inflater = message.decoder === 'native' ? zlibInflater : undefined;
    const options = {
      layer: null,
      window: 'display' as const,
      dpxWords: message.decoder === 'words',
    };
    // The file's bytes as the browser's File gives them to arrayBuffer(): read once, no copy after
    // (a Blob made from a Buffer would copy them twice more; fs.openAsBlob costs more still).
    const file = { arrayBuffer: () => Promise.resolve(wholeBuffer(bytes)) };
    decodeVfxFile(file, message.format, options, inflater).then(
      (picture) => parentPort?.postMessage({ ok: true, width: picture.image.width }),
      (error: unknown) => parentPort?.postMessage({ ok: false, error: String(error) }),
    );
  },
);

/** The Buffer's own ArrayBuffer when it holds exactly the file (large reads do), else a copy. */
function wholeBuffer(bytes: Buffer): ArrayBuffer {
  const own = bytes.buffer as ArrayBuffer;
  return bytes.byteOffset === 0 && bytes.byteLength === own.byteLength
    ? own
    : own.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
