// What a `sync.playlist` change does to a RoomState (part of the one reducer, applyServerChange):
// the list edits, and a switch, which moves the room's media, motion and view to the item landed
// on and keeps the state saved for the item left.
import { EMPTY_PLAYLIST_FIELDS } from './defaults';
import { WIRE_LIMITS, type LibraryItem } from './schemas/common';
import type { RoomState } from './schemas/room';
import type {
  PlaylistChange,
  PlaylistItem,
  PlaylistSwitch,
  RoomPlaylist,
} from './schemas/playlist';

const EMPTY_PLAYLIST: Readonly<RoomPlaylist> = Object.freeze({
  ...EMPTY_PLAYLIST_FIELDS,
  items: [],
});

/** The room's playlist; a state from a server older than the playlist has an empty one. */
export function roomPlaylist(state: RoomState): RoomPlaylist {
  return state.playlist ?? EMPTY_PLAYLIST;
}

/**
 * A playlist item's label as the room stores it: control and format characters removed, runs
 * of white space made one space, trimmed, at most the wire's name length ('' when nothing is left).
 */
export function sanitizePlaylistName(input: string): string {
  const cleaned = input
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return Array.from(cleaned).slice(0, WIRE_LIMITS.maxNameLength).join('').trim();
}

const LOOK_FILE = /\.(cube|cdl|cc|ccc)$/iu;
const SOUND_FILE = /\.(wav|bwf|aif|aiff|mp3|m4a|aac|flac|ogg|oga|opus)$/iu;

/**
 * Why a library item cannot be a playlist item (null: it is a shot): a look file (LUT, CDL) or a
 * soundtrack (sound without a picture) — known by its extension at once, by what the server
 * found once it processed it.
 */
export function notAShot(item: LibraryItem): string | null {
  if (item.look !== undefined || LOOK_FILE.test(item.name))
    return `${item.name} is a look file (LUT/CDL), not a shot: apply it from the color panel`;
  const media = item.media;
  const noPicture =
    item.state === 'ready' && media !== undefined && (media.frames === 0 || media.width === 0);
  if (noPicture || SOUND_FILE.test(item.name))
    return `${item.name} is a soundtrack (sound without a picture), not a shot: attach it from the audio controls`;
  return null;
}

/** `list` with the item `id` moved to `index` (clamped), or as it was when `id` is absent. */
export function moveItem<Item extends { id: string }>(
  list: readonly Item[],
  id: string,
  index: number,
): Item[] {
  const from = list.findIndex((item) => item.id === id);
  const next = [...list];
  if (from < 0) return next;
  const [item] = next.splice(from, 1);
  if (item) next.splice(Math.min(Math.max(0, index), next.length), 0, item);
  return next;
}

function applySwitch(state: RoomState, playlist: RoomPlaylist, change: PlaylistSwitch): RoomState {
  const saved = change.saved;
  const items = saved
    ? playlist.items.map((item) => (item.id === saved.id ? { ...item, state: saved.state } : item))
    : playlist.items;
  return {
    ...state,
    media: change.media ? { ...change.media } : state.media,
    motion: { ...change.motion },
    view: { ...change.view, pan: { ...change.view.pan } },
    playlist: { ...playlist, items, currentId: change.currentId },
  };
}

export function applyPlaylistChange(state: RoomState, change: PlaylistChange): RoomState {
  const playlist = roomPlaylist(state);
  const withItems = (items: PlaylistItem[], currentId = playlist.currentId): RoomState => ({
    ...state,
    playlist: { ...playlist, items, currentId },
  });
  switch (change.op) {
    case 'add': {
      const items = [...playlist.items];
      items.splice(Math.min(change.index, items.length), 0, ...change.items);
      return withItems(items, change.currentId ?? playlist.currentId);
    }
    case 'remove': {
      const items = playlist.items.filter((item) => item.id !== change.id);
      if (change.switch) return applySwitch(state, { ...playlist, items }, change.switch);
      return withItems(items);
    }
    case 'move':
      return withItems(moveItem(playlist.items, change.id, change.index));
    case 'rename':
      return withItems(
        playlist.items.map((item) =>
          item.id === change.id ? { ...item, name: change.name } : item,
        ),
      );
    case 'current':
      return applySwitch(state, playlist, change.switch);
    case 'policy': {
      // Play all is on only while the policy says so (a policy without it turns it off).
      const { playAll, ...policy } = change.policy;
      const { playAll: _was, ...rest } = playlist;
      return { ...state, playlist: { ...rest, ...policy, ...(playAll ? { playAll } : {}) } };
    }
  }
}
