// The pictures of the report of every shot: for each version with notes, its own media (the one
// on screen when it is that, else streamed from the room's library, opened for the report and
// closed after) gives the frames its notes are on, with the room's drawings of that frame of that
// media painted over them. The room is never moved. Why a version has no pictures is said.
import type { MediaSource } from '../../core/media/types';
import type { LibraryItem } from '../../protocol/index';
import { itemMedia, type ShotNotes } from '../playlist/notesByShot';
import type { PlaylistItem } from '../playlist/types';
import type { TimecodeContext } from './notesExport';
import type { NoteItem } from './noteTypes';
import { captureThumbnails, type MarkupPainter } from './thumbnails';

export interface ShotsPicturesDeps {
  groups: readonly ShotNotes<NoteItem>[];
  library: readonly LibraryItem[];
  /** The media on screen (taken as it is, never closed). */
  onScreen: MediaSource | null;
  /** Opens a library shot for reading its frames (null: it cannot be streamed). */
  open(item: LibraryItem): Promise<MediaSource> | null;
  /** The room's drawings on `frame` of `media` (a fingerprint). */
  painter(frame: number, media: string): MarkupPainter | null;
  progress?(done: number, total: number): void;
}

export interface ShotsPictures {
  /** By note id: its frame's picture (null: not decoded in time). */
  thumbnails: Map<string, string | null>;
  /** By item id: rate and first frame for timecodes. */
  timing: Map<string, TimecodeContext>;
  /** By item id (null: notes on media no item names): why its notes have no picture. */
  noPictures: Map<string | null, string>;
  /** Versions whose frames could not be decoded (their names). */
  failed: string[];
}

export async function captureShotsPictures(deps: ShotsPicturesDeps): Promise<ShotsPictures> {
  const result: ShotsPictures = {
    thumbnails: new Map(),
    timing: new Map(),
    noPictures: new Map(),
    failed: [],
  };
  const entries = deps.groups.flatMap((group) => group.items);
  const total = entries.reduce(
    (sum, entry) => sum + new Set(entry.notes.map((n) => n.frame)).size,
    0,
  );
  let done = 0;
  for (const entry of entries) {
    const frames = [...new Set(entry.notes.map((note) => note.frame))];
    const item = entry.item;
    const media = item ? itemMedia(item) : '';
    const source = item ? await openFor(deps, item, media, result) : null;
    if (!item) result.noPictures.set(null, 'Not in the playlist: no picture');
    if (source) {
      result.timing.set(entry.itemId ?? '', timingOf(source));
      const markup = new Map<number, MarkupPainter>();
      for (const frame of frames) {
        const painter = deps.painter(frame, media);
        if (painter) markup.set(frame, painter);
      }
      try {
        const pictures = await captureThumbnails(source, frames, {
          markup,
          progress: (count) => deps.progress?.(done + count, total),
        });
        for (const note of entry.notes)
          result.thumbnails.set(note.id, pictures.get(note.frame) ?? null);
        if (frames.some((frame) => !pictures.get(frame))) result.failed.push(entry.name);
      } finally {
        if (source !== deps.onScreen) source.dispose();
      }
    }
    done += frames.length;
    deps.progress?.(done, total);
  }
  return result;
}

/** The media to read an item's frames from, or null with the reason recorded. */
async function openFor(
  deps: ShotsPicturesDeps,
  item: PlaylistItem,
  media: string,
  result: ShotsPictures,
): Promise<MediaSource | null> {
  const onScreen = deps.onScreen;
  if (onScreen && onScreen.info.fingerprint === media) return onScreen;
  const why = (reason: string) => {
    result.noPictures.set(item.id, reason);
    return null;
  };
  if (item.source.kind === 'local')
    return why('A local file: show it on this page to include its pictures');
  const shot = deps.library.find((entry) => entry.id === media);
  if (!shot) return why('Not in the room’s library any more: no picture');
  if (shot.media)
    result.timing.set(item.id, { fps: shot.media.fps, frameStart: shot.media.startFrame });
  const opening = deps.open(shot);
  if (!opening) return why(`Cannot be streamed (${shot.state}): no picture`);
  try {
    return await opening;
  } catch (error) {
    return why(`Could not be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function timingOf(source: MediaSource): TimecodeContext {
  const { info } = source;
  return { fps: info.fps, frameStart: info.frameStart, timecodeStart: info.timecodeStart ?? 0 };
}
