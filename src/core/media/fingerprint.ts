// Computes a media fingerprint in a Web Worker so hashing large files never blocks playback.
import { hashMediaParts } from './fingerprintHash';

export interface FingerprintRequest {
  id: number;
  files: File[];
}
export type FingerprintReply = { id: number; fingerprint: string } | { id: number; error: string };

let nextRequestId = 1;

/**
 * SHA-256 fingerprint of the files (rules in fingerprintHash.ts). Runs in a dedicated worker that
 * is terminated afterwards; where workers do not exist (Node), hashes inline, still streaming.
 */
export function computeFingerprint(files: readonly File[]): Promise<string> {
  if (typeof Worker === 'undefined') return hashMediaParts(files);
  const worker = new Worker(new URL('./fingerprint.worker.ts', import.meta.url), {
    type: 'module',
  });
  const id = nextRequestId++;
  return new Promise<string>((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<FingerprintReply>) => {
      if (event.data.id !== id) return;
      worker.terminate();
      if ('fingerprint' in event.data) resolve(event.data.fingerprint);
      else reject(new Error(`fingerprint failed: ${event.data.error}`));
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      worker.terminate();
      reject(new Error(`fingerprint worker failed: ${event.message}`));
    });
    worker.postMessage({ id, files: [...files] } satisfies FingerprintRequest);
  });
}
