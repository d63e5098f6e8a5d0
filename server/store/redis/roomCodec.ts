// How a room is laid out in Redis hashes and read back: state fields as JSON (the media
// library too: a bounded list, rewritten on each library change), annotations and notes one
// hash field each (with their first-added version, which keeps the array order of the memory
// store), and the incremental writes for one sequenced change.
import type { ChainableCommander } from 'ioredis';
import {
  EMPTY_PLAYLIST_FIELDS,
  type Annotation,
  type Note,
  type RoomState,
  type ServerChange,
} from '../../../src/protocol/index';
import type { SequencedRoom } from '../../rooms/roomLogic';
import type { Member, NewRoom } from '../RoomStore';
import type { RedisKeys } from './redisClient';

/** Whole-value state fields of the room hash. */
export const STATE_FIELDS = [
  'motion',
  'view',
  'color',
  'audio',
  'media',
  'settings',
  'library',
  'playlist',
  'compare',
  'stereo',
] as const;
type StateField = (typeof STATE_FIELDS)[number];

const FIELDS_BY_TYPE: Partial<Record<ServerChange['type'], readonly StateField[]>> = {
  'sync.playback': ['motion'],
  'sync.view': ['view'],
  'sync.color': ['color'],
  'sync.audio': ['audio'],
  'sync.audioTrack': ['audio'],
  'sync.media': ['media'],
  'room.settings': ['settings'],
  'sync.library': ['library'],
  // A move between items also sets the room's media, motion and view.
  'sync.playlist': ['playlist', 'media', 'motion', 'view'],
  'sync.compare': ['compare'],
  'sync.stereo': ['stereo'],
};

/**
 * A member as stored: which instance holds its connection, since when it is detached, and
 * whether presence cleanup detached it because its instance looked dead (`orphaned`).
 */
export type StoredMember = Member & {
  instanceId: string | null;
  detachedAt: number | null;
  orphaned?: boolean;
};

export function stripMember(stored: StoredMember): Member {
  const { instanceId: _instance, detachedAt: _detached, orphaned: _orphaned, ...member } = stored;
  return member;
}

/** A room as one instance last saw it; valid while the epoch and version match Redis. */
export interface RoomCacheEntry {
  /** Random per room incarnation, so a re-created code never matches an old cache entry. */
  epoch: string;
  room: SequencedRoom;
  /** Annotation/note id → version that first added it (their order in the state arrays). */
  annOrder: Map<string, number>;
  noteOrder: Map<string, number>;
}

type Replies = Array<[Error | null, unknown]> | null;

/** Decodes [HMGET epoch version hostPlaybackVersion …STATE_FIELDS, HGETALL ann, HGETALL notes]. */
export function decodeRoom(roomId: string, replies: Replies): RoomCacheEntry | null {
  const fields = replies?.[0]?.[1] as Array<string | null> | undefined;
  const [epoch, version, hostPlaybackVersion, ...values] = fields ?? [];
  if (!epoch) return null;
  const state = {} as Record<StateField, unknown>;
  STATE_FIELDS.forEach((field, index) => {
    state[field] = JSON.parse(values[index] ?? 'null');
  });
  // Rooms stored before the media library have none yet.
  state.library ??= { items: [], participantsMayAdd: false };
  state.playlist ??= { ...EMPTY_PLAYLIST_FIELDS, items: [] };
  // Compare and stereo are optional: absent until first set.
  if (state.compare === null) delete (state as Partial<typeof state>).compare;
  if (state.stereo === null) delete (state as Partial<typeof state>).stereo;
  const annotations = ordered<Annotation>(replies?.[1]?.[1]);
  const notes = ordered<Note>(replies?.[2]?.[1]);
  return {
    epoch,
    room: {
      roomId,
      version: Number(version),
      hostPlaybackVersion: Number(hostPlaybackVersion),
      state: {
        ...(state as Omit<RoomState, 'annotations' | 'notes'>),
        annotations: annotations.items,
        notes: notes.items,
      },
    },
    annOrder: annotations.order,
    noteOrder: notes.order,
  };
}

function ordered<Item extends { id: string }>(raw: unknown) {
  const entries = Object.values((raw ?? {}) as Record<string, string>).map(
    (text) => JSON.parse(text) as [number, Item],
  );
  entries.sort((a, b) => a[0] - b[0]);
  return {
    items: entries.map(([, item]) => item),
    order: new Map(entries.map(([order, item]) => [item.id, order])),
  };
}

/** Queues the writes for a new room (its state at version 0). */
export function encodeNewRoom(
  multi: ChainableCommander,
  keys: RedisKeys,
  room: NewRoom,
  epoch: string,
): void {
  const { roomId, lastActiveAt, ...meta } = room.meta;
  const fields: Record<string, string | number> = {
    meta: JSON.stringify({ roomId, ...meta }),
    lastActiveAt,
    epoch,
    version: 0,
    hostPlaybackVersion: 0,
  };
  for (const field of STATE_FIELDS) fields[field] = JSON.stringify(room.state[field] ?? null);
  multi.del(keys.annotations(roomId), keys.notes(roomId), keys.log(roomId));
  multi.hset(keys.room(roomId), fields);
  room.state.annotations.forEach((annotation, index) =>
    multi.hset(keys.annotations(roomId), annotation.id, JSON.stringify([index - 1e9, annotation])),
  );
  room.state.notes.forEach((note, index) =>
    multi.hset(keys.notes(roomId), note.id, JSON.stringify([index - 1e9, note])),
  );
}

/**
 * Queues the writes for one applied change: version counters, then only the part of the
 * state it touched. Updates `next`'s order maps (committed with the transaction).
 */
export function writeChange(
  multi: ChainableCommander,
  keys: RedisKeys,
  next: RoomCacheEntry,
  message: ServerChange,
  now: number,
): void {
  const { roomId, version, hostPlaybackVersion, state } = next.room;
  const fields: Record<string, string | number> = {
    version,
    hostPlaybackVersion,
    lastActiveAt: now,
  };
  for (const field of FIELDS_BY_TYPE[message.type] ?? [])
    fields[field] = JSON.stringify(state[field]);
  multi.hset(keys.room(roomId), fields);
  if (message.type === 'sync.annotation') {
    const { payload } = message;
    if (payload.op === 'add') {
      const order = next.annOrder.get(payload.annotation.id) ?? version;
      next.annOrder.set(payload.annotation.id, order);
      multi.hset(
        keys.annotations(roomId),
        payload.annotation.id,
        JSON.stringify([order, payload.annotation]),
      );
    } else {
      for (const id of payload.ids) next.annOrder.delete(id);
      multi.hdel(keys.annotations(roomId), ...payload.ids);
    }
  } else if (message.type === 'sync.note') {
    const { payload } = message;
    if (payload.op === 'upsert') {
      const order = next.noteOrder.get(payload.note.id) ?? version;
      next.noteOrder.set(payload.note.id, order);
      multi.hset(keys.notes(roomId), payload.note.id, JSON.stringify([order, payload.note]));
    } else {
      next.noteOrder.delete(payload.id);
      multi.hdel(keys.notes(roomId), payload.id);
    }
  }
}
