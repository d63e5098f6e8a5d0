import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { wasmInflater } from './wasmInflate';

/** Bytes that compress like picture data (runs and slow ramps), with some noise. */
function pictureLike(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = ((i >> 7) % 251) ^ (state >>> 29);
  }
  return bytes;
}

describe('wasmInflater (libdeflate in WebAssembly)', () => {
  const inflater = wasmInflater();

  it('compiles here and inflates zlib streams to their original bytes', () => {
    expect(inflater).not.toBeNull();
    if (!inflater) return;
    inflater.reserve(1 << 20, 200_001);
    for (const [length, level] of [
      [184_320, 6],
      [92_160, 1],
      [1, 9],
      [0, 6],
    ] as const) {
      const original = pictureLike(length, length + level);
      const raw = inflater.inflate(deflateSync(original, { level }));
      expect(raw).not.toBeNull();
      expect(Buffer.from(raw ?? []).equals(Buffer.from(original))).toBe(true);
    }
  });

  it('grows its buffers when asked for more room, and keeps working', () => {
    if (!inflater) throw new Error('no WebAssembly inflater');
    const original = pictureLike(3_000_000, 7);
    inflater.reserve(4_000_000, 3_000_001);
    const raw = inflater.inflate(deflateSync(original));
    expect(Buffer.from(raw ?? []).equals(Buffer.from(original))).toBe(true);
  });

  it('answers null for damaged data and for data longer than the room given', () => {
    if (!inflater) throw new Error('no WebAssembly inflater');
    inflater.reserve(1 << 20, 200_001);
    const zipped = deflateSync(pictureLike(100_000, 3));
    const damaged = zipped.slice();
    damaged.fill(0xff, 2, 40);
    expect(inflater.inflate(damaged)).toBeNull();
    // The adler-32 check at the end: a changed byte in it fails too.
    const badSum = zipped.slice();
    badSum[badSum.length - 1] = (badSum[badSum.length - 1] ?? 0) ^ 1;
    expect(inflater.inflate(badSum)).toBeNull();
    expect(inflater.inflate(deflateSync(pictureLike(4_000_000, 5)))).toBeNull();
    expect(() => inflater.inflate(new Uint8Array(5_000_000))).toThrow(RangeError);
  });
});
