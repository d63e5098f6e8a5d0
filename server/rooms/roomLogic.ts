// Pure room rules shared by every RoomStore: how a change request is checked (host
// authority, ownership, limits) and turned into a sequenced change (applied to the state by
// the shared reducer, applyServerChange), host succession, user colors, member lists.
import {
  SYNC_CATEGORY_NAMES,
  applyServerChange,
  copyCompare,
  createServerMessage,
  lockedCategory,
  MAX_AUDIO_TRACKS,
  motionCategories,
  viewCategories,
  type SyncCategory,
  serializeMessage,
  type Motion,
  type RoomState,
  type ServerChange,
  type User,
} from '../../src/protocol/index';
import type { ApplyOutcome, ChangeContext, ChangeRequest, Member } from '../store/RoomStore';
import { applyAnnotation, applyNote, remeasureBase, type RoomIndex } from './roomItems';
import {
  applyLibraryAdd,
  applyLibraryOpen,
  applyLibraryRemove,
  applyLibraryUpdate,
  type LibraryActor,
} from './roomLibrary';
import {
  applyPlaylistAdd,
  applyPlaylistAppendLibrary,
  applyPlaylistCurrent,
  applyPlaylistMove,
  applyPlaylistPolicy,
  applyPlaylistPrune,
  applyPlaylistRemove,
  applyPlaylistRename,
} from './roomPlaylist';

// For test/server/helpers/FaultyStore.ts until it imports from RoomStore.ts, where the type lives.
export type { ChangeRequest } from '../store/RoomStore';

/** The sequenced part of a room, as a store keeps it. */
export interface SequencedRoom {
  roomId: string;
  version: number;
  /** Version of the newest accepted playback change made by the host (host-authority rule). */
  hostPlaybackVersion: number;
  state: RoomState;
  /**
   * Annotations and notes by id with their sizes, derived from `state` (roomItems.ts); built on
   * first use and kept up to date by every change applied through applyChangeRequest.
   */
  index?: RoomIndex;
}

/** Outcome of the pure step; 'applied' carries the envelope-complete change message. */
export type LogicOutcome =
  | Exclude<ApplyOutcome, { status: 'applied' } | { status: 'no-room' }>
  | { status: 'applied'; message: ServerChange };

const HOST_ONLY: ReadonlySet<ChangeRequest['kind']> = new Set([
  'media',
  'settings',
  'library.policy',
  'playlist.policy',
]);

/**
 * The actor of server-originated changes (the media pipeline's library updates), which stores
 * apply without looking up a member: the uploader may have left the room meanwhile.
 */
export const SERVER_ACTOR: LibraryActor = Object.freeze({ userId: 'server', role: 'host' });

/** Changes the server makes on its own (no member asked; the broadcast names no user). */
export function isServerRequest(request: ChangeRequest): boolean {
  return (
    request.kind === 'library.update' ||
    request.kind === 'playlist.appendLibrary' ||
    request.kind === 'playlist.pruneLibrary'
  );
}

/**
 * Checks one change and, only when accepted, applies it to `room` (next version, new state
 * object). `actor.role` must be read in the same atomic step as the room.
 */
