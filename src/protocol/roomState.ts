// The one reducer for sequenced room state: what a server change does to a RoomState. The
// server's room logic, the client's room mirror and the tests all apply changes through it.
import type { RoomLibrary } from './schemas/common';
import { copyCompare } from './schemas/compare';
import { applyPlaylistChange } from './playlistState';
import type { RoomState } from './schemas/room';
import type { ServerChange } from './schemas/server';

/**
 * Returns the state after `change`; `state` is not modified. An annotation or note that already
 * exists (same id) is replaced in place, so list order is the order of first creation.
 */
export function applyServerChange(state: RoomState, change: ServerChange): RoomState {
  switch (change.type) {
    case 'sync.playback':
      return { ...state, motion: { ...change.payload.motion } };
    case 'sync.view': {
      const { view } = change.payload;
      // A view without a format (a program that does not know the Image format) keeps the room's.
      const format = view.format ?? state.view.format;
      return {
        ...state,
        view: { ...view, pan: { ...view.pan }, ...(format ? { format: { ...format } } : {}) },
      };
    }
    case 'sync.color':
      return { ...state, color: { ...change.payload.color } };
    case 'sync.audio':
      return {
        ...state,
        audio: {
          ...state.audio,
          volume: change.payload.audio.volume,
          muted: change.payload.audio.muted,
        },
      };
    case 'sync.audioTrack': {
      const { media, settings } = change.payload;
      const tracks = { ...state.audio.tracks };
      if (settings)
        tracks[media] = {
          slipMs: settings.slipMs,
          ...(settings.soundtrack ? { soundtrack: { ...settings.soundtrack } } : {}),
        };
      else delete tracks[media];
      return { ...state, audio: { ...state.audio, tracks } };
    }
    case 'sync.media':
      return { ...state, media: change.payload.media ? { ...change.payload.media } : null };
    case 'sync.compare':
      return { ...state, compare: copyCompare(change.payload.compare) };
    case 'sync.stereo':
      return { ...state, stereo: { ...change.payload.stereo } };
    case 'room.settings': {
      const { joinDefaults, sendLocks, ...flags } = change.payload.settings;
      const settings: RoomState['settings'] = { ...flags };
      if (joinDefaults) settings.joinDefaults = { ...joinDefaults };
      if (sendLocks)
        settings.sendLocks = Object.fromEntries(
          Object.entries(sendLocks).map(([userId, locked]) => [userId, [...locked]]),
        );
      return { ...state, settings };
    }
    case 'sync.annotation': {
      const { payload } = change;
      if (payload.op === 'add')
        return { ...state, annotations: upsertById(state.annotations, payload.annotation) };
      const removed = new Set(payload.ids);
      return { ...state, annotations: state.annotations.filter((item) => !removed.has(item.id)) };
    }
    case 'sync.note': {
      const { payload } = change;
      if (payload.op === 'upsert')
        return { ...state, notes: upsertById(state.notes, payload.note) };
      return { ...state, notes: state.notes.filter((note) => note.id !== payload.id) };
    }
    case 'sync.library':
      return applyLibraryChange(state, change.payload);
    case 'sync.playlist':
      return applyPlaylistChange(state, change.payload);
  }
}

function applyLibraryChange(
  state: RoomState,
  payload: Extract<ServerChange, { type: 'sync.library' }>['payload'],
): RoomState {
  const library = roomLibrary(state);
  switch (payload.op) {
    case 'upsert':
      return {
        ...state,
        library: { ...library, items: upsertById(library.items, payload.item) },
      };
    case 'remove':
      return {
        ...state,
        library: { ...library, items: library.items.filter((item) => item.id !== payload.id) },
      };
    case 'policy':
      return {
        ...state,
        library: { ...library, participantsMayAdd: payload.participantsMayAdd },
      };
  }
}

const EMPTY_LIBRARY: Readonly<RoomLibrary> = Object.freeze({
  items: [],
  participantsMayAdd: false,
});

/**
 * The room's media library; a state from a server older than the library (no `library`
 * field) has an empty, host-only one.
 */
export function roomLibrary(state: RoomState): RoomLibrary {
  return state.library ?? EMPTY_LIBRARY;
}

/** A copy of `list` with `item` replacing the entry of the same id, or appended. */
function upsertById<Item extends { id: string }>(list: readonly Item[], item: Item): Item[] {
  const index = list.findIndex((entry) => entry.id === item.id);
  const next = [...list];
  if (index >= 0) next[index] = item;
  else next.push(item);
  return next;
}
