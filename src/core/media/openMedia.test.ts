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
