// The playlist's rows, DOM-free: each room item with its position, whether the room can move to
// it now (and why not), its version count and its notes, as the panel and play all read them.
import { notAShot } from '../../protocol/index';
import { itemMedia } from './notesByShot';
import type { LibraryItem, PlaylistItem, PlaylistNetwork } from './types';
import { shotVersion, versionCounts } from './versions';

export interface PlaylistRow {
  id: string;
  name: string;
  /** Position in the list (0-based). */
  index: number;
  current: boolean;
  /** The room can move to it now. */
  playable: boolean;
  /** What the row says about its media: ready, uploading n %, not in the library, a local file. */
  status: string;
  /** "v3 (3 versions)" when other versions of the shot are listed; null otherwise. */
  versions: string | null;
  /** Notes written on the item's media. */
  notes: number;
  item: PlaylistItem;
}

/** What an item's media is now, as the row says it. */
function describe(
  item: PlaylistItem,
  library: readonly LibraryItem[],
  owner: (userId: string) => string | null,
): [boolean, string] {
  if (item.source.kind === 'local') {
    const name = owner(item.addedBy);
    return [
      true,
      `local to ${name ?? 'a member'}: everyone opens their own copy (matched by its fingerprint)`,
    ];
  }
  const id = item.source.id;
  const entry = library.find((candidate) => candidate.id === id);
  if (!entry) return [false, 'not in the room’s library any more'];
  const notShot = notAShot(entry);
  if (notShot) return [false, notShot];
  switch (entry.state) {
    case 'ready':
      return entry.media ? [true, 'ready'] : [false, 'a URL item: open it from the library'];
    case 'failed':
      return [false, `failed: ${entry.error?.message ?? 'the server could not use it'}`];
    default: {
      const progress = entry.progress === undefined ? '' : ` ${Math.floor(entry.progress * 100)} %`;
      return [false, `${entry.state}${progress}`];
    }
  }
}

/** The room's playlist as rows, in order. */
export function playlistRows(network: PlaylistNetwork): PlaylistRow[] {
  const { items, currentId } = network.playlist;
  const library = network.library.items;
  const counts = versionCounts(items);
  const notes = new Map<string, number>();
  for (const note of network.notes)
    if (note.media) notes.set(note.media, (notes.get(note.media) ?? 0) + 1);
  return items.map((item, index) => {
    const [playable, status] = describe(item, library, (userId) =>
      userId === network.userId
        ? 'you'
        : (network.users.find((user) => user.userId === userId)?.displayName ?? null),
    );
    const parsed = shotVersion(item.name);
    const versions = parsed ? (counts.get(parsed.shot) ?? 0) : 0;
    return {
      versions: parsed && versions > 1 ? `v${parsed.version} (${versions} versions)` : null,
      notes: notes.get(itemMedia(item)) ?? 0,
      id: item.id,
      name: item.name,
      index,
      current: item.id === currentId,
      playable,
      status,
      item,
    };
  });
}
