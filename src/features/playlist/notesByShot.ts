// All the room's notes grouped by shot (pure): the playlist's items in order, versions of one
// shot (versions.ts) under one heading, each item's notes sorted by frame; notes on media that no
// item names come last under "Other media".
import type { Note } from '../../protocol/index';
import { shotVersion } from './versions';
import type { PlaylistItem } from './types';

/** What grouping needs of a note: the room's notes, or the notes panel's items (with authors). */
export type GroupedNote = Pick<Note, 'frame' | 'createdAt' | 'media'>;

export interface ItemNotes<N extends GroupedNote = Note> {
  itemId: string | null;
  name: string;
  version: number | null;
  /** The playlist item (null for "Other media"): the report reads its media from it. */
  item: PlaylistItem | null;
  notes: N[];
}

export interface ShotNotes<N extends GroupedNote = Note> {
  /** The heading: the shot's name (an item's name without its version token), or the item's. */
  shot: string;
  items: ItemNotes<N>[];
}

/** The media an item's notes name (its library id, or a local item's fingerprint). */
export function itemMedia(item: PlaylistItem): string {
  return item.source.kind === 'library' ? item.source.id : (item.source.media.fingerprint ?? '');
}

const byFrame = (a: GroupedNote, b: GroupedNote) => a.frame - b.frame || a.createdAt - b.createdAt;

export function notesByShot<N extends GroupedNote>(
  items: readonly PlaylistItem[],
  notes: readonly N[],
): ShotNotes<N>[] {
  const byMedia = new Map<string, N[]>();
  for (const note of notes) {
    const key = note.media ?? '';
    byMedia.set(key, [...(byMedia.get(key) ?? []), note]);
  }
  const groups = new Map<string, ShotNotes<N>>();
  const claimed = new Set<string>();
  for (const item of items) {
    const media = itemMedia(item);
    const own = claimed.has(media) ? [] : (byMedia.get(media) ?? []);
    claimed.add(media);
    if (own.length === 0) continue;
    const parsed = shotVersion(item.name);
    const key = parsed ? `shot:${parsed.shot}` : `item:${item.id}`;
    const heading = parsed
      ? item.name.replace(/[._\- ][vV]\d{1,5}(?=$|[._\- ]).*$/u, '')
      : item.name;
    const group = groups.get(key) ?? { shot: heading, items: [] };
    group.items.push({
      itemId: item.id,
      name: item.name,
      version: parsed?.version ?? null,
      item,
      notes: [...own].sort(byFrame),
    });
    groups.set(key, group);
  }
  const others = [...byMedia]
    .filter(([media]) => !claimed.has(media))
    .flatMap(([, list]) => list)
    .sort(byFrame);
  const result = [...groups.values()];
  if (others.length > 0)
    result.push({
      shot: 'Other media',
      items: [
        { itemId: null, name: 'Not in the playlist', version: null, item: null, notes: others },
      ],
    });
  return result;
}

/** How many notes the groups list. */
export function noteCount(groups: readonly ShotNotes<GroupedNote>[]): number {
  return groups.reduce(
    (sum, group) => sum + group.items.reduce((n, entry) => n + entry.notes.length, 0),
    0,
  );
}
