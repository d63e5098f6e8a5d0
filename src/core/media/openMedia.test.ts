import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { categorizeFile, MediaError, openMediaFiles } from './openMedia';

describe('categorizeFile', () => {
  it('uses the MIME type, then the extension', () => {
    expect(categorizeFile({ name: 'a.bin', type: 'video/mp4' })).toBe('video');
    expect(categorizeFile({ name: 'a', type: 'image/png' })).toBe('image');
    expect(categorizeFile({ name: 'shot.1001.PNG', type: '' })).toBe('image');
    expect(categorizeFile({ name: 'plate.JPEG', type: '' })).toBe('image');
    expect(categorizeFile({ name: 'take.mov', type: '' })).toBe('video');
    expect(categorizeFile({ name: 'notes.txt', type: 'text/plain' })).toBe('unsupported');
    expect(categorizeFile({ name: 'scan.exr', type: '' })).toBe('unsupported');
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

describe('formats no browser decodes', () => {
  async function messageOf(files: File[]): Promise<{ code: string; message: string }> {
    const error: unknown = await openMediaFiles(files).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof MediaError)) throw new Error('expected a MediaError');
    return { code: error.code, message: error.message };
  }

  it('names OpenEXR and DPX by extension, and says what to do', async () => {
    const exr = await messageOf([new File(['x'], 'beauty.1001.exr')]);
    expect(exr.code).toBe('UNSUPPORTED_TYPE');
    expect(exr.message).toMatch(/^OpenEXR is not decodable in browsers/);
    expect(exr.message).toMatch(/Convert the frames to PNG or JPEG/);
    expect((await messageOf([new File(['x'], 'scan.DPX')])).message).toMatch(/^DPX is not/);
  });

  it('names them by their first bytes when the name has no known extension', async () => {
    const dpx = new File([new Uint8Array([0x53, 0x44, 0x50, 0x58, 0, 0])], 'plate_0001');
    expect((await messageOf([dpx])).message).toMatch(/^DPX is not decodable/);
    const exr = new File([new Uint8Array([0x76, 0x2f, 0x31, 0x01, 2, 0])], 'beauty');
    expect((await messageOf([exr])).message).toMatch(/^OpenEXR is not decodable/);
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
