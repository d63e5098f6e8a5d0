import { describe, expect, it } from 'vitest';
import {
  entryIndexForFrame,
  layoutSequence,
  missingRanges,
  numberRuns,
  parseSequenceName,
  sequenceDisplayName,
} from './sequenceNames';

describe('parseSequenceName', () => {
  it('finds the trailing frame number before the extension', () => {
    expect(parseSequenceName('shot.1001.png')).toEqual({
      prefix: 'shot.',
      number: 1001,
      extension: 'png',
    });
    expect(parseSequenceName('plate_v2_0042.JPG')).toEqual({
      prefix: 'plate_v2_',
      number: 42,
      extension: 'jpg',
    });
    expect(parseSequenceName('frame7.jpeg')).toEqual({
      prefix: 'frame',
      number: 7,
      extension: 'jpeg',
    });
    expect(parseSequenceName('poster.png')).toEqual({
      prefix: 'poster',
      number: null,
      extension: 'png',
    });
    expect(parseSequenceName('1001')).toEqual({ prefix: '', number: 1001, extension: '' });
  });
});

describe('layoutSequence', () => {
  const name = (s: string): string => s;

  it('sorts numerically by the trailing number and keeps it as the frame', () => {
    const layout = layoutSequence(
      ['shot.1010.png', 'shot.1002.png', 'shot.999.png', 'shot.1001.png'],
      name,
    );
    expect(layout.entries.map((e) => [e.item, e.frame])).toEqual([
      ['shot.999.png', 999],
      ['shot.1001.png', 1001],
      ['shot.1002.png', 1002],
      ['shot.1010.png', 1010],
    ]);
    expect(layout).toMatchObject({ frameStart: 999, frameEnd: 1010, numbersFromNames: true });
  });

  it('numbers from 1 in natural name order without usable numbers', () => {
    const layout = layoutSequence(['b.png', 'a10.png', 'a2.png', 'c.png'], name);
    expect(layout.entries.map((e) => [e.item, e.frame])).toEqual([
      ['a2.png', 1],
      ['a10.png', 2],
      ['b.png', 3],
      ['c.png', 4],
    ]);
    expect(layout).toMatchObject({ frameStart: 1, frameEnd: 4, numbersFromNames: false });
  });

  it('falls back to 1..N when numbers repeat', () => {
    const layout = layoutSequence(['left.1001.png', 'right.1001.png'], name);
    expect(layout.numbersFromNames).toBe(false);
    expect(layout.frameEnd).toBe(2);
  });

  it('a single image is frame 1 unless its name is numbered', () => {
    expect(layoutSequence(['still.png'], name)).toMatchObject({ frameStart: 1, frameEnd: 1 });
    expect(layoutSequence(['still.0100.png'], name)).toMatchObject({
      frameStart: 100,
      frameEnd: 100,
    });
  });

  it('refuses an empty list', () => {
    expect(() => layoutSequence([], name)).toThrow(RangeError);
  });
});

describe('entryIndexForFrame', () => {
  it('holds the previous image across gaps and clamps at the ends', () => {
    const frames = [1001, 1002, 1005];
    expect(entryIndexForFrame(frames, 1001)).toBe(0);
    expect(entryIndexForFrame(frames, 1002)).toBe(1);
    expect(entryIndexForFrame(frames, 1004)).toBe(1);
    expect(entryIndexForFrame(frames, 1005)).toBe(2);
    expect(entryIndexForFrame(frames, 2000)).toBe(2);
    expect(entryIndexForFrame(frames, 1)).toBe(0);
  });
});

describe('sequenceDisplayName', () => {
  it('names the range', () => {
    expect(sequenceDisplayName(['shot.1003.png', 'shot.1001.png'])).toBe('shot.[1001,1003].png');
    expect(sequenceDisplayName(['one.png'])).toBe('one.png');
    expect(sequenceDisplayName(['a.png', 'b.png', 'c.png'])).toBe('a.png (+2)');
  });
});

describe('sequence gaps', () => {
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const withGap = [...range(1001, 1009), ...range(1013, 1048)];

  it('finds the runs and the missing ranges', () => {
    expect(numberRuns(withGap)).toEqual([
      { start: 1001, end: 1009 },
      { start: 1013, end: 1048 },
    ]);
    expect(missingRanges(withGap)).toEqual([{ start: 1010, end: 1012 }]);
    expect(missingRanges(range(1001, 1005))).toEqual([]);
    expect(missingRanges([1, 3, 5])).toEqual([
      { start: 2, end: 2 },
      { start: 4, end: 4 },
    ]);
  });

  it('shows the gaps in the sequence name', () => {
    const names = withGap.map((n) => `shot.${n}.png`);
    expect(sequenceDisplayName(names)).toBe('shot.[1001-1009,1013-1048].png');
    expect(sequenceDisplayName(['a.1.png', 'a.3.png', 'a.4.png'])).toBe('a.[1,3-4].png');
    expect(sequenceDisplayName(range(1001, 1005).map((n) => `shot.${n}.png`))).toBe(
      'shot.[1001-1005].png',
    );
  });
});
