// The pixel aspect ratio files declare reaches the decoded picture: OpenEXR's pixelAspectRatio
// attribute and the DPX orientation header's horizontal:vertical pair (the Image format's "from
// the file"); square or undefined leaves it out.
import { describe, expect, it } from 'vitest';
import { bufferOf } from '../../../../test/support/decodedImages';
import { writeDpx, writeExr } from '../../../../scripts/vfxMediaWriters';
import { decodeDpx } from './dpxDecode';
import { decodeExr } from './exrDecode';

function exr(pixelAspect?: number): Buffer {
  const values = new Float32Array(8 * 4).fill(0.5);
  return writeExr({
    dataWindow: { xMin: 0, yMin: 0, xMax: 7, yMax: 3 },
    channels: ['B', 'G', 'R'].map((name) => ({ name, values })),
    compression: 'zip',
    ...(pixelAspect === undefined ? {} : { pixelAspect }),
  });
}

function dpx(pixelAspect?: [number, number]): Buffer {
  const codes = new Uint16Array(4 * 2 * 3).fill(512);
  return writeDpx({
    width: 4,
    height: 2,
    codes,
    bitDepth: 10,
    ...(pixelAspect ? { pixelAspect } : {}),
  });
}

describe('pixel aspect from the file', () => {
  it('reads an anamorphic EXR (pixelAspectRatio 2) and leaves a square one out', () => {
    expect(decodeExr(bufferOf(exr(2))).image.pixelAspect).toBe(2);
    expect(decodeExr(bufferOf(exr(1.5))).image.pixelAspect).toBe(1.5);
    expect(decodeExr(bufferOf(exr())).image.pixelAspect).toBeUndefined();
  });

  it('reads the DPX orientation header (horizontal:vertical), undefined values as square', () => {
    const { image, info } = decodeDpx(bufferOf(dpx([2, 1])));
    expect(image.pixelAspect).toBe(2);
    expect(info.pixelAspect).toBe(2);
    expect(decodeDpx(bufferOf(dpx([4, 3]))).image.pixelAspect).toBeCloseTo(4 / 3, 12);
    expect(decodeDpx(bufferOf(dpx())).image.pixelAspect).toBeUndefined();
    expect(decodeDpx(bufferOf(dpx([0, 0]))).image.pixelAspect).toBeUndefined();
  });
});
