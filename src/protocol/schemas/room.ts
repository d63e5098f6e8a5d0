// The room's whole sequenced state (what a late joiner receives), composed of the shared
// shapes and the playlist's (kept apart so neither module imports the other in a cycle).
import Type, { type Static } from 'typebox';
import {
  Annotation,
  AudioState,
  ColorAdjustments,
  MediaDescriptor,
  Motion,
  Note,
  RoomLibrary,
  RoomSettings,
  ViewState,
} from './common';
import { closed } from './envelope';
import { CompareState, StereoState } from './compare';
import { RoomPlaylist } from './playlist';

/** Everything a late joiner needs (users come separately in `room.users`). */
export const RoomState = Type.Object(
  {
    motion: Motion,
    view: ViewState,
    color: ColorAdjustments,
    audio: AudioState,
    media: Type.Union([MediaDescriptor, Type.Null()]),
    settings: RoomSettings,
    annotations: Type.Array(Annotation),
    notes: Type.Array(Note),
    /**
     * The room's media library. Optional on the wire so snapshots from servers older than the
     * library still parse; read it with `roomLibrary(state)` (absent: empty, host-only).
     */
    library: Type.Optional(RoomLibrary),
    /** The room's playlist; absent in older rooms: read it with `roomPlaylist(state)`. */
    playlist: Type.Optional(RoomPlaylist),
    /** A/B compare (absent in older rooms: read it with `roomCompare(state)`). */
    compare: Type.Optional(CompareState),
    /** Stereo display (absent in older rooms: read it with `roomStereo(state)`). */
    stereo: Type.Optional(StereoState),
  },
  closed,
);

export type RoomState = Static<typeof RoomState>;
