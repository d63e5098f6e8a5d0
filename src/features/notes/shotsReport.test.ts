// @vitest-environment happy-dom
// The pictures of the report of every shot: each version's frames are read from its own media
// (the one on screen as it is, a library shot opened for the report and closed after), each
// frame's drawings asked for that media; versions without pictures say why.
import { describe, expect, it } from 'vitest';
import type { LibraryItem } from '../../protocol/index';
import type { MediaSource } from '../../core/media/types';
import { notesByShot } from '../playlist/notesByShot';
import type { PlaylistItem } from '../playlist/types';
import type { NoteItem } from './noteTypes';
import { captureShotsPictures } from './shotsReport';
import { fakeMedia } from './testSupport';

const item = (id: string, name: string, source: PlaylistItem['source']): PlaylistItem => ({
  id,
  name,
  addedBy: 'host',
  source,
});
const note = (id: string, frame: number, media: string): NoteItem => ({
  id,
  frame,
  text: id,
  author: 'u',
  authorName: 'U',
  authorColor: '#ffffff',
  createdAt: frame,
  updatedAt: frame,
  state: 'synced',
  editable: true,
  own: true,
  media,
});
const shot = (id: string, fps: number): LibraryItem =>
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
      fps,
      frames: 48,
      durationS: 2,
      startFrame: 1,
      hasAudio: false,
    },
  }) as LibraryItem;

/** A media source recording which frames were read from it and whether it was closed. */
function recorded(name: string, fingerprint: string, fps = 24) {
  const media = fakeMedia(name, fingerprint, { fps });
  const reads: number[] = [];
  let disposed = false;
  const source: MediaSource = {
    ...media,
    loadFrame: (frame) => {
      reads.push(frame);
      return media.loadFrame(frame);
    },
    dispose: () => {
      disposed = true;
    },
  };
  return { source, reads, disposed: () => disposed };
}

describe('captureShotsPictures', () => {
  it('reads each version from its own media and says why a version has no pictures', async () => {
    const playlist = [
      item('i1', 'sh010_v001.mov', { kind: 'library', id: 'm1' }),
      item('i2', 'sh020_v001.mov', { kind: 'library', id: 'm2' }),
      item('i3', 'sh030_v001.mov', { kind: 'library', id: 'gone' }),
      item('i4', 'sh040_v001.mov', {
        kind: 'local',
        media: {
          name: 'sh040_v001.mov',
          frameStart: 1,
          frameEnd: 48,
          width: 64,
          height: 36,
          fingerprint: 'm4',
        },
      } as PlaylistItem['source']),
    ];
    const groups = notesByShot(playlist, [
      note('on-1', 5, 'm1'),
      note('on-2', 10, 'm2'),
      note('on-2-again', 10, 'm2'),
      note('on-3', 2, 'gone'),
      note('on-4', 3, 'm4'),
      note('stray', 1, 'elsewhere'),
    ]);
    const screen = recorded('sh010_v001.mov', 'm1');
    const opened = recorded('sh020_v001.mov', 'm2', 25);
    const asked: string[] = [];
    const progress: Array<[number, number]> = [];
    const result = await captureShotsPictures({
      groups,
      library: [shot('m1', 24), shot('m2', 25)],
      onScreen: screen.source,
      open: (library) => {
        asked.push(library.id);
        return Promise.resolve(opened.source);
      },
      painter: (frame, media) => {
        asked.push(`draw ${media}@${frame}`);
        return null;
      },
      progress: (done, total) => progress.push([done, total]),
    });
    // Shot 1 from the media on screen (kept open), shot 2 opened for the report and closed.
    expect(screen.reads).toEqual([5]);
    expect(screen.disposed()).toBe(false);
    expect(opened.reads).toEqual([10]);
    expect(opened.disposed()).toBe(true);
    expect(asked).toEqual(['draw m1@5', 'm2', 'draw m2@10']);
    expect(result.timing.get('i2')).toEqual({ fps: 25, frameStart: 1, timecodeStart: 0 });
    // No pictures decoded by the fakes: every note has a null thumbnail, and the versions say so.
    expect(result.thumbnails.get('on-2-again')).toBeNull();
    expect(result.failed).toEqual(['sh010_v001.mov', 'sh020_v001.mov']);
    expect(result.noPictures.get('i3')).toMatch(/library/);
    expect(result.noPictures.get('i4')).toMatch(/local file/);
    expect(result.noPictures.get(null)).toMatch(/Not in the playlist/);
    expect(progress.at(-1)).toEqual([5, 5]);
  });

  it('a library shot that cannot be opened leaves the reason', async () => {
    const groups = notesByShot(
      [item('i1', 'sh010_v001.mov', { kind: 'library', id: 'm1' })],
      [note('n', 5, 'm1')],
    );
    const result = await captureShotsPictures({
      groups,
      library: [shot('m1', 24)],
      onScreen: null,
      open: () => Promise.reject(new Error('network down')),
      painter: () => null,
    });
    expect(result.noPictures.get('i1')).toBe('Could not be opened: network down');
    expect(result.timing.get('i1')).toEqual({ fps: 24, frameStart: 1 });
  });
});
