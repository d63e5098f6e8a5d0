import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOf, decodeFailure, pixelOf } from '../../../../test/support/decodedImages';
import { makeVfxMedia, type VfxMedia } from '../../../../scripts/make-vfx-media';
import { testPicture, writeDpx } from '../../../../scripts/vfxMediaWriters';
import { decodeFrameIdStrip } from '../frameId';
import { decodeDpx, decodeDpxForViewer, transferTable } from './dpxDecode';
import { isPacked10Image, unpackToFloat } from './packedImage';
import { floatImageToRgba8, halfToFloat, type FloatImage } from './floatImage';

const W = 320;
const H = 180;
let dir = '';
let media: VfxMedia;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vfx-dpx-'));
  media = makeVfxMedia(dir, W, H, 3);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pixel = (image: FloatImage, x: number, y: number): number[] => pixelOf(image, x, y, 3);
const failure = decodeFailure;

describe('decodeDpx', () => {
  it('decodes ffmpeg-written 10-bit (method A, little-endian) frames to the codes ffmpeg reads', () => {
    media.dpx10.forEach((path, i) => {
      const { image, info } = decodeDpx(bufferOf(path));
      expect(info).toMatchObject({ width: W, height: H, bitDepth: 10, packing: 1, components: 3 });
      expect(info.transfer).toBe('linear');
      expect(decodeFrameIdStrip(floatImageToRgba8(image), W, H)).toBe(1001 + i);
    });
    const path = media.dpx10[0] ?? '';
    const raw = execFileSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-i', path],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb48le', '-'],
    ]);
    const ffmpeg = new Uint16Array(raw.buffer, raw.byteOffset, W * H * 3);
    const { image } = decodeDpx(bufferOf(path));
    const table = transferTable(10, 'linear');
    for (let i = 0; i < W * H; i += 97) {
      for (let c = 0; c < 3; c++) {
        // ffmpeg widens 10-bit codes to 16 bits by repeating the top bits.
        const code = (ffmpeg[i * 3 + c] ?? 0) >> 6;
        expect(image.data[i * 4 + c]).toBe(table[code]);
      }
    }
  });

  it('reads the same pixels whether the pixel data is word-aligned or not, either endianness', () => {
    // Aligned words go through a Uint32Array (byte-swapped for big-endian files); the same file
    // with its pixels moved two bytes on goes through the DataView. The written codes come back.
    const codes = new Uint16Array(W * H * 3).map((_, i) => (i * 37) % 1024);
    for (const [bigEndian, packing] of [
      [true, 1],
      [false, 1],
      [true, 2],
    ] as const) {
      const aligned = new Uint8Array(
        writeDpx({ width: W, height: H, codes, bitDepth: 10, packing, bigEndian }),
      );
      const view = new DataView(aligned.buffer);
      const offset = view.getUint32(4, !bigEndian);
      const moved = new Uint8Array(aligned.length + 2);
      moved.set(aligned.subarray(0, offset));
      moved.set(aligned.subarray(offset), offset + 2);
      const movedView = new DataView(moved.buffer);
      movedView.setUint32(4, offset + 2, !bigEndian);
      movedView.setUint32(808, offset + 2, !bigEndian);
      const a = decodeDpx(bufferOf(aligned)).image.data;
      const b = decodeDpx(bufferOf(moved)).image.data;
      expect(b).toEqual(a);
      // What the viewer is given (the words, unpacked on the GPU or by unpackToFloat): the same.
      for (const file of [aligned, moved]) {
        const packed = decodeDpxForViewer(bufferOf(file)).image;
        if (!isPacked10Image(packed)) throw new Error('10-bit RGB should come packed');
        expect([packed.shift, packed.lineWords]).toEqual([packing === 1 ? 2 : 0, W]);
        expect(unpackToFloat(packed).data).toEqual(a);
      }
      const table = transferTable(10, 'linear');
      for (const i of [0, 1, 2, 3 * 1000 + 1, W * H * 3 - 1]) {
        const pixelIndex = Math.floor(i / 3);
        expect(a[pixelIndex * 4 + (i % 3)]).toBe(table[codes[i] ?? 0]);
      }
    }
  });

  it('reads lines with end-of-line padding, word-aligned or not, for the viewer too', () => {
    const codes = new Uint16Array(W * H * 3).map((_, i) => (i * 13) % 1024);
    const plain = new Uint8Array(
      writeDpx({ width: W, height: H, codes, bitDepth: 10, packing: 1, bigEndian: false }),
    );
    const offset = new DataView(plain.buffer).getUint32(4, true);
    const expected = decodeDpx(bufferOf(plain)).image.data;
    for (const pad of [4, 2]) {
      // The same pixels with `pad` bytes after every line, declared in the header (field 812).
      const line = W * 4;
      const padded = new Uint8Array(offset + (line + pad) * H);
      padded.set(plain.subarray(0, offset));
      for (let y = 0; y < H; y++)
        padded.set(
          plain.subarray(offset + y * line, offset + (y + 1) * line),
          offset + y * (line + pad),
        );
      new DataView(padded.buffer).setUint32(812, pad, true);
      expect(decodeDpx(bufferOf(padded)).image.data).toEqual(expected);
      const packed = decodeDpxForViewer(bufferOf(padded)).image;
      if (!isPacked10Image(packed)) throw new Error('10-bit RGB should come packed');
      expect(unpackToFloat(packed).data).toEqual(expected);
    }
  });

  it('gives the viewer 10-bit RGB as words and every other layout as halves', () => {
    const viewer = decodeDpxForViewer(bufferOf(media.dpx10[0] ?? ''));
    expect(viewer.image.kind).toBe('packed10');
    if (!isPacked10Image(viewer.image)) return;
    expect(viewer.image.words.length).toBe(W * H);
    expect(unpackToFloat(viewer.image).data).toEqual(
      decodeDpx(bufferOf(media.dpx10[0] ?? '')).image.data,
    );
    const codes = new Uint16Array(W * H * 3).map((_, i) => (i * 7) % 65536);
    const sixteen = writeDpx({
      width: W,
      height: H,
      codes,
      bitDepth: 16,
      bigEndian: true,
    });
    expect(decodeDpxForViewer(bufferOf(new Uint8Array(sixteen))).image.kind).toBe('float');
  });

  it('reads method B little-endian and 16-bit files to the written values', () => {
    const [r, g, b] = testPicture(W, H, 1001);
    for (const [path, step] of [
      [media.dpxMethodBLittle, 1 / 1023],
      [media.dpx16, 1 / 65535],
    ] as const) {
      const { image } = decodeDpx(bufferOf(path));
      for (const [x, y] of [
        [0, 0],
        [40, 20],
        [200, 100],
        [5, 178],
      ] as const) {
        const i = y * W + x;
        const expected = [r, g, b].map((plane) => Math.min(1, plane?.[i] ?? 0));
        pixel(image, x, y).forEach((value, c) =>
          expect(Math.abs(value - (expected[c] ?? 0))).toBeLessThanOrEqual(step + 1e-3),
        );
      }
      expect(decodeFrameIdStrip(floatImageToRgba8(image), W, H)).toBe(1001);
    }
  });

  it('converts Cineon log (printing density) to linear: 95 is black, 685 is white', () => {
    const codes = Uint16Array.of(95, 685, 445, 1023, 0, 685);
    const file = writeDpx({ width: 2, height: 1, codes, bitDepth: 10, transfer: 1 });
    const { image, info } = decodeDpx(bufferOf(file));
    expect(info.transfer).toBe('log');
    const [black, white, mid] = pixel(image, 0, 0);
    expect(black).toBe(0);
    expect(white).toBeCloseTo(1, 2);
    // 240 codes below white: 10^(-240 · 0.002 / 0.6) ≈ 0.158 before the black offset.
    expect(mid).toBeGreaterThan(0.14);
    expect(mid).toBeLessThan(0.18);
    expect(pixel(image, 1, 0)[0]).toBeGreaterThan(10);
    expect(halfToFloat(transferTable(10, 'log')[0] ?? 0)).toBeLessThan(0);
  });

  it('refuses bad input with a reason', () => {
    const good = readFileSync(media.dpx10[0] ?? '');
    expect(failure(() => decodeDpx(bufferOf(good.subarray(0, good.length - 5000)))).code).toBe(
      'TRUNCATED',
    );
    expect(failure(() => decodeDpx(bufferOf(good.subarray(0, 100)))).code).toBe('TRUNCATED');
    const notDpx = Buffer.from(good);
    notDpx.write('ABCD', 0, 'latin1');
    expect(failure(() => decodeDpx(bufferOf(notDpx))).reason).toMatch(/not a DPX file/);
    const rle = Buffer.from(good);
    rle.writeUInt16BE(1, 806);
    expect(failure(() => decodeDpx(bufferOf(rle))).reason).toMatch(/run-length/);
    const twelve = Buffer.from(good);
    twelve.writeUInt8(12, 803);
    expect(failure(() => decodeDpx(bufferOf(twelve))).code).toBe('UNSUPPORTED');
    const cmyk = Buffer.from(good);
    cmyk.writeUInt8(102, 800);
    expect(failure(() => decodeDpx(bufferOf(cmyk))).reason).toMatch(/descriptor 102/);
  });
});
