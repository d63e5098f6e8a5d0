// Computes a media fingerprint in a Web Worker so hashing large files never blocks playback.
import { hashMediaParts } from './fingerprintHash';

export interface FingerprintRequest {
  id: number;
  files: File[];
}
export type FingerprintReply =
  | { id: number; fingerprint: string }
  | { id: number; error: string }
  | { id: number; progress: number };

/** The worker reports progress at most this often. */
export const FINGERPRINT_PROGRESS_MS = 100;

let nextRequestId = 1;

/**
 * SHA-256 fingerprint of the files (rules in fingerprintHash.ts). Runs in a dedicated worker that
 * is terminated afterwards; where workers do not exist (Node), hashes inline, still streaming.
 * `onProgress` hears the share of the bytes read (0..1), about every 100 ms.
 */
export function computeFingerprint(
  files: readonly File[],
  onProgress?: (fraction: number) => void,
): Promise<string> {
  if (typeof Worker === 'undefined') return hashMediaParts(files, onProgress ? { onProgress } : {});
  const worker = new Worker(new URL('./fingerprint.worker.ts', import.meta.url), {
    type: 'module',
  });
  const id = nextRequestId++;
  return new Promise<string>((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<FingerprintReply>) => {
      if (event.data.id !== id) return;
      if ('progress' in event.data) return onProgress?.(event.data.progress);
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
