import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeVfxMedia } from '../../../scripts/make-vfx-media';
import { isFloatImage } from './images/floatImage';
import { isPacked10Image, setDpxUnpackMode } from './images/packedImage';
import { categorizeFile, MediaError, openMediaFiles } from './openMedia';

describe('categorizeFile', () => {
  it('uses the MIME type, then the extension', () => {
    expect(categorizeFile({ name: 'a.bin', type: 'video/mp4' })).toBe('video');
    expect(categorizeFile({ name: 'a', type: 'image/png' })).toBe('image');
    expect(categorizeFile({ name: 'shot.1001.PNG', type: '' })).toBe('image');
    expect(categorizeFile({ name: 'plate.JPEG', type: '' })).toBe('image');
    expect(categorizeFile({ name: 'take.mov', type: '' })).toBe('video');
    expect(categorizeFile({ name: 'notes.txt', type: 'text/plain' })).toBe('unsupported');
    expect(categorizeFile({ name: 'scan.exr', type: '' })).toBe('vfx');
    expect(categorizeFile({ name: 'plate.0001.DPX', type: '' })).toBe('vfx');
    expect(categorizeFile({ name: 'scan.1001.tif', type: '' })).toBe('vfx');
  });
});

describe('openMediaFiles rejections that need no decoding', () => {
  async function codeOf(files: File[]): Promise<string> {
    const error: unknown = await openMediaFiles(files).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).message.length).toBeGreaterThan(5);
    return (error as MediaError).code;
  }

  it('rejects nothing and empty files with EMPTY', async () => {
    expect(await codeOf([])).toBe('EMPTY');
    expect(await codeOf([new File([], 'empty.mp4')])).toBe('EMPTY');
  });

  it('rejects unknown types and mixes with UNSUPPORTED_TYPE', async () => {
    expect(await codeOf([new File(['x'], 'notes.txt', { type: 'text/plain' })])).toBe(
      'UNSUPPORTED_TYPE',
    );
    const video = new File(['x'], 'a.mp4');
    expect(await codeOf([video, new File(['y'], 'b.mp4')])).toBe('UNSUPPORTED_TYPE');
    expect(await codeOf([video, new File(['y'], 'c.png')])).toBe('UNSUPPORTED_TYPE');
  });
});

describe('OpenEXR and DPX', () => {
  async function messageOf(files: File[]): Promise<{ code: string; message: string }> {
    const error: unknown = await openMediaFiles(files).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof MediaError)) throw new Error('expected a MediaError');
    return { code: error.code, message: error.message };
  }

  it('opens EXR, DPX and 16-bit TIFF sequences as float pictures, DPX as words when asked (decoded inline in Node)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-vfx-open-'));
    try {
      const media = makeVfxMedia(dir, 64, 36, 3);
      for (const paths of [media.exrZip, media.dpx10, media.tiff16]) {
        const files = paths.map((file) => new File([readFileSync(file)], path.basename(file)));
        const source = await openMediaFiles(files);
        expect(source.info).toMatchObject({ kind: 'images', frameStart: 1001, frameEnd: 1003 });
        expect([source.info.width, source.info.height]).toEqual([64, 36]);
        expect(isFloatImage(await source.loadFrame(1002))).toBe(true);
        source.dispose();
      }
      // Where the viewer unpacks 10-bit DPX itself (a hardware GPU, or forced), its words come.
      setDpxUnpackMode('gpu');
      try {
        const files = media.dpx10.map(
          (file) => new File([readFileSync(file)], path.basename(file)),
        );
        const source = await openMediaFiles(files);
        expect(isPacked10Image(await source.loadFrame(1002))).toBe(true);
        source.dispose();
      } finally {
        setDpxUnpackMode('auto');
      }
      // By first bytes when the name says nothing.
      const bare = new File([readFileSync(media.dpx16)], 'plate_0001');
      const source = await openMediaFiles([bare]);
      expect(isFloatImage(await source.loadFrame(1))).toBe(true);
      source.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses broken files naming the file and the reason, and mixes of formats', async () => {
    const exr = await messageOf([new File(['x'], 'beauty.1001.exr')]);
    expect(exr.code).toBe('DECODE_FAILED');
    expect(exr.message).toMatch(/^beauty\.1001\.exr cannot be shown: the file is truncated/);
    const dpx = new File([new Uint8Array([0x53, 0x44, 0x50, 0x58, 0, 0])], 'plate_0001');
    expect((await messageOf([dpx])).message).toMatch(/^plate_0001 cannot be shown: the file is/);
    const mixed = await messageOf([new File(['x'], 'a.exr'), new File(['y'], 'b.dpx')]);
    expect(mixed.code).toBe('UNSUPPORTED_TYPE');
    expect(mixed.message).toMatch(/one kind of image at a time/);
  });

  it('names ProRes in a MOV by its sample format', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-prores-'));
    try {
      const file = path.join(dir, 'plate.mov');
      execFileSync('ffmpeg', [
        ...['-hide_banner', '-loglevel', 'error', '-y', '-nostdin'],
        ...['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=24:duration=0.25'],
        ...['-c:v', 'prores_ks', '-profile:v', '0', file],
      ]);
      const prores = await messageOf([new File([readFileSync(file)], 'plate.mov')]);
      expect(prores.code).toBe('UNSUPPORTED_CODEC');
      expect(prores.message).toMatch(/^ProRes is not decodable in browsers, so plate\.mov/);
      expect(prores.message).toMatch(/Convert it to H\.264/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
