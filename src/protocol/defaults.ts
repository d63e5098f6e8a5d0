// Default room state: what a room holds until its creator or members change it.
import type {
  AudioState,
  ColorAdjustments,
  Motion,
  RoomSettings,
  ViewState,
} from './schemas/common';
import type { RoomState } from './schemas/room';

/** Paused at frame 1 of a 24 fps, 1–1440 timeline (the demo clip's range). */
export const DEFAULT_MOTION: Readonly<Motion> = Object.freeze({
  playing: false,
  anchorFrame: 1,
  anchorTime: 0,
  fps: 24,
  speed: 1,
  direction: 1,
  loopMode: 'loop',
  inPoint: 1,
  outPoint: 1440,
});

export const DEFAULT_VIEW: Readonly<ViewState> = Object.freeze({
  zoom: 1,
  pan: Object.freeze({ x: 0, y: 0 }),
  fit: true,
  channel: 'rgb',
});

/** Neutral grade; the Viewer's DEFAULT_COLOR is this object. */
export const DEFAULT_COLOR_ADJUSTMENTS: Readonly<ColorAdjustments> = Object.freeze({
  exposure: 0,
  gamma: 1,
  contrast: 1,
  saturation: 1,
  brightness: 0,
  temperature: 0,
  tint: 0,
});

export const DEFAULT_AUDIO: Readonly<AudioState> = Object.freeze({ volume: 1, muted: false });

export const DEFAULT_ROOM_SETTINGS: Readonly<RoomSettings> = Object.freeze({
  presentationMode: false,
  othersCanEdit: false,
  waitForEveryone: false,
});

/** A new room's playlist settings: library additions appended, edits by the host only. */
export const EMPTY_PLAYLIST_FIELDS = Object.freeze({
  currentId: null,
  appendLibraryAdditions: true,
  participantsMayEdit: false,
});

/** A fresh, deep-copied default room state. */
export function createDefaultRoomState(): RoomState {
  return {
    motion: { ...DEFAULT_MOTION },
    view: { ...DEFAULT_VIEW, pan: { ...DEFAULT_VIEW.pan } },
    color: { ...DEFAULT_COLOR_ADJUSTMENTS },
    audio: { ...DEFAULT_AUDIO },
    media: null,
    settings: { ...DEFAULT_ROOM_SETTINGS },
    annotations: [],
    notes: [],
    library: { items: [], participantsMayAdd: false },
    playlist: { ...EMPTY_PLAYLIST_FIELDS, items: [] },
  };
}
