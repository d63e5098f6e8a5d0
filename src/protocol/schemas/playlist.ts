// The room playlist's wire shapes (dailies: an ordered list of shots the room walks through):
// items, each item's remembered state, the playlist itself and the switch a change of the
// current item carries (the room's media, motion and view for the item it lands on).
import Type, { type Static } from 'typebox';
import {
  FrameIndex,
  ItemId,
  LibraryItemId,
  LoopMode,
  MediaDescriptor,
  Motion,
  UserId,
  ViewState,
  WIRE_LIMITS,
} from './common';
import { closed } from './envelope';

/** Items in a room's playlist at most. */
export const MAX_PLAYLIST_ITEMS = 500;
/** Items one playlist.add may carry (an imported list arrives in a few messages). */
export const MAX_PLAYLIST_ADD = 100;

/** Where an item's media comes from: a room library item, or a local file by its fingerprint. */
export const PlaylistSource = Type.Union([
  Type.Object({ kind: Type.Literal('library'), id: LibraryItemId }, closed),
  Type.Object(
    {
      kind: Type.Literal('local'),
      /** What the file is (its `fingerprint` required): each member opens their own copy. */
      media: MediaDescriptor,
    },
    closed,
  ),
]);

/** What the room remembers of an item when it leaves it, restored when it comes back. */
export const PlaylistItemState = Type.Object(
  {
    frame: FrameIndex,
    inPoint: FrameIndex,
    outPoint: FrameIndex,
    loopMode: LoopMode,
    view: ViewState,
  },
  closed,
);

const PlaylistName = Type.String({ minLength: 1, maxLength: WIRE_LIMITS.maxNameLength });

/** An item as a client adds it (the server stamps who added it). */
export const PlaylistItemInput = Type.Object(
  { id: ItemId, source: PlaylistSource, name: PlaylistName },
  closed,
);

export const PlaylistItem = Type.Object(
  {
    id: ItemId,
    source: PlaylistSource,
    /** Sanitised by the server like media names. */
    name: PlaylistName,
    addedBy: UserId,
    /** Absent until the room first leaves the item. */
    state: Type.Optional(PlaylistItemState),
  },
  closed,
);

/** The room's playlist (docs/playlist.md). */
export const RoomPlaylist = Type.Object(
  {
    items: Type.Array(PlaylistItem, { maxItems: MAX_PLAYLIST_ITEMS }),
    /** The item the room is on; null only while the list is empty. */
    currentId: Type.Union([ItemId, Type.Null()]),
    /** Shots added to the room's library are appended (host setting, on by default). */
    appendLibraryAdditions: Type.Boolean(),
    /** Participants may edit the list and move the room between items (host setting). */
    participantsMayEdit: Type.Boolean(),
    /** Play all: the room plays the playlist end to end (absent: off; host setting). */
    playAll: Type.Optional(Type.Boolean()),
  },
  closed,
);

/**
 * A move of the room to another item, applied atomically: the item left keeps `saved`, and the
 * room's media, motion and view become the item's (`media` null: the item's media cannot be
 * described, e.g. its library item was removed; the room's media is then left as it was).
 */
export const PlaylistSwitch = Type.Object(
  {
    currentId: Type.Union([ItemId, Type.Null()]),
    saved: Type.Optional(Type.Object({ id: ItemId, state: PlaylistItemState }, closed)),
    media: Type.Union([MediaDescriptor, Type.Null()]),
    motion: Motion,
    view: ViewState,
  },
  closed,
);

export const PlaylistPolicy = Type.Object(
  {
    appendLibraryAdditions: Type.Boolean(),
    participantsMayEdit: Type.Boolean(),
    playAll: Type.Optional(Type.Boolean()),
  },
  closed,
);

/** The sequenced playlist change (`sync.playlist`). */
export const PlaylistChange = Type.Union([
  Type.Object(
    {
      op: Type.Literal('add'),
      items: Type.Array(PlaylistItem, { minItems: 1, maxItems: MAX_PLAYLIST_ADD }),
      index: Type.Integer({ minimum: 0, maximum: MAX_PLAYLIST_ITEMS }),
      /** The list was empty: the first item becomes current (the room's media is not changed). */
      currentId: Type.Optional(ItemId),
    },
    closed,
  ),
  Type.Object(
    {
      op: Type.Literal('remove'),
      id: ItemId,
      /** The current item was removed: the room moved to a neighbour. */
      switch: Type.Optional(PlaylistSwitch),
    },
    closed,
  ),
  Type.Object(
    { op: Type.Literal('move'), id: ItemId, index: Type.Integer({ minimum: 0 }) },
    closed,
  ),
  Type.Object({ op: Type.Literal('rename'), id: ItemId, name: PlaylistName }, closed),
  Type.Object({ op: Type.Literal('current'), switch: PlaylistSwitch }, closed),
  Type.Object({ op: Type.Literal('policy'), policy: PlaylistPolicy }, closed),
]);

export type PlaylistSource = Static<typeof PlaylistSource>;
export type PlaylistItemState = Static<typeof PlaylistItemState>;
export type PlaylistItemInput = Static<typeof PlaylistItemInput>;
export type PlaylistItem = Static<typeof PlaylistItem>;
export type RoomPlaylist = Static<typeof RoomPlaylist>;
export type PlaylistSwitch = Static<typeof PlaylistSwitch>;
export type PlaylistPolicy = Static<typeof PlaylistPolicy>;
export type PlaylistChange = Static<typeof PlaylistChange>;
