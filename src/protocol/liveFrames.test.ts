// Live frames: the documented header round-trips, and every kind of malformed message is
// refused with a reason (never thrown).
import { describe, expect, it } from 'vitest';
import { coversImage, decodeLiveFrame, encodeLiveFrame, type LiveFrameHeader } from './liveFrames';

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
});
