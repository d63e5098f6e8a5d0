// worker_threads worker for the image-decode benchmark: decodes the files it is sent with the
// player's own decode path (decodeVfxFile: the code the browser's decode worker runs), or with
// three.js's EXRLoader alone for comparison.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { HalfFloatType } from 'three';
import { EXRLoader } from 'three/examples/jsm/loaders/EXRLoader.js';
import { decodeVfxFile, type VfxFormat } from '../../src/core/media/images/decodeVfx';

parentPort?.on('message', (message: { path: string; format: VfxFormat; loader: boolean }) => {
  const bytes = readFileSync(message.path);
  if (message.loader) {
    // three.js's EXRLoader alone (what the player uses for files off its fast path).
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const parsed = new EXRLoader().setDataType(HalfFloatType).parse(buffer) as { width: number };
    parentPort?.postMessage({ ok: true, width: parsed.width });
    return;
  }
  decodeVfxFile(new Blob([bytes]), message.format, { layer: null, window: 'display' }).then(
    (picture) => parentPort?.postMessage({ ok: true, width: picture.image.width }),
    (error: unknown) => parentPort?.postMessage({ ok: false, error: String(error) }),
  );
});
