// The asynchronous EXR path (ZIP blocks inflated natively, in parallel batches) against the
// synchronous one (libdeflate in WebAssembly, block by block), on files ffmpeg writes here: the
// same picture.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOf } from '../../../../test/support/decodedImages';
import { ffmpegSequence, makeVfxMedia, type VfxMedia } from '../../../../scripts/make-vfx-media';
import { ImageDecodeError } from './decodeError';
import { answer } from './decodeVfx';
import { asFloatImage } from './packedImage';
import { decodeExr, decodeExrAsync, type ExrWindowMode } from './exrDecode';
import { fastPathApplies, type BlockInflater } from './exrFastPath';
import { readExrHeader } from './exrHeader';
import { streamInflater } from './streamInflate';

// Odd sizes: the last 16-line ZIP block is short, and rows are not a multiple of anything.
const W = 333;
const H = 219;
let dir = '';
let media: VfxMedia;
let zips: string[] = [];

/** node:zlib's native inflate (what the benchmark uses in Node). */
const zlibInflater: BlockInflater = (payloads) =>
  Promise.resolve(payloads.map((payload) => new Uint8Array(inflateSync(payload))));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vfx-exr-async-'));
  media = makeVfxMedia(join(dir, 'media'), W, H, 3);
  zips = ffmpegSequence(dir, 'zips.%04d.exr', { width: W, height: H }, 1, 1, [
    ...['-pix_fmt', 'gbrpf32le', '-c:v', 'exr', '-compression', 'zip1', '-format', 'half'],
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first index where two pictures' values differ (-1: none; the lengths count too). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

async function failureOf(run: () => Promise<unknown>): Promise<ImageDecodeError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ImageDecodeError) return error;
    throw error;
  }
  throw new Error('expected an ImageDecodeError');
}

describe('decodeExrAsync', () => {
  it('decodes ffmpeg-written ZIP and ZIPS files, and layered and overscan files, to exactly what the sync path decodes', async () => {
    const files = [media.exrZip[0] ?? '', zips[0] ?? '', media.layered, media.overscan];
    for (const path of files) {
      expect(fastPathApplies(readExrHeader(new Uint8Array(bufferOf(path))))).toBe(true);
      for (const window of ['display', 'overscan'] as ExrWindowMode[]) {
        const sync = decodeExr(bufferOf(path), { window });
        for (const inflater of [streamInflater, zlibInflater]) {
          const run = await decodeExrAsync(bufferOf(path), { window }, inflater);
          expect([run.image.width, run.image.height]).toEqual([
            sync.image.width,
            sync.image.height,
          ]);
          expect(run.layer).toBe(sync.layer);
          expect(firstDifference(run.image.data, sync.image.data)).toBe(-1);
        }
      }
    }
    // A named layer of the layered file.
    const layer = decodeExr(bufferOf(media.layered)).layers.at(-1)?.label ?? null;
    const sync = decodeExr(bufferOf(media.layered), { layer });
    const run = await decodeExrAsync(bufferOf(media.layered), { layer }, streamInflater);
    expect(run.layer).toBe(layer);
    expect(firstDifference(run.image.data, sync.image.data)).toBe(-1);
  });

  it('decodes through the worker request with native inflate to the same picture as in-thread', async () => {
    const file = new File([bufferOf(media.exrZip[1] ?? '')], 'shot.1002.exr');
    const options = { layer: null, window: 'display' as const };
    const js = await answer({ id: 1, file, format: 'exr', options, inflate: 'js' });
    const native = await answer({ id: 2, file, format: 'exr', options, inflate: 'native' });
    if (!('picture' in js) || !('picture' in native)) throw new Error('a decode failed');
    const [a, b] = [native, js].map((reply) => asFloatImage(reply.picture.image).data);
    expect(firstDifference(a ?? [], b ?? [])).toBe(-1);
  });

  it('refuses a damaged ZIP block with the same reason as the sync path', async () => {
    const bytes = new Uint8Array(bufferOf(media.exrZip[0] ?? ''));
    const header = readExrHeader(bytes);
    const view = new DataView(bytes.buffer);
    // Overwrite the middle of the first block's compressed data.
    const chunk = Number(view.getBigUint64(header.headerEnd, true));
    const size = view.getUint32(chunk + 4, true);
    bytes.fill(0xff, chunk + 8 + 2, chunk + 8 + Math.min(size, 64));
    let syncError: ImageDecodeError | null = null;
    try {
      decodeExr(bytes.slice().buffer);
    } catch (error) {
      if (error instanceof ImageDecodeError) syncError = error;
    }
    expect(syncError?.code).toBe('CORRUPT');
    for (const inflater of [streamInflater, zlibInflater]) {
      const error = await failureOf(() => decodeExrAsync(bytes.slice().buffer, {}, inflater));
      expect(error.code).toBe('CORRUPT');
      expect(error.reason).toMatch(/could not be inflated/);
    }
  });
});
