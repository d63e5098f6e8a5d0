// Web Worker computing media fingerprints off the main thread (see fingerprintHash.ts).
import { hashMediaParts } from './fingerprintHash';
import {
  FINGERPRINT_PROGRESS_MS,
  type FingerprintReply,
  type FingerprintRequest,
} from './fingerprint';

self.addEventListener('message', (event: MessageEvent<FingerprintRequest>) => {
  const { id, files } = event.data;
  let reportedAt = 0;
  const onProgress = (progress: number) => {
    const now = performance.now();
    if (now - reportedAt < FINGERPRINT_PROGRESS_MS) return;
    reportedAt = now;
    self.postMessage({ id, progress } satisfies FingerprintReply);
  };
  hashMediaParts(files, { onProgress }).then(
    (fingerprint) => self.postMessage({ id, fingerprint } satisfies FingerprintReply),
    (error: unknown) =>
      self.postMessage({
        id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies FingerprintReply),
  );
});
