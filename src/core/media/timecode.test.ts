import { describe, expect, it } from 'vitest';
import { formatTimecode, frameToTimecode, isDropFrameRate } from './timecode';

describe('formatTimecode', () => {
  it('formats integer rates', () => {
    expect(formatTimecode(0, 24)).toBe('00:00:00:00');
    expect(formatTimecode(23, 24)).toBe('00:00:00:23');
    expect(formatTimecode(24, 24)).toBe('00:00:01:00');
    expect(formatTimecode(1439, 24)).toBe('00:00:59:23');
    expect(formatTimecode(24 * 3600 + 24 * 61 + 5, 24)).toBe('01:01:01:05');
    expect(formatTimecode(25 * 60, 25)).toBe('00:01:00:00');
  });

  it('counts 23.976 with 24 frame labels', () => {
    expect(formatTimecode(24, 24000 / 1001)).toBe('00:00:01:00');
    expect(isDropFrameRate(24000 / 1001)).toBe(false);
  });

  it('uses drop-frame labels at 29.97', () => {
    const fps = 30000 / 1001;
    expect(isDropFrameRate(fps)).toBe(true);
    expect(formatTimecode(1799, fps)).toBe('00:00:59;29');
    expect(formatTimecode(1800, fps)).toBe('00:01:00;02');
    expect(formatTimecode(17982, fps)).toBe('00:10:00;00');
    expect(formatTimecode(17981, fps)).toBe('00:09:59;29');
    expect(formatTimecode(1800, fps, { dropFrame: false })).toBe('00:01:00:00');
  });

  it('uses four dropped labels at 59.94', () => {
    expect(formatTimecode(3600, 60000 / 1001)).toBe('00:01:00;04');
  });

  it('handles negative counts and rejects bad rates', () => {
    expect(formatTimecode(-24, 24)).toBe('-00:00:01:00');
    expect(() => formatTimecode(1, 0)).toThrow(RangeError);
  });
});

describe('frameToTimecode', () => {
  it('starts at zero on the first frame of the media', () => {
    expect(frameToTimecode(1, 1, 24)).toBe('00:00:00:00');
    expect(frameToTimecode(1440, 1, 24)).toBe('00:00:59:23');
    expect(frameToTimecode(1025, 1001, 24)).toBe('00:00:01:00');
  });
});
