// Play all's timeline (pure): the playlist as a sequence of segments, one per playable item (the
// ones play all goes through), each as long as its in–out range, laid end to end across the
// timeline; the current item marked. An item's range: the live in/out for the item on screen,
// else the one the room remembers for it, else its whole media (library probe, local descriptor).
import type { PlaylistRow } from './playlistRows';
import { itemMedia } from './notesByShot';
import type { LibraryItem } from './types';

export interface FrameSpan {
  inPoint: number;
  outPoint: number;
}

export interface PlayAllSegment {
  id: string;
  name: string;
  inPoint: number;
  outPoint: number;
  current: boolean;
  /** Left edge and width as fractions of the whole sequence (0..1). */
  start: number;
  width: number;
}

/** An item's whole media range (library probe, local descriptor); null when not known. */
function mediaSpan(item: PlaylistRow['item'], library: readonly LibraryItem[]): FrameSpan | null {
  if (item.source.kind === 'local')
    return { inPoint: item.source.media.frameStart, outPoint: item.source.media.frameEnd };
  const media = library.find((entry) => entry.id === itemMedia(item))?.media;
  if (!media || media.frames < 1) return null;
  return { inPoint: media.startFrame, outPoint: media.startFrame + media.frames - 1 };
}

/**
 * An item's in–out range, or null when nothing says how long it is. The remembered range is
 * kept within the media (a room that never set in/out remembers the protocol's default range).
 */
export function itemSpan(
  row: Pick<PlaylistRow, 'item'>,
  library: readonly LibraryItem[],
): FrameSpan | null {
  const whole = mediaSpan(row.item, library);
  const state = row.item.state;
  if (!state) return whole;
  if (!whole) return { inPoint: state.inPoint, outPoint: state.outPoint };
  const inPoint = Math.max(state.inPoint, whole.inPoint);
  const outPoint = Math.min(state.outPoint, whole.outPoint);
  return inPoint <= outPoint ? { inPoint, outPoint } : whole;
}

/**
 * The sequence: playable items with a known range, in order. `current` is the live range of the
 * item the room is on (null: not known here yet, e.g. while its shot is opening).
 */
export function playAllSegments(
  rows: readonly Pick<PlaylistRow, 'id' | 'name' | 'current' | 'playable' | 'item'>[],
  library: readonly LibraryItem[],
  current: FrameSpan | null,
): PlayAllSegment[] {
  const spans = rows
    .filter((row) => row.playable)
    .map((row) => ({ row, span: (row.current && current) || itemSpan(row, library) }))
    .filter((entry): entry is { row: (typeof rows)[number]; span: FrameSpan } => {
      const span = entry.span;
      return span !== null && span.outPoint >= span.inPoint;
    });
  const total = spans.reduce((sum, { span }) => sum + span.outPoint - span.inPoint + 1, 0);
  let at = 0;
  return spans.map(({ row, span }) => {
    const frames = span.outPoint - span.inPoint + 1;
    const segment = {
      id: row.id,
      name: row.name,
      inPoint: span.inPoint,
      outPoint: span.outPoint,
      current: row.current,
      start: at / total,
      width: frames / total,
    };
    at += frames;
    return segment;
  });
}

/** Where `frame` of the current segment lies in the whole sequence (0..1; null: not on one). */
export function sequencePosition(
  segments: readonly PlayAllSegment[],
  frame: number,
): number | null {
  const segment = segments.find((candidate) => candidate.current);
  if (!segment) return null;
  const frames = segment.outPoint - segment.inPoint + 1;
  const offset = Math.min(Math.max(frame - segment.inPoint + 0.5, 0), frames);
  return segment.start + (offset / frames) * segment.width;
}
