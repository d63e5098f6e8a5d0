import { describe, expect, it, vi } from 'vitest';
import type { MediaSource } from '../../core/media/types';
import { libraryItem } from '../library/testItems';
import { MAX_PRELOADS, MediaPreloads } from './MediaPreloads';
import { preloadTargets, Preloader } from './Preloader';
import type { PlaylistItem, RoomPlaylist } from './types';

const ids = ['a', 'b', 'c', 'd'].map((letter) => letter.repeat(64));
const library = ids.map((id, index) => libraryItem({ id, name: `sh0${index}0.mp4` }));
const item = (id: string, state?: PlaylistItem['state']): PlaylistItem => ({
  id: `pl-${id.slice(0, 1)}`,
  name: id.slice(0, 1),
  addedBy: 'host',
  source: { kind: 'library', id },
  ...(state ? { state } : {}),
});
const view = { zoom: 1, pan: { x: 0, y: 0 }, fit: true, channel: 'rgb' as const };
const playlist = (currentId: string): RoomPlaylist => ({
  items: [
    item(ids[0] ?? ''),
    item(ids[1] ?? '', { frame: 40, inPoint: 10, outPoint: 90, loopMode: 'loop', view }),
    item(ids[2] ?? ''),
    item(ids[3] ?? ''),
  ],
  currentId,
  appendLibraryAdditions: true,
  participantsMayEdit: false,
});

function fakeSource(): MediaSource & { disposed: boolean; loaded: number[] } {
  const source = {
    disposed: false,
    loaded: [] as number[],
    info: { frameStart: 1 },
    loadFrame: (frame: number) => {
      source.loaded.push(frame);
      return Promise.resolve({});
    },
    setPlayhead: () => undefined,
    dispose: () => {
      source.disposed = true;
    },
  };
  return source as unknown as MediaSource & { disposed: boolean; loaded: number[] };
}

describe('preloadTargets', () => {
  it('is the next, then the previous playable item, with the frames a move lands on', () => {
    const targets = preloadTargets(playlist('pl-c'), library, ids[2] ?? null);
    expect(targets.map((target) => target.item.id)).toEqual([ids[3], ids[1]]);
    expect(targets[1]?.frames).toEqual([40, 10]);
    expect(targets[0]?.frames).toEqual([1]);
  });

  it('skips items that cannot be streamed and the current shot; none outside the list', () => {
    const unready = library.map((entry) =>
      entry.id === ids[1] ? { ...entry, state: 'processing' as const } : entry,
    );
    expect(
      preloadTargets(playlist('pl-a'), unready, ids[0] ?? null).map((target) => target.item.id),
    ).toEqual([ids[2]]);
    expect(preloadTargets(playlist('none'), library, null)).toEqual([]);
  });
});

describe('Preloader', () => {
  it('opens the targets, decodes their landing frames, and lets go of the ones no longer wanted', async () => {
    const pool = new MediaPreloads();
    const opened = new Map<string, ReturnType<typeof fakeSource>>();
    const open = vi.fn((entry: { id: string }) => {
      const source = fakeSource();
      opened.set(entry.id, source);
      return Promise.resolve(source);
    });
    const preloader = new Preloader({ pool, open });
    preloader.update(preloadTargets(playlist('pl-c'), library, ids[2] ?? null));
    await vi.waitFor(() => expect(pool.size).toBe(2));
    expect(opened.get(ids[1] ?? '')?.loaded.sort()).toEqual([1, 10, 40]);
    // The room moved to d: c and b… now only c is a neighbour (d is the last); b is disposed.
    preloader.update(preloadTargets(playlist('pl-d'), library, ids[3] ?? null));
    await vi.waitFor(() => expect(pool.fingerprints).toEqual([]));
    expect(opened.get(ids[1] ?? '')?.disposed).toBe(true);
    await vi.waitFor(() => expect(pool.has(ids[2] ?? '')).toBe(true));
    // A switch takes the preloaded source: the pool no longer owns it.
    const taken = pool.take(ids[2] ?? '');
    expect(taken).toBe(opened.get(ids[2] ?? ''));
    expect(pool.take(ids[2] ?? '')).toBeNull();
    preloader.dispose();
    expect(opened.get(ids[2] ?? '')?.disposed).toBe(false);
  });

  it('the pool keeps at most MAX_PRELOADS sources', () => {
    const pool = new MediaPreloads();
    const sources = ['x', 'y', 'z'].map(() => fakeSource());
    sources.forEach((source, index) => pool.offer(`f${index}`, source, true));
    expect(pool.size).toBe(MAX_PRELOADS);
    expect(sources[2]?.disposed).toBe(true);
    pool.dispose();
    expect(sources.every((source) => source.disposed)).toBe(true);
  });
});
