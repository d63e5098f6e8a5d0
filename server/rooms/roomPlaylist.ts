// Playlist rules of the room logic: who may edit (the host; participants when the host allows),
// adds checked against the library and the limits, removes, moves and renames that lost a race
// to a removal refused with the reason, and the switch between items: the item left keeps its
// frame, in/out, loop and view, and the room lands on the item's own (never without a current
// item while the list has any).
import {
  DEFAULT_VIEW,
  MAX_PLAYLIST_ITEMS,
  notAShot,
  roomLibrary,
  roomPlaylist,
  sanitizePlaylistName,
  type MediaDescriptor,
  type Motion,
  type PlaylistItem,
  type PlaylistItemInput,
  type PlaylistItemState,
  type PlaylistPolicy,
  type PlaylistSwitch,
  type RoomPlaylist,
  type RoomState,
} from '../../src/protocol/index';
import type { ChangeContext } from '../store/RoomStore';
import { byteSize, roomBytes, roomIndex, type Sequence } from './roomItems';
import { libraryDescriptor, type LibraryActor } from './roomLibrary';
import type { LogicOutcome, SequencedRoom } from './roomLogic';

const refuse = (
  code: 'FORBIDDEN' | 'INVALID_MESSAGE' | 'ITEM_NOT_FOUND' | 'LIMIT_EXCEEDED' | 'MEDIA_NOT_FOUND',
  detail: string,
): LogicOutcome => ({ status: 'refused', code, detail });

const gone = (id: string): LogicOutcome =>
  refuse('ITEM_NOT_FOUND', `playlist item ${id} is not in the playlist (someone removed it)`);

/** Null when `actor` may edit the playlist and move the room between items; else the refusal. */
export function playlistRefusal(state: RoomState, actor: LibraryActor): LogicOutcome | null {
  if (actor.role === 'host' || roomPlaylist(state).participantsMayEdit) return null;
  return refuse(
    'FORBIDDEN',
    'only the host may change the playlist (the host can let participants edit it)',
  );
}

/** The room media descriptor of an item's media, or null when it cannot be played now. */
export function itemMedia(state: RoomState, item: PlaylistItem): MediaDescriptor | null {
  if (item.source.kind === 'local') return item.source.media;
  const id = item.source.id;
  const entry = roomLibrary(state).items.find((candidate) => candidate.id === id);
  return entry ? libraryDescriptor(entry) : null;
}

/** Why an item cannot be played now (for refusals). */
function unplayable(state: RoomState, item: PlaylistItem): string {
  if (item.source.kind === 'local') return `${item.name} cannot be described`;
  const id = item.source.id;
  const entry = roomLibrary(state).items.find((candidate) => candidate.id === id);
  if (!entry)
    return `${item.name} is no longer in the room's library: add the file again or remove the item`;
  return `${item.name} is not ready to play yet (${entry.state})`;
}

/** The frame the motion shows at `now` (its anchor when paused), inside its in/out range. */
function frameAt(motion: Motion, now: number): number {
  const { inPoint, outPoint } = motion;
  let frame = motion.anchorFrame;
  if (motion.playing)
    frame += ((now - motion.anchorTime) / 1000) * motion.fps * motion.speed * motion.direction;
  const length = outPoint - inPoint + 1;
  if (motion.playing && motion.loopMode === 'loop' && length > 0)
    frame = inPoint + ((((frame - inPoint) % length) + length) % length);
  return Math.round(Math.min(Math.max(frame, inPoint), outPoint));
}

/** The room's state on the current item, to keep when it leaves it (null: nothing to keep). */
function leavingState(
  state: RoomState,
  now: number,
): { id: string; state: PlaylistItemState } | null {
  const playlist = roomPlaylist(state);
  const current = playlist.items.find((item) => item.id === playlist.currentId);
  if (!current) return null;
  // Only when the room shows the item's media: another shot opened meanwhile is not its state.
  const media = itemMedia(state, current);
  const fingerprint =
    current.source.kind === 'library' ? current.source.id : current.source.media.fingerprint;
  if (!state.media?.fingerprint || state.media.fingerprint !== (media?.fingerprint ?? fingerprint))
    return null;
  const { motion, view } = state;
  return {
    id: current.id,
    state: {
      frame: frameAt(motion, now),
      inPoint: motion.inPoint,
      outPoint: motion.outPoint,
      loopMode: motion.loopMode,
      view: { ...view, pan: { ...view.pan } },
    },
  };
}