export function applyChangeRequest(
  room: SequencedRoom,
  request: ChangeRequest,
  actor: LibraryActor,
  context: ChangeContext,
): LogicOutcome {
  const isHost = actor.role === 'host';
  const { state } = room;
  if (actor.role === 'viewer')
    return { status: 'refused', code: 'FORBIDDEN', detail: 'viewers are read-only' };
  if (HOST_ONLY.has(request.kind) && !isHost)
    return { status: 'refused', code: 'FORBIDDEN', detail: 'host only' };
  const canEditOthers = isHost || state.settings.othersCanEdit;
  // The host's per-user send locks (never on the host itself).
  const locked = isHost
    ? undefined
    : lockedCategory(state.settings.sendLocks, actor.userId, requestCategories(state, request));
  if (locked)
    return {
      status: 'refused',
      code: 'FORBIDDEN',
      detail: `the host stopped you from sending ${SYNC_CATEGORY_NAMES[locked]}`,
      category: locked,
    };

  const fromServer =
    (request.kind === 'playback' && request.fromServer === true) || isServerRequest(request);
  const sequence = <Change extends ServerChange>(
    type: Change['type'],
    payload: Change['payload'],
  ): LogicOutcome => {
    room.version += 1;
    const message = createServerMessage(type, payload as never, {
      timestamp: context.now,
      version: room.version,
      roomId: room.roomId,
      ...(fromServer ? {} : { userId: actor.userId, replyTo: context.replyTo }),
    }) as ServerChange;
    room.state = applyServerChange(room.state, message);
    if (type !== 'sync.annotation' && type !== 'sync.note') remeasureBase(room);
    return { status: 'applied', message };
  };

  switch (request.kind) {
    case 'playback':
    case 'frame': {
      if (state.settings.presentationMode && !isHost) {
        return {
          status: 'refused',
          code: 'FORBIDDEN',
          detail: 'presentation mode: playback is host-only',
        };
      }
      // Host authority: a change based on a version older than the newest host playback
      // change lost the race; the sender snaps to the current motion.
      if (!isHost && request.baseVersion < room.hostPlaybackVersion) {
        return { status: 'stale', motion: { ...state.motion }, version: room.version };
      }
      const motion: Motion =
        request.kind === 'playback'
          ? { ...request.motion }
          : { ...state.motion, anchorFrame: request.frame, anchorTime: context.now };
      if (motion.inPoint > motion.outPoint) {
        return { status: 'refused', code: 'INVALID_MESSAGE', detail: 'inPoint is after outPoint' };
      }
      const outcome = sequence('sync.playback', { motion });
      if (isHost) room.hostPlaybackVersion = room.version;
      return outcome;
    }
    case 'view':
      return sequence('sync.view', { view: { ...request.view, pan: { ...request.view.pan } } });
    case 'color':
      return sequence('sync.color', { color: { ...request.color } });
    case 'audio':
      return sequence('sync.audio', {
        audio: { volume: request.audio.volume, muted: request.audio.muted },
      });
    case 'compare':
      return sequence('sync.compare', { compare: copyCompare(request.compare) });
    case 'stereo':
      return sequence('sync.stereo', { stereo: { ...request.stereo } });
    case 'audioTrack': {
      const tracks = state.audio.tracks ?? {};
      if (
        request.settings &&
        !(request.media in tracks) &&
        Object.keys(tracks).length >= MAX_AUDIO_TRACKS
      )
        return {
          status: 'refused',
          code: 'LIMIT_EXCEEDED',
          detail: `the room keeps audio settings for at most ${MAX_AUDIO_TRACKS} media; clear some first`,
        };
      return sequence('sync.audioTrack', { media: request.media, settings: request.settings });
    }
    case 'media':
      if (request.media && request.media.frameStart > request.media.frameEnd)
        return {
          status: 'refused',
          code: 'INVALID_MESSAGE',
          detail: 'frameStart is after frameEnd',
        };
      return sequence('sync.media', { media: request.media ? { ...request.media } : null });
    case 'settings':
      return sequence('room.settings', { settings: { ...state.settings, ...request.settings } });
    case 'annotation':
      return applyAnnotation(room, request.op, actor.userId, canEditOthers, context, sequence);
    case 'note':
      return applyNote(room, request.op, actor.userId, canEditOthers, context, sequence);
    case 'library.add':
      return applyLibraryAdd(room, request.item, actor, context, sequence, request.stored);
    case 'library.remove':
      return applyLibraryRemove(room, request.id, actor, sequence);
    case 'library.open':
      return applyLibraryOpen(room, request.id, actor, sequence);
    case 'library.policy':
      return sequence('sync.library', {
        op: 'policy',
        participantsMayAdd: request.participantsMayAdd,
      });
    case 'library.update':
      return applyLibraryUpdate(room, request.id, request.patch, sequence);
    case 'playlist.add':
      return applyPlaylistAdd(room, request.items, request.index, actor, context, sequence);
    case 'playlist.appendLibrary':
      return applyPlaylistAppendLibrary(room, request.libraryId, sequence);
    case 'playlist.remove':
      return switched(room, applyPlaylistRemove(room, request.id, actor, context, sequence));
    case 'playlist.pruneLibrary':
      return switched(room, applyPlaylistPrune(room, request.libraryId, context, sequence));
    case 'playlist.move':
      return applyPlaylistMove(room, request.id, request.index, actor, sequence);
    case 'playlist.rename':
      return applyPlaylistRename(room, request.id, request.name, actor, sequence);
    case 'playlist.current':
      return switched(room, applyPlaylistCurrent(room, request, actor, context, sequence));
    case 'playlist.policy':
      return applyPlaylistPolicy(room, request.policy, sequence);
  }
}

