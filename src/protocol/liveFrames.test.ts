// Live frames: the documented header round-trips, and every kind of malformed message is
// refused with a reason (never thrown).
import { describe, expect, it } from 'vitest';
import {
  coversImage,
  decodeLiveFrame,
  encodeLiveFrame,
  exrDisplaySize,
  type LiveFrameHeader,
} from './liveFrames';

/** An OpenEXR header: magic, version, the given attributes (name, type, value bytes), end. */
function exrHeader(attributes: Array<[string, string, number[]]>): Uint8Array {
  const bytes: number[] = [0x76, 0x2f, 0x31, 0x01, 2, 0, 0, 0];
  const text = (value: string) => [...value].map((c) => c.charCodeAt(0)).concat(0);
  const int32 = (value: number) => [...new Uint8Array(new Int32Array([value]).buffer)];
  for (const [name, type, value] of attributes)
    bytes.push(...text(name), ...text(type), ...int32(value.length), ...value);
  bytes.push(0);
  return new Uint8Array(bytes);
}
const box = (...values: number[]) =>
  values.flatMap((value) => [...new Uint8Array(new Int32Array([value]).buffer)]);

const header: LiveFrameHeader = {
  encoding: 'rgba8',
  frame: 7,
  width: 64,
  height: 32,
  x: 16,
  y: 8,
  regionWidth: 16,
  regionHeight: 16,
};

describe('live frames', () => {
  it('round-trips a bucket of RGBA and reads the header as documented', () => {
    const bytes = encodeLiveFrame(header, new Uint8Array(16 * 16 * 4).fill(9));
    expect([...bytes.subarray(0, 8)]).toEqual([0x52, 0x53, 0x4c, 0x46, 1, 0, 0, 0]);
    expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(7);
    const parsed = decodeLiveFrame(bytes);
    expect(parsed.ok && parsed.header).toEqual(header);
    expect(parsed.ok && coversImage(parsed.header)).toBe(false);
  });

  it('refuses short, foreign, outside-the-image and wrong-length messages with the reason', () => {
    const good = encodeLiveFrame(header, new Uint8Array(16 * 16 * 4));
    const reason = (bytes: Uint8Array) => {
      const parsed = decodeLiveFrame(bytes);
      return parsed.ok ? null : parsed.reason;
    };
    expect(reason(good.subarray(0, 20))).toBe('a 20-byte message (the header alone is 36)');
    const foreign = good.slice();
    foreign[0] = 0x50;
    expect(reason(foreign)).toContain('must start with "RSLF"');
    expect(reason(encodeLiveFrame({ ...header, x: 60 }, new Uint8Array(16 * 16 * 4)))).toBe(
      'region 16×16 at 60,8 is not inside the 64×32 image',
    );
    expect(reason(encodeLiveFrame(header, new Uint8Array(10)))).toContain('10 bytes of RGBA');
    expect(reason(encodeLiveFrame({ ...header, width: 0 }, new Uint8Array(0)))).toContain(
      'image size 0×32',
    );
    const version = good.slice();
    version[4] = 9;
    expect(reason(version)).toBe('format version 9 (this server reads 1)');
  });

  it('carries OpenEXR frames: refuses other bytes, and reads the display window for the header', () => {
    const exr = exrHeader([
      ['compression', 'compression', [3]],
      ['dataWindow', 'box2i', box(-8, -8, 1927, 1087)],
      ['displayWindow', 'box2i', box(0, 0, 1919, 1079)],
    ]);
    expect(exrDisplaySize(exr)).toEqual({ width: 1920, height: 1080 });
    const whole = {
      ...header,
      encoding: 'exr' as const,
      x: 0,
      y: 0,
      regionWidth: 64,
      regionHeight: 32,
    };
    expect(decodeLiveFrame(encodeLiveFrame(whole, exr)).ok).toBe(true);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const refused = decodeLiveFrame(encodeLiveFrame(whole, png));
    expect(refused.ok ? null : refused.reason).toBe('an OpenEXR frame that is not an OpenEXR file');
    expect(exrDisplaySize(png)).toBeNull();
    // A header without a display window, or cut short, has no size.
    expect(exrDisplaySize(exrHeader([['compression', 'compression', [3]]]))).toBeNull();
    expect(exrDisplaySize(exr.subarray(0, 40))).toBeNull();
  });
});