/** The switch that lands the room on `target` (null: the list became empty). */
export function switchTo(
  state: RoomState,
  target: PlaylistItem | null,
  now: number,
  keepLeaving: boolean,
): PlaylistSwitch {
  const saved = keepLeaving ? leavingState(state, now) : null;
  const media = target ? itemMedia(state, target) : null;
  const remembered = target?.state;
  const start = media?.frameStart ?? state.motion.inPoint;
  const end = media?.frameEnd ?? state.motion.outPoint;
  const clamp = (frame: number) => Math.min(Math.max(frame, start), end);
  const inPoint = clamp(remembered?.inPoint ?? start);
  const outPoint = Math.max(inPoint, clamp(remembered?.outPoint ?? end));
  const motion: Motion = target
    ? {
        ...state.motion,
        playing: false,
        anchorTime: now,
        fps: media?.fps ?? state.motion.fps,
        anchorFrame: Math.min(Math.max(remembered?.frame ?? start, inPoint), outPoint),
        inPoint,
        outPoint,
        loopMode: remembered?.loopMode ?? state.motion.loopMode,
      }
    : { ...state.motion };
  const view =
    remembered?.view ?? (target ? { ...DEFAULT_VIEW, channel: state.view.channel } : state.view);
  return {
    currentId: target?.id ?? null,
    ...(saved ? { saved } : {}),
    media,
    motion,
    view: { ...view, pan: { ...view.pan } },
  };
}

export function applyPlaylistAdd(
  room: SequencedRoom,
  inputs: readonly PlaylistItemInput[],
  index: number | undefined,
  actor: LibraryActor,
  context: ChangeContext,
  sequence: Sequence,
): LogicOutcome {
  const refusal = playlistRefusal(room.state, actor);
  if (refusal) return refusal;
  const playlist = roomPlaylist(room.state);
  if (playlist.items.length + inputs.length > MAX_PLAYLIST_ITEMS)
    return refuse(
      'LIMIT_EXCEEDED',
      `at most ${MAX_PLAYLIST_ITEMS} items in a playlist (it has ${playlist.items.length}); remove some first`,
    );
  const ids = new Set(playlist.items.map((item) => item.id));
  const library = new Map(roomLibrary(room.state).items.map((item) => [item.id, item]));
  const items: PlaylistItem[] = [];
  for (const input of inputs) {
    if (ids.has(input.id))
      return refuse('INVALID_MESSAGE', `playlist item id ${input.id} is used already`);
    ids.add(input.id);
    const { source } = input;
    const entry = source.kind === 'library' ? library.get(source.id) : undefined;
    if (source.kind === 'library' && !entry)
      return refuse(
        'MEDIA_NOT_FOUND',
        `${input.name} is not in the room's library: add the file to the library first`,
      );
    const notShot = entry ? notAShot(entry) : null;
    if (notShot) return refuse('INVALID_MESSAGE', notShot);
    if (source.kind === 'local' && !source.media.fingerprint)
      return refuse('INVALID_MESSAGE', `${input.name}: a local item needs its media fingerprint`);
    const name = sanitizePlaylistName(input.name);
    if (!name) return refuse('INVALID_MESSAGE', 'an item needs a name');
    items.push({ id: input.id, source, name, addedBy: actor.userId });
  }
  const budget = context.limits.budget;
  if (budget && roomBytes(roomIndex(room)) + byteSize(items) > budget.roomBytes)
    return {
      status: 'refused',
      code: 'ROOM_BUDGET_FULL',
      detail: 'room storage budget full — remove playlist items, drawings or notes',
    };
  const first = items[0];
  return sequence('sync.playlist', {
    op: 'add',
    items,
    index: Math.min(index ?? playlist.items.length, playlist.items.length),
    ...(playlist.currentId === null && first ? { currentId: first.id } : {}),
  });
}

