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

describe('wasmInflater (libdeflate, OpenEXR PIZ and PXR24 in WebAssembly)', () => {
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

  // A block of 2 lines × 3 pixels × 3 channels: its values per line, channel by channel (as a block
  // stores them), and the RGBA halves with channel 0 → R, channel 1 skipped, channel 2 → G and B.
  const [lines, width, channels] = [2, 3, 3];
  const masks = Uint8Array.from([0b0001, 0, 0b0110]);
  const values = Array.from({ length: lines * channels * width }, (_, i) => 0x3000 + i * 37);
  const expected: number[] = [];
  for (let line = 0; line < lines; line++)
    for (let x = 0; x < width; x++) {
      const at = (c: number) => values[(line * channels + c) * width + x] ?? -1;
      expected.push(at(0), at(2), at(2), 0x3c00);
    }

  it('undoes the ZIP predictor into RGBA halves: slots by mask, a skipped channel, alpha 1.0', () => {
    if (!inflater) throw new Error('no WebAssembly inflater');
    const plain = new Uint8Array(values.length * 2);
    values.forEach((value, i) => {
      plain[i] = value & 0xff;
      plain[values.length + i] = value >> 8;
    });
    // OpenEXR's predictor: each byte stored as the difference to the previous one, plus 128.
    const stored = plain.map((byte, i) =>
      i === 0 ? byte : (byte - (plain[i - 1] ?? 0) + 384) & 0xff,
    );
    inflater.reserve(1 << 20, 200_001, lines * width * 8, channels);
    const raw = inflater.inflate(deflateSync(stored));
    expect(raw?.length).toBe(plain.length);
    expect(
      Array.from(
        inflater.blockRgba(true, { length: plain.length, lines, width, masks, alphaOne: true }),
      ),
    ).toEqual(expected);
  });

  it('reads a plain block (little-endian halves) into RGBA halves the same way', () => {
    if (!inflater) throw new Error('no WebAssembly inflater');
    const plain = new Uint8Array(Uint16Array.from(values).buffer);
    const raw = inflater.inflate(deflateSync(plain));
    expect(raw?.length).toBe(plain.length);
    expect(
      Array.from(
        inflater.blockRgba(false, { length: plain.length, lines, width, masks, alphaOne: true }),
      ),
    ).toEqual(expected);
  });

  it('answers null for a damaged PIZ or PXR24 block (decoded files: exrDecode.test.ts)', () => {
    if (!inflater) throw new Error('no WebAssembly inflater');
    const block = { width, lines, channels, startY: 0 };
    // Too short for PIZ's own header; a range bitmap pointing past its end; noise.
    for (const payload of [
      new Uint8Array(3),
      Uint8Array.from([0, 0, 255, 31, 1, 2]),
      pictureLike(40, 7),
    ])
      for (const compression of [4, 5])
        expect(inflater.undoBlock(compression, payload, values.length * 2, block)).toBeNull();
  });
});
