import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVfxMedia, type VfxMedia } from '../../../scripts/make-vfx-media';
import { testPicture, writeExr } from '../../../scripts/vfxMediaWriters';
import { pixelOf } from '../../../test/support/decodedImages';
import { ImageSequenceSource } from '../../core/media/ImageSequenceSource';
import type { MediaError } from '../../core/media/MediaError';
import { DecodePool, poolSize } from '../../core/media/images/DecodePool';
import { isFloatImage, type FloatImage } from '../../core/media/images/floatImage';
import { VfxDecoder } from '../../core/media/images/VfxDecoder';
import type { FrameImage, MediaSource } from '../../core/media/types';
import { applyVfxSettings, nextLayer, vfxSequenceOf, type VfxTarget } from './model';

let dir = '';
let media: VfxMedia;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vfx-model-'));
  media = makeVfxMedia(dir, 64, 36, 3);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileOf = (file: string, name = path.basename(file)): File =>
  new File([readFileSync(file)], name);

/** A target recording what would be shown (Node: the pool decodes inline). */
function targetFor(source: MediaSource, frame: number) {
  const shown: Array<{ image: FrameImage; width: number; height: number }> = [];
  const target: VfxTarget = {
    media: source,
    currentFrame: frame,
    show: (image, width, height) => shown.push({ image, width, height }),
  };
  return { target, shown };
}

describe('VFX sequence settings', () => {
  it('sizes the pool one below the cores, at least one', () => {
    expect(poolSize(8)).toBe(7);
    expect(poolSize(2)).toBe(1);
    expect(poolSize(1)).toBe(1);
    expect(poolSize(undefined)).toBe(1);
  });

  it('switches the EXR layer and the window, redecoding the frame on screen', async () => {
    const decoder = new VfxDecoder('exr', new DecodePool(1));
    const source = await ImageSequenceSource.open([fileOf(media.layered)], 24, decoder);
    expect(vfxSequenceOf(source)).toBe(source);
    expect(decoder.layers).toEqual(['RGBA', 'depth', 'diffuse']);
    expect(decoder.layer).toBe('RGBA');
    const changes: number[] = [];
    decoder.on('changed', () => changes.push(1));
    const { target, shown } = targetFor(source, 1);
    await applyVfxSettings(target, { layer: 'diffuse' });
    const last = shown.at(-1)?.image;
    if (!isFloatImage(last)) throw new Error('expected a float picture');
    expect(pixelOf(last, 5, 5)).toEqual([0.5, 0.25, 0.125, 1]);
    expect(decoder.layer).toBe('diffuse');
    expect(changes.length).toBeGreaterThan(0);
    await expect(applyVfxSettings(target, { layer: 'specular' })).rejects.toThrow(
      /has no layer "specular"; its layers are RGBA, depth, diffuse/,
    );
    // Nothing changes: nothing redecoded.
    const before = shown.length;
    await applyVfxSettings(target, { layer: 'diffuse' });
    expect(shown.length).toBe(before);
    source.dispose();

    const windows = new VfxDecoder('exr', new DecodePool(1));
    const overscan = await ImageSequenceSource.open([fileOf(media.overscan)], 24, windows);
    const shownOverscan = targetFor(overscan, 1);
    expect(windows.overscan).toBe(true);
    await applyVfxSettings(shownOverscan.target, { window: 'overscan' });
    expect(shownOverscan.shown.at(-1)).toMatchObject({ width: 84, height: 56 });
    expect([overscan.info.width, overscan.info.height]).toEqual([84, 56]);
    overscan.dispose();
  });

  it('refuses settings for other media, and wraps the next layer', async () => {
    const notVfx = { info: { name: 'demo' } } as unknown as MediaSource;
    await expect(applyVfxSettings(targetFor(notVfx, 1).target, { layer: 'RGBA' })).rejects.toThrow(
      /not an OpenEXR or DPX sequence/,
    );
    expect(nextLayer(['RGBA', 'depth'], 'RGBA')).toBe('depth');
    expect(nextLayer(['RGBA', 'depth'], 'depth')).toBe('RGBA');
    expect(nextLayer([], null)).toBeNull();
  });

  it('reports a frame of another size by name and keeps the others', async () => {
    const [r, g, b] = testPicture(32, 18, 1004);
    const zero = new Float32Array(32 * 18);
    const small = writeExr({
      dataWindow: { xMin: 0, yMin: 0, xMax: 31, yMax: 17 },
      channels: [
        { name: 'R', values: r ?? zero },
        { name: 'G', values: g ?? zero },
        { name: 'B', values: b ?? zero },
      ],
    });
    const files = [
      ...media.exrZip.map((file) => fileOf(file)),
      new File([new Uint8Array(small)], 'shot.1004.exr'),
    ];
    const source = await ImageSequenceSource.open(
      files,
      24,
      new VfxDecoder('exr', new DecodePool(1)),
    );
    const failures: MediaError[] = [];
    source.onFrameFailure((error) => failures.push(error));
    await expect(source.loadFrame(1004)).rejects.toThrow(
      /shot\.1004\.exr cannot be shown: it is 32×18 but the sequence is 64×36 \(mixed sizes\)/,
    );
    expect(failures.map((error) => error.message)).toEqual([
      expect.stringMatching(/^shot\.1004\.exr cannot be shown/),
    ]);
    expect(isFloatImage((await source.loadFrame(1003)) as FloatImage)).toBe(true);
    source.dispose();
  });
});
