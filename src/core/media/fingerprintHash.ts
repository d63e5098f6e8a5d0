// Streaming SHA-256 of media files (pure; runs in the fingerprint worker and in Node tests).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** What is hashed: a name and a blob of bytes (File satisfies it). */
export interface HashablePart {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
}

/**
 * One file: SHA-256 of its bytes (equal to `sha256sum file`). Several files (an image sequence, in
 * frame order): SHA-256 over, per file, its UTF-8 name, a 0x00 byte, its size as 8 bytes big-endian,
 * then its bytes, so renaming, reordering or resizing any file changes the fingerprint.
 */
export async function hashMediaParts(parts: readonly HashablePart[]): Promise<string> {
  const hash = sha256.create();
  const single = parts.length === 1;
  for (const part of parts) {
    if (!single) {
      hash.update(utf8ToBytes(part.name));
      const header = new Uint8Array(9);
      new DataView(header.buffer).setBigUint64(1, BigInt(part.size));
      hash.update(header);
    }
    // Read chunk by chunk so a multi-gigabyte file never sits in memory at once.
    const reader = part.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
    }
  }
  return bytesToHex(hash.digest());
}
