import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOf, decodeFailure, pixelOf } from '../../../../test/support/decodedImages';
import { makeVfxMedia, type VfxMedia } from '../../../../scripts/make-vfx-media';
import { decodeFrameIdStrip } from '../frameId';
import { decodeExr } from './exrDecode';
import { HalfFloatType } from 'three';
import { EXRLoader } from 'three/examples/jsm/loaders/EXRLoader.js';
import { testPicture, writeExr, writeMultiPartExr } from '../../../../scripts/vfxMediaWriters';
import { readExrHeader } from './exrHeader';
import { fastPathApplies } from './exrFastPath';
import { floatImageToRgba8, type FloatImage } from './floatImage';

const W = 320;
const H = 180;
let dir = '';
let media: VfxMedia;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vfx-exr-'));
  media = makeVfxMedia(dir, W, H, 5);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pixel = (image: FloatImage, x: number, y: number): number[] => pixelOf(image, x, y, 4);

/** `ours` holds exactly what three.js's EXRLoader reads from `buffer` (its rows run bottom-up). */
function expectLoaderPicture(buffer: ArrayBuffer, ours: FloatImage): void {
  const theirs = new EXRLoader().setDataType(HalfFloatType).parse(buffer.slice(0)) as {
    width: number;
    height: number;
    data: Uint16Array;
  };
  expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
  const row = theirs.width * 4;
  for (let y = 0; y < theirs.height; y++) {
    const loaderRow = theirs.data.subarray(
      (theirs.height - 1 - y) * row,
      (theirs.height - y) * row,
    );
    expect(ours.data.subarray(y * row, (y + 1) * row)).toEqual(loaderRow);
  }
}
const failure = decodeFailure;

