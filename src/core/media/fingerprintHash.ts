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
 * Up to this many bytes are hashed with the platform's native SHA-256 (WebCrypto, several times
 * faster than the JS one here) from one buffer; larger media stream through the JS hash so they
 * never sit in memory at once. Both give the same digest.
 */
export const NATIVE_HASH_LIMIT_BYTES = 256 * 1024 * 1024;

export interface HashOptions {
  nativeLimitBytes?: number;
  /** Called as bytes are read, with the share of all bytes read so far (0..1). */
  onProgress?: (fraction: number) => void;
}

/**
 * One file: SHA-256 of its bytes (equal to `sha256sum file`). Several files (an image sequence, in
 * frame order): SHA-256 over, per file, its UTF-8 name, a 0x00 byte, its size as 8 bytes big-endian,
 * then its bytes, so renaming, reordering or resizing any file changes the fingerprint.
 */
export async function hashMediaParts(
  parts: readonly HashablePart[],
  options: HashOptions = {},
): Promise<string> {
  const single = parts.length === 1;
  const headers = parts.map((part) => (single ? null : partHeader(part)));
  const total = parts.reduce((sum, part, i) => sum + part.size + (headers[i]?.length ?? 0), 0);
  const subtle = globalThis.crypto?.subtle;
  let read = 0;
  const progress = (bytes: number) => {
    read += bytes;
    options.onProgress?.(total > 0 ? Math.min(1, read / total) : 1);
  };
  if (subtle && total <= (options.nativeLimitBytes ?? NATIVE_HASH_LIMIT_BYTES)) {
    const buffer = new Uint8Array(total);
    let offset = 0;
    for (const [i, part] of parts.entries()) {
      const header = headers[i];
      if (header) {
        buffer.set(header, offset);
        offset += header.length;
        progress(header.length);
      }
      offset = await readInto(part, buffer, offset, progress);
    }
    if (offset !== total) throw new Error('a media file changed size while it was hashed');
    return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', buffer)));
  }
  const hash = sha256.create();
  for (const [i, part] of parts.entries()) {
    const header = headers[i];
    if (header) {
      hash.update(header);
      progress(header.length);
    }
    // Read chunk by chunk so a multi-gigabyte file never sits in memory at once.
    const reader = part.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
      progress(value.length);
    }
  }
  return bytesToHex(hash.digest());
}

/** UTF-8 name, 0x00, size as 8 bytes big-endian. */
function partHeader(part: HashablePart): Uint8Array {
  const name = utf8ToBytes(part.name);
  const header = new Uint8Array(name.length + 9);
  header.set(name, 0);
  new DataView(header.buffer).setBigUint64(name.length + 1, BigInt(part.size));
  return header;
}

async function readInto(
  part: HashablePart,
  buffer: Uint8Array,
  start: number,
  progress: (bytes: number) => void,
): Promise<number> {
  let offset = start;
  const reader = part.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return offset;
    if (offset + value.length > buffer.length)
      throw new Error('a media file changed size while it was hashed');
    buffer.set(value, offset);
    offset += value.length;
    progress(value.length);
  }
}