/**
 * A move between playlist items sets the room's motion like a host's playback change: a playback
 * change based on a version before it lost the race (it was about the item left).
 */
function switched(room: SequencedRoom, outcome: LogicOutcome): LogicOutcome {
  if (outcome.status === 'applied' && outcome.message.type === 'sync.playlist') {
    const { payload } = outcome.message;
    if (payload.op === 'current' || (payload.op === 'remove' && payload.switch))
      room.hostPlaybackVersion = room.version;
  }
  return outcome;
}

/** The sync categories a change request touches, compared with the room's state. */
function requestCategories(state: RoomState, request: ChangeRequest): SyncCategory[] {
  switch (request.kind) {
    case 'playback':
      return motionCategories(state.motion, request.motion);
    case 'frame':
      return ['playback'];
    case 'view':
      return viewCategories(state.view, request.view);
    case 'color':
      return ['color'];
    case 'audio':
    case 'audioTrack':
      return ['audio'];
    case 'compare':
      return ['compare'];
    case 'stereo':
      return ['stereo'];
    case 'annotation':
      return ['annotations'];
    case 'media':
    case 'settings':
    case 'note':
    case 'library.add':
    case 'library.remove':
    case 'library.open':
    case 'library.policy':
    case 'library.update':
    case 'playlist.add':
    case 'playlist.appendLibrary':
    case 'playlist.pruneLibrary':
    case 'playlist.remove':
    case 'playlist.move':
    case 'playlist.rename':
    case 'playlist.current':
    case 'playlist.policy':
      return [];
  }
}

/** Longest-present participant, preferring connected ones; null when there is none. */
export function pickSuccessor(members: readonly Member[]): Member | null {
  const candidates = members
    .filter((member) => member.role === 'participant')
    .sort((a, b) => Number(b.connected) - Number(a.connected) || a.joinedAt - b.joinedAt);
  return candidates[0] ?? null;
}

/** Sixteen colors far apart in hue and readable on the dark player UI. */
export const USER_COLORS = [
  '#e6194b',
  '#3cb44b',
  '#ffe119',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
  '#fabed4',
  '#469990',
  '#dcbeff',
  '#9a6324',
  '#fffac8',
  '#aaffc3',
  '#ffd8b1',
] as const;

/** The first palette color no current member uses (cycling when the room is larger). */
export function assignColor(members: readonly Member[]): string {
  const used = new Set(members.map((member) => member.color));
  return (
    USER_COLORS.find((color) => !used.has(color)) ??
    USER_COLORS[members.length % USER_COLORS.length] ??
    '#ffffff'
  );
}

export function toUser(member: Member): User {
  return {
    userId: member.userId,
    displayName: member.displayName,
    color: member.color,
    role: member.role,
    connected: member.connected,
    joinedAt: member.joinedAt,
    status: member.status,
    mediaStatus: member.mediaStatus,
  };
}

/** The `room.users` broadcast, serialized once. */
export function membersEvent(roomId: string, members: readonly Member[], now: number) {
  const users = [...members].sort((a, b) => a.joinedAt - b.joinedAt).map(toUser);
  const data = serializeMessage(
    createServerMessage('room.users', { users }, { timestamp: now, roomId }),
  );
  return { kind: 'members' as const, data, users };
}
