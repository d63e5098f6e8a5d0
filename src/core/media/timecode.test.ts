import { describe, expect, it } from 'vitest';
import {
  formatRate,
  formatTimecode,
  frameToTimecode,
  isDropFrameRate,
  mediaTimecode,
} from './timecode';

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

describe('formatRate', () => {
  it('writes rates as people do', () => {
    expect(formatRate(24000 / 1001)).toBe('23.976');
    expect(formatRate(23.976023976023978)).toBe('23.976');
    expect(formatRate(30000 / 1001)).toBe('29.97');
    expect(formatRate(60000 / 1001)).toBe('59.94');
    expect(formatRate(24)).toBe('24');
    expect(formatRate(25)).toBe('25');
    expect(formatRate(24.000001)).toBe('24');
    expect(formatRate(12.5)).toBe('12.5');
    // A measured rate that is near no standard keeps three decimals.
    expect(formatRate(17.123456)).toBe('17.123');
  });
});

describe('mediaTimecode', () => {
  it('starts at the embedded start timecode', () => {
    const media = { frameStart: 1, fps: 24000 / 1001, timecodeStart: 24 * 3600 };
    expect(mediaTimecode(1, media)).toBe('01:00:00:00');
    expect(mediaTimecode(25, media)).toBe('01:00:01:00');
  });

  it('keeps the timecode on the same picture when the frames are renumbered', () => {
    const media = { frameStart: 1001, fps: 24, timecodeStart: 24 * 3600 };
    expect(mediaTimecode(1001, media)).toBe('01:00:00:00');
  });

  it('shows 00:00:00:00 at the first frame without a start timecode', () => {
    expect(mediaTimecode(1, { frameStart: 1, fps: 24 })).toBe('00:00:00:00');
  });

  it('counts a numbered sequence from its frame numbers', () => {
    // Frame 1001 of a sequence is 1001 frames past 00:00:00:00.
    expect(mediaTimecode(1001, { frameStart: 1001, fps: 24, timecodeStart: 1001 })).toBe(
      '00:00:41:17',
    );
  });

  it('uses drop-frame labels for an embedded 29.97 timecode', () => {
    const media = { frameStart: 1, fps: 30000 / 1001, timecodeStart: 107892 };
    expect(mediaTimecode(1, media)).toBe('01:00:00;00');
  });
});
