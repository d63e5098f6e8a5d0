import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { hashMediaParts } from './fingerprintHash';
import { computeFingerprint } from './fingerprint';

function sha256(...chunks: Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

function sizeHeader(size: number): Uint8Array {
  const header = new Uint8Array(9);
  new DataView(header.buffer).setBigUint64(1, BigInt(size));
  return header;
}

describe('media fingerprints', () => {
  it('one file hashes to the SHA-256 of its bytes', async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) & 255);
    const file = new File([bytes], 'clip.webm');
    expect(await hashMediaParts([file])).toBe(sha256(bytes));
  });

  it('a sequence hashes name, size and bytes of each file in order', async () => {
    const a = new TextEncoder().encode('first image');
    const b = new TextEncoder().encode('second');
    const files = [new File([a], 'shot.1001.png'), new File([b], 'shot.1002.png')];
    const enc = new TextEncoder();
    const expected = sha256(
      enc.encode('shot.1001.png'),
      sizeHeader(a.length),
      a,
      enc.encode('shot.1002.png'),
      sizeHeader(b.length),
      b,
    );
    expect(await hashMediaParts(files)).toBe(expected);
    expect(await hashMediaParts([files[1]!, files[0]!])).not.toBe(expected);
  });

  it('the streaming JS hash (large media) and the native one give the same digests', async () => {
    const bytes = new Uint8Array(2 * 1024 * 1024 + 7).map((_, i) => (i * 7) & 255);
    const one = [new File([bytes], 'clip.webm')];
    const many = [new File([bytes], 'é.0001.exr'), new File([new Uint8Array(0)], 'b.0002.exr')];
    for (const files of [one, many]) {
      const native = await hashMediaParts(files);
      expect(await hashMediaParts(files, { nativeLimitBytes: 0 })).toBe(native);
    }
    expect(await hashMediaParts(one, { nativeLimitBytes: 0 })).toBe(sha256(bytes));
  });

  it('reports the share of bytes read, rising to 1, on both paths', async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 11);
    const files = ['a.0001.exr', 'a.0002.exr', 'a.0003.exr'].map((name) => new File([bytes], name));
    for (const nativeLimitBytes of [Infinity, 0]) {
      const seen: number[] = [];
      await hashMediaParts(files, { nativeLimitBytes, onProgress: (f) => seen.push(f) });
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen[0]).toBeLessThan(0.5);
      expect(seen.at(-1)).toBe(1);
    }
  });

  it('pages without crypto.subtle (not a secure context) get the same digest from the JS hash', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 13) & 255);
    const file = new File([bytes], 'clip.mp4');
    vi.stubGlobal('crypto', {
      getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto),
    });
    try {
      expect(globalThis.crypto.subtle).toBeUndefined();
      expect(await hashMediaParts([file])).toBe(sha256(bytes));
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('computeFingerprint hashes inline where there are no workers', async () => {
    const file = new File([new Uint8Array([1, 2, 3])], 'x.png');
    expect(await computeFingerprint([file])).toBe(sha256(new Uint8Array([1, 2, 3])));
  });
});
