// Web Worker computing media fingerprints off the main thread (see fingerprintHash.ts).
import { hashMediaParts } from './fingerprintHash';
import type { FingerprintReply, FingerprintRequest } from './fingerprint';

self.addEventListener('message', (event: MessageEvent<FingerprintRequest>) => {
  const { id, files } = event.data;
  hashMediaParts(files).then(
    (fingerprint) => self.postMessage({ id, fingerprint } satisfies FingerprintReply),
    (error: unknown) =>
      self.postMessage({
        id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies FingerprintReply),
  );
});