/**
 * Server-originated: a shot added to the library joins the end of the playlist when the host
 * keeps "append library additions" on (nothing when off, present already, or the list is full).
 */
export function applyPlaylistAppendLibrary(
  room: SequencedRoom,
  libraryId: string,
  sequence: Sequence,
): LogicOutcome {
  const playlist = roomPlaylist(room.state);
  const entry = roomLibrary(room.state).items.find((item) => item.id === libraryId);
  const present = playlist.items.some(
    (item) => item.source.kind === 'library' && item.source.id === libraryId,
  );
  if (
    !entry ||
    notAShot(entry) !== null ||
    present ||
    !playlist.appendLibraryAdditions ||
    playlist.items.length >= MAX_PLAYLIST_ITEMS
  )
    return { status: 'noop', version: room.version };
  const item: PlaylistItem = {
    id: `lib-${libraryId}`.slice(0, 96),
    source: { kind: 'library', id: libraryId },
    name: entry.name,
    addedBy: entry.addedBy,
  };
  return sequence('sync.playlist', {
    op: 'add',
    items: [item],
    index: playlist.items.length,
    ...(playlist.currentId === null ? { currentId: item.id } : {}),
  });
}

/** The playlist and the position of item `id`, when `actor` may edit it; else the refusal. */
function editable(
  room: SequencedRoom,
  id: string,
  actor: LibraryActor,
): { playlist: RoomPlaylist; index: number } | { refusal: LogicOutcome } {
  const refusal = playlistRefusal(room.state, actor);
  if (refusal) return { refusal };
  const playlist = roomPlaylist(room.state);
  const index = playlist.items.findIndex((item) => item.id === id);
  return index < 0 ? { refusal: gone(id) } : { playlist, index };
}

export function applyPlaylistRemove(
  room: SequencedRoom,
  id: string,
  actor: LibraryActor,
  context: ChangeContext,
  sequence: Sequence,
): LogicOutcome {
  const found = editable(room, id, actor);
  if ('refusal' in found) return found.refusal;
  const { playlist, index } = found;
  if (playlist.currentId !== id) return sequence('sync.playlist', { op: 'remove', id });
  // The current item goes: the room moves to the next item, else the previous one.
  const neighbour = playlist.items[index + 1] ?? playlist.items[index - 1] ?? null;
  return sequence('sync.playlist', {
    op: 'remove',
    id,
    switch: switchTo(room.state, neighbour, context.now, false),
  });
}

/**
 * Server-originated, after processing: a library item found to be a look file or a soundtrack
 * leaves the playlist (its first entry; called again until nothing is left to remove).
 */
export function applyPlaylistPrune(
  room: SequencedRoom,
  libraryId: string,
  context: ChangeContext,
  sequence: Sequence,
): LogicOutcome {
  const entry = roomLibrary(room.state).items.find((item) => item.id === libraryId);
  const listed = roomPlaylist(room.state).items.find(
    (item) => item.source.kind === 'library' && item.source.id === libraryId,
  );
  if (!entry || !listed || notAShot(entry) === null)
    return { status: 'noop', version: room.version };
  return applyPlaylistRemove(room, listed.id, PRUNER, context, sequence);
}

/** The server acting on the host's behalf (pruning what processing showed is no shot). */
const PRUNER: LibraryActor = Object.freeze({ userId: 'server', role: 'host' });

export function applyPlaylistMove(
  room: SequencedRoom,
  id: string,
  index: number,
  actor: LibraryActor,
  sequence: Sequence,
): LogicOutcome {
  const found = editable(room, id, actor);
  if ('refusal' in found) return found.refusal;
  const { playlist, index: from } = found;
  const to = Math.min(index, playlist.items.length - 1);
  if (to === from) return { status: 'noop', version: room.version };
  return sequence('sync.playlist', { op: 'move', id, index: to });
}