describe('decodeExr', () => {
  it('decodes ffmpeg-written half ZIP frames to the values ffmpeg decodes, with the frame-ID strip', () => {
    media.exrZip.forEach((path, i) => {
      const { image, layers, layer } = decodeExr(bufferOf(path));
      expect([image.width, image.height]).toEqual([W, H]);
      expect(image.data).toBeInstanceOf(Uint16Array);
      expect(layers.map((each) => each.label)).toEqual(['RGBA']);
      expect(layer).toBe('RGBA');
      expect(decodeFrameIdStrip(floatImageToRgba8(image), W, H)).toBe(1001 + i);
    });
    // ffmpeg's own decoder on the same file (planar G, B, R floats).
    const raw = execFileSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-i', media.exrZip[0] ?? ''],
      ...['-f', 'rawvideo', '-pix_fmt', 'gbrpf32le', '-'],
    ]);
    const planes = new Float32Array(raw.buffer, raw.byteOffset, W * H * 3);
    const { image } = decodeExr(bufferOf(media.exrZip[0] ?? ''));
    for (const [x, y] of [
      [0, 0],
      [100, 40],
      [319, 179],
      [5, 175],
    ] as const) {
      const i = y * W + x;
      const [r, g, b] = pixel(image, x, y);
      expect(r).toBeCloseTo(planes[2 * W * H + i] ?? NaN, 3);
      expect(g).toBeCloseTo(planes[i] ?? NaN, 3);
      expect(b).toBeCloseTo(planes[W * H + i] ?? NaN, 3);
    }
  });

  it('keeps HDR values above 1 (scene-linear)', () => {
    const { image } = decodeExr(bufferOf(media.layered));
    const [r, g, b, a] = pixel(image, W - 1, 0);
    expect(r).toBeCloseTo(4, 2);
    expect(g).toBeCloseTo(1, 2);
    expect(b).toBeCloseTo(0.25, 3);
    expect(a).toBe(1);
  });

  it('lists layers and decodes a named layer, and a single-channel layer as grey', () => {
    const rgba = decodeExr(bufferOf(media.layered));
    expect(rgba.layers.map((layer) => layer.label)).toEqual(['RGBA', 'depth', 'diffuse']);
    const diffuse = decodeExr(bufferOf(media.layered), { layer: 'diffuse' });
    expect(diffuse.layer).toBe('diffuse');
    expect(pixel(diffuse.image, 10, 10)).toEqual([0.5, 0.25, 0.125, 1]);
    const depth = decodeExr(bufferOf(media.layered), { layer: 'depth' });
    expect(pixel(depth.image, 10, 10)).toEqual([2, 2, 2, 1]);
    // An unknown label falls back to the RGBA layer.
    expect(decodeExr(bufferOf(media.layered), { layer: 'nope' }).layer).toBe('RGBA');
  });

  it('crops overscan to the display window, or shows it', () => {
    const cropped = decodeExr(bufferOf(media.overscan));
    expect([cropped.image.width, cropped.image.height]).toEqual([W, H]);
    expect(cropped.dataWindow).toEqual({ xMin: -10, yMin: -10, xMax: W + 9, yMax: H + 9 });
    expect(pixel(cropped.image, W - 1, 0)[0]).toBeCloseTo(4, 2);
    const shown = decodeExr(bufferOf(media.overscan), { window: 'overscan' });
    expect([shown.image.width, shown.image.height]).toEqual([W + 20, H + 20]);
    expect(pixel(shown.image, 0, 0)[0]).toBe(3);
    expect(pixel(shown.image, W + 9, 10)[0]).toBeCloseTo(4, 2);
  });

  it('reads tiled and 32-bit float files to the same picture', () => {
    const reference = decodeExr(bufferOf(media.layered)).image;
    for (const path of [media.tiled, media.float32]) {
      const { image } = decodeExr(bufferOf(path));
      for (const [x, y] of [
        [0, 0],
        [70, 130],
        [319, 179],
      ] as const) {
        const expected = pixel(reference, x, y);
        pixel(image, x, y)
          .slice(0, 3)
          .forEach((value, c) => expect(value).toBeCloseTo(expected[c] ?? NaN, 2));
      }
    }
  });

  it('shows a display window larger than the data window on transparent black', () => {
    // The overscan file's data window, seen through a display window twice as wide.
    const bytes = new Uint8Array(bufferOf(media.overscan));
    const text = Buffer.from(bytes).toString('latin1');
    const at = text.indexOf('displayWindow\0box2i\0') + 'displayWindow\0box2i\0'.length + 4;
    new DataView(bytes.buffer).setInt32(at + 8, 2 * W - 1, true);
    const { image } = decodeExr(bytes.buffer);
    expect(image.width).toBe(2 * W);
    expect(pixel(image, 2 * W - 1, 5)).toEqual([0, 0, 0, 0]);
  });

  it('reads half scanline files (none, ZIPS, ZIP) on its fast path to exactly what EXRLoader reads', () => {
    const [r, g, b] = testPicture(W, H, 1234);
    const none = writeExr({
      dataWindow: { xMin: 0, yMin: 0, xMax: W - 1, yMax: H - 1 },
      compression: 'none',
      channels: [
        { name: 'R', values: r ?? new Float32Array() },
        { name: 'G', values: g ?? new Float32Array() },
        { name: 'B', values: b ?? new Float32Array() },
      ],
    });
    const files = [
      bufferOf(media.layered),
      bufferOf(media.overscan),
      bufferOf(media.exrZip[0] ?? ''),
    ];
    files.push(new Uint8Array(none).buffer);
    for (const buffer of files) {
      expect(fastPathApplies(readExrHeader(new Uint8Array(buffer)))).toBe(true);
      expectLoaderPicture(buffer, decodeExr(buffer, { window: 'overscan' }).image);
    }
    expect(fastPathApplies(readExrHeader(new Uint8Array(bufferOf(media.tiled))))).toBe(false);
    expect(fastPathApplies(readExrHeader(new Uint8Array(bufferOf(media.float32))))).toBe(false);
  });

  it.each([
    ['PIZ', 4],
    ['PXR24', 5],
  ] as const)(
    "reads %s files on its fast path (OpenEXR's decoder) to what EXRLoader reads",
    (name, code) => {
      // OpenImageIO's oiiotool (Debian: openimageio-tools) writes them; ffmpeg cannot.
      const rewrite = (from: string, to: string): ArrayBuffer => {
        execFileSync('oiiotool', [from, '--compression', name.toLowerCase(), '-o', join(dir, to)]);
        return bufferOf(join(dir, to));
      };
      const rgb = rewrite(media.exrZip[0] ?? '', `rgb-${code}.exr`);
      const layered = rewrite(media.layered, `layered-${code}.exr`);
      // Lossless on half data: the same values as the ZIP originals, a named layer too.
      expect(decodeExr(rgb).image.data).toEqual(
        decodeExr(bufferOf(media.exrZip[0] ?? '')).image.data,
      );
      expect(decodeExr(layered, { layer: 'diffuse' }).image.data).toEqual(
        decodeExr(bufferOf(media.layered), { layer: 'diffuse' }).image.data,
      );
      for (const buffer of [rgb, layered]) {
        const header = readExrHeader(new Uint8Array(buffer));
        expect(header.parts[0]?.compression).toBe(code);
        expect(fastPathApplies(header)).toBe(true);
        expectLoaderPicture(buffer, decodeExr(buffer).image);
      }
      // A block cut short (its stored size 8 bytes) is refused with the reason.
      const damaged = new Uint8Array(rgb.slice(0));
      const view = new DataView(damaged.buffer);
      const chunk = Number(view.getBigUint64(readExrHeader(damaged).headerEnd, true));
      view.setUint32(chunk + 4, 8, true);
      const refused = failure(() => decodeExr(damaged.buffer));
      expect(refused.code).toBe('CORRUPT');
      expect(refused.reason).toBe(`its ${name} data could not be decoded (a block is damaged)`);
    },
  );

  it('lists the parts of a multi-part file, and the layers in a part, and decodes each', () => {
    const box = { xMin: 0, yMin: 0, xMax: W - 1, yMax: H - 1 };
    const [r, g, b] = testPicture(W, H, 1001);
    const flat = (value: number): Float32Array => new Float32Array(W * H).fill(value);
    const file = writeMultiPartExr([
      {
        name: 'beauty',
        dataWindow: box,
        channels: [
          { name: 'R', values: r ?? flat(0) },
          { name: 'G', values: g ?? flat(0) },
          { name: 'B', values: b ?? flat(0) },
        ],
      },
      {
        name: 'spec',
        dataWindow: box,
        compression: 'zips',
        channels: [
          { name: 'R', values: flat(0.5) },
          { name: 'G', values: flat(0.25) },
          { name: 'B', values: flat(0.125) },
          { name: 'mask.Z', values: flat(0.75) },
        ],
      },
    ]);
    const buffer = bufferOf(file);
    const beauty = decodeExr(buffer);
    expect(beauty.layers.map((layer) => layer.label)).toEqual([
      'beauty: RGBA',
      'spec: RGBA',
      'spec: mask',
    ]);
    expect(beauty.layer).toBe('beauty: RGBA');
    expect(decodeFrameIdStrip(floatImageToRgba8(beauty.image), W, H)).toBe(1001);
    expect(pixel(decodeExr(buffer, { layer: 'spec: RGBA' }).image, 9, 9)).toEqual([
      0.5, 0.25, 0.125, 1,
    ]);
    expect(pixel(decodeExr(buffer, { layer: 'spec: mask' }).image, 9, 9)).toEqual([
      0.75, 0.75, 0.75, 1,
    ]);
  });

  it('refuses bad input with a reason', () => {
    expect(failure(() => decodeExr(bufferOf(media.truncated))).code).toBe('TRUNCATED');
    expect(failure(() => decodeExr(new Uint8Array(4).buffer)).code).toBe('TRUNCATED');
    const notExr = failure(() => decodeExr(new TextEncoder().encode('hello, world').buffer));
    expect(notExr.code).toBe('CORRUPT');
    expect(notExr.reason).toMatch(/not an OpenEXR file/);

    const withCompression = (code: number): ArrayBuffer => {
      const bytes = new Uint8Array(bufferOf(media.layered));
      const marker = 'compression\0compression\0';
      const at = Buffer.from(bytes).toString('latin1').indexOf(marker) + marker.length + 4;
      bytes[at] = code;
      return bytes.buffer;
    };
    const unknown = failure(() => decodeExr(withCompression(12)));
    expect(unknown.code).toBe('UNSUPPORTED');
    expect(unknown.reason).toMatch(/compression \(code 12\)/);

    const deep = new Uint8Array(bufferOf(media.layered));
    deep[5] = 0x08;
    expect(failure(() => decodeExr(deep.buffer)).reason).toMatch(/deep data/);
  });
});
