import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVfxMedia, type VfxMedia } from '../../../../scripts/make-vfx-media';
import { bufferOf, decodeFailure } from '../../../../test/support/decodedImages';
import { decodeFrameIdStrip } from '../frameId';
import { transferTable } from './dpxDecode';
import { floatImageToRgba8 } from './floatImage';
import { decodeTiff } from './tiffDecode';

const W = 160;
const H = 90;
let dir = '';
let media: VfxMedia;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vfx-tiff-'));
  media = makeVfxMedia(dir, W, H, 2);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ffmpeg's own decode of a file as 16-bit RGBA (little-endian). */
function ffmpegRgba64(path: string): Uint16Array {
  const raw = execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-i', path],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgba64le', '-'],
  ]);
  return new Uint16Array(raw.buffer, raw.byteOffset, W * H * 4);
}

describe('decodeTiff', () => {
  it('decodes 16-bit RGB frames to the values ffmpeg reads, linearised, with the strip', () => {
    const table = transferTable(16, 'video');
    media.tiff16.forEach((path, i) => {
      const image = decodeTiff(bufferOf(path));
      expect([image.width, image.height]).toEqual([W, H]);
      expect(decodeFrameIdStrip(floatImageToRgba8(image), W, H)).toBe(1001 + i);
      const reference = ffmpegRgba64(path);
      for (let p = 0; p < W * H; p += 31) {
        for (let c = 0; c < 3; c++)
          expect(image.data[p * 4 + c]).toBe(table[reference[p * 4 + c] ?? 0]);
        expect(image.data[p * 4 + 3]).toBe(0x3c00);
      }
    });
  });

  it('reads a big-endian deflate RGBA file, alpha as coverage', () => {
    const image = decodeTiff(bufferOf(media.tiffRgba));
    const reference = ffmpegRgba64(media.tiffRgba);
    const table = transferTable(16, 'video');
    for (let p = 0; p < W * H; p += 17) {
      expect(image.data[p * 4]).toBe(table[reference[p * 4] ?? 0]);
      expect(image.data[p * 4 + 2]).toBe(table[reference[p * 4 + 2] ?? 0]);
      expect(image.data[p * 4 + 3]).toBe(0x3c00); // testsrc2 is opaque: 65535 → 1.0
    }
  });

  it('refuses bad input with a reason', () => {
    expect(
      decodeFailure(() => decodeTiff(new TextEncoder().encode('II*\0garbage').buffer)).code,
    ).toMatch(/CORRUPT|TRUNCATED/);
    const good = readFileSync(media.tiff16[0] ?? '');
    const cut = decodeFailure(() => decodeTiff(bufferOf(good.subarray(0, good.length / 2))));
    expect(['TRUNCATED', 'CORRUPT']).toContain(cut.code);
  });
});
