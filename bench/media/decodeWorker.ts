// worker_threads worker for the image-decode benchmark: decodes the files it is sent with the
// player's own decode path (decodeVfxFile: the code the browser's decode worker runs).
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { decodeVfxFile, type VfxFormat } from '../../src/core/media/images/decodeVfx';

parentPort?.on('message', (message: { path: string; format: VfxFormat }) => {
  const bytes = readFileSync(message.path);
  decodeVfxFile(new Blob([bytes]), message.format, { layer: null, window: 'display' }).then(
    (picture) => parentPort?.postMessage({ ok: true, width: picture.image.width }),
    (error: unknown) => parentPort?.postMessage({ ok: false, error: String(error) }),
  );
});