export function applyPlaylistRename(
  room: SequencedRoom,
  id: string,
  name: string,
  actor: LibraryActor,
  sequence: Sequence,
): LogicOutcome {
  const found = editable(room, id, actor);
  if ('refusal' in found) return found.refusal;
  const clean = sanitizePlaylistName(name);
  if (!clean) return refuse('INVALID_MESSAGE', 'a playlist item needs a name');
  return sequence('sync.playlist', { op: 'rename', id, name: clean });
}

/** How far from the server's now a play-all boundary may lie (beyond: the move lands now). */
const ADVANCE_WINDOW_MS = 2_000;

export function applyPlaylistCurrent(
  room: SequencedRoom,
  {
    id,
    keepFrame,
    advance,
  }: { id: string; keepFrame?: boolean; advance?: { from: string; at: number } },
  actor: LibraryActor,
  context: ChangeContext,
  sequence: Sequence,
): LogicOutcome {
  const refusal = playlistRefusal(room.state, actor);
  if (refusal) return refusal;
  const { state } = room;
  if (state.settings.presentationMode && actor.role !== 'host')
    return refuse('FORBIDDEN', 'presentation mode: only the host moves the room between items');
  const target = roomPlaylist(state).items.find((item) => item.id === id);
  if (!target) return gone(id);
  if (roomPlaylist(state).currentId === id) return { status: 'noop', version: room.version };
  if (!itemMedia(state, target)) return refuse('MEDIA_NOT_FOUND', unplayable(state, target));
  if (advance) return playAllAdvance(room, target, advance, context, sequence);
  // Another version of the shot: the room keeps the frame (and in/out, loop, view) it is on.
  const carried = keepFrame ? leavingState(state, context.now)?.state : undefined;
  return sequence('sync.playlist', {
    op: 'current',
    switch: switchTo(state, carried ? { ...target, state: carried } : target, context.now, true),
  });
}

/**
 * Play all: the room crossed the out point of the current item at server time `at`; it lands on
 * `target`'s in point (its remembered in/out), playing from that instant, so every member starts
 * the next shot on the same frame at the same moment. Anyone else's advance from the same item
 * came first: nothing to do (two pages may both see the boundary).
 */
function playAllAdvance(
  room: SequencedRoom,
  target: PlaylistItem,
  advance: { from: string; at: number },
  context: ChangeContext,
  sequence: Sequence,
): LogicOutcome {
  const { state } = room;
  const playlist = roomPlaylist(state);
  // Playing, or stopped on the out point (a page's run that ended there by itself). The room's
  // out point can lie past the media's last frame (in/out carried over from a longer clip while
  // this item's media was not known yet); every page clamps to the media, so its end counts.
  const { motion: was } = state;
  const last = Math.min(was.outPoint, state.media?.frameEnd ?? was.outPoint);
  const ended = !was.playing && was.anchorFrame >= last;
  if (playlist.currentId !== advance.from || !(was.playing || ended))
    return { status: 'noop', version: room.version };
  const at = Math.abs(advance.at - context.now) <= ADVANCE_WINDOW_MS ? advance.at : context.now;
  // The item left keeps the frame it ended on (its out point, or where a loop had wrapped to).
  const left = switchTo(state, target, at - 1, true);
  const motion: Motion = {
    ...left.motion,
    playing: true,
    anchorFrame: left.motion.inPoint,
    anchorTime: at,
    direction: 1,
    // Each item plays once: a page that follows the room's loop mode holds the out frame too.
    loopMode: 'once',
  };
  return sequence('sync.playlist', { op: 'current', switch: { ...left, motion } });
}

export function applyPlaylistPolicy(
  room: SequencedRoom,
  patch: Partial<PlaylistPolicy>,
  sequence: Sequence,
): LogicOutcome {
  const playlist = roomPlaylist(room.state);
  const playAll = patch.playAll ?? playlist.playAll ?? false;
  return sequence('sync.playlist', {
    op: 'policy',
    policy: {
      appendLibraryAdditions: patch.appendLibraryAdditions ?? playlist.appendLibraryAdditions,
      participantsMayEdit: patch.participantsMayEdit ?? playlist.participantsMayEdit,
      ...(playAll ? { playAll } : {}),
    },
  });
}
