// Play all's sequence on the timeline: one segment per playable item, as long as its in–out
// range (live for the item on screen, else remembered, else the whole media), end to end.
import { describe, expect, it } from 'vitest';
import type { LibraryItem, PlaylistItem } from './types';
import { playAllSegments, sequencePosition } from './playAllSegments';

const library = (id: string, frames: number, startFrame = 1): LibraryItem =>
  ({
    id,
    kind: 'upload',
    name: id,
    size: 1,
    addedBy: 'host',
    addedByName: 'Host',
    addedAt: 0,
    state: 'ready',
    media: {
      codec: 'vp9',
      width: 64,
      height: 36,
      fps: 24,
      frames,
      durationS: frames / 24,
      startFrame,
      hasAudio: false,
    },
  }) as LibraryItem;

const row = (
  id: string,
  media: string,
  extra: { current?: boolean; playable?: boolean; state?: PlaylistItem['state'] } = {},
) => {
  const item: PlaylistItem = {
    id,
    name: `${id}.webm`,
    addedBy: 'host',
    source: { kind: 'library', id: media },
    ...(extra.state ? { state: extra.state } : {}),
  };
  return {
    id,
    name: item.name,
    current: extra.current ?? false,
    playable: extra.playable ?? true,
    item,
  };
};

const view = { pan: { x: 0, y: 0 }, zoom: 1, fit: true } as never;

describe('playAllSegments', () => {
  it('lays the playable items end to end by the length of their in–out ranges', () => {
    const segments = playAllSegments(
      [
        row('a', 'm1', { current: true }),
        row('b', 'm2', { state: { frame: 20, inPoint: 11, outPoint: 58, loopMode: 'loop', view } }),
        row('gone', 'missing', { playable: false }),
        row('c', 'm3'),
      ],
      [library('m1', 48), library('m2', 192), library('m3', 96, 1001)],
      { inPoint: 1, outPoint: 48 },
    );
    expect(segments.map((s) => [s.id, s.inPoint, s.outPoint, s.current])).toEqual([
      ['a', 1, 48, true],
      ['b', 11, 58, false],
      ['c', 1001, 1096, false],
    ]);
    // 48 + 48 + 96 frames: a quarter, a quarter, a half.
    expect(segments.map((s) => [s.start, s.width])).toEqual([
      [0, 0.25],
      [0.25, 0.25],
      [0.5, 0.5],
    ]);
  });

  it('keeps a remembered range within the media (the default range of a room that set none)', () => {
    const state = (inPoint: number, outPoint: number) =>
      ({ frame: 1, inPoint, outPoint, loopMode: 'loop', view }) as PlaylistItem['state'];
    const segments = playAllSegments(
      [row('a', 'm1', { state: state(1, 1440) }), row('b', 'm2', { state: state(300, 400) })],
      [library('m1', 48), library('m2', 192)],
      null,
    );
    expect(segments.map((s) => [s.inPoint, s.outPoint])).toEqual([
      [1, 48],
      [1, 192], // nothing of it left inside the media: its whole range
    ]);
  });

  it('the current item’s live in–out wins; before it is known, its remembered or whole range', () => {
    const rows = [row('a', 'm1', { current: true }), row('b', 'm2')];
    const shots = [library('m1', 48), library('m2', 48)];
    expect(playAllSegments(rows, shots, { inPoint: 13, outPoint: 24 })[0]).toMatchObject({
      inPoint: 13,
      outPoint: 24,
      width: 12 / 60,
    });
    expect(playAllSegments(rows, shots, null)[0]).toMatchObject({ inPoint: 1, outPoint: 48 });
  });

  it('places the playhead in the sequence within the current segment', () => {
    const segments = playAllSegments(
      [row('a', 'm1'), row('b', 'm2', { current: true })],
      [library('m1', 48), library('m2', 48)],
      null,
    );
    expect(sequencePosition(segments, 1)).toBeCloseTo(0.5 + 0.5 / 96);
    expect(sequencePosition(segments, 48)).toBeCloseTo(1 - 0.5 / 96);
    expect(sequencePosition(segments, 500)).toBe(1);
    expect(sequencePosition([], 1)).toBeNull();
  });
});
