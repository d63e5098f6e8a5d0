// What trackers receive: the room events (webhook bodies and event-log lines) and how an applied
// room change becomes one. Pure: no I/O. The shapes are documented in docs/webhooks.md.
import type { Annotation, Note, ServerChange } from '../../src/protocol/index';
import type { ChangeRequest } from '../store/RoomStore';

export const ROOM_EVENT_TYPES = [
  'note.added',
  'note.edited',
  'note.removed',
  'annotation.added',
  'playlist.changed',
  'room.ended',
] as const;
export type RoomEventType = (typeof ROOM_EVENT_TYPES)[number];

/**
 * The sequenced change a room playlist will broadcast (issue: playlist, being built). Until the
 * protocol has it no change carries this type; once it does, every such change is posted as
 * `playlist.changed` with its payload, with no change here.
 */
export const PLAYLIST_CHANGE_TYPE = 'sync.playlist';

/** Who made the change (null: the server, e.g. a room ended by idleness). */
export interface EventActor {
  userId: string;
  displayName: string | null;
}

/** A note as posted: the stored note plus its author's name. */
export type EventNote = Note & { authorName: string | null };

/** An annotation as posted: its stroke points are summarised (they can be ~100 KB). */
export type EventAnnotation = Omit<Annotation, 'points'> & {
  authorName: string | null;
  pointCount: number;
};

export type RoomEventData =
  | { type: 'note.added' | 'note.edited'; data: { note: EventNote } }
  | { type: 'note.removed'; data: { noteId: string } }
  | { type: 'annotation.added'; data: { annotation: EventAnnotation } }
  | { type: 'playlist.changed'; data: { change: unknown } }
  | {
      type: 'room.ended';
      data: {
        reason: 'host' | 'idle' | 'server';
        mediaName: string | null;
        notes: EventNote[];
      };
    };

export type RoomEventRecord = RoomEventData & {
  /** Unique per event: `<room>.<version>` (`<room>.ended`): receivers deduplicate retries by it. */
  id: string;
  roomId: string;
  /** Room version after the change (null for room.ended). */
  version: number | null;
  /** ISO 8601, server clock. */
  occurredAt: string;
  actor: EventActor | null;
};

/** Display names by user id (members of the room when the event happened). */
export type NameLookup = (userId: string) => string | null;

/**
 * The event an applied change is posted as, or null when trackers do not hear of it (playback,
 * view, annotation removals…). `request` tells an added note from an edited one (both are
 * broadcast as an upsert).
 */
export function eventOfChange(
  request: ChangeRequest,
  message: ServerChange,
  names: NameLookup,
): RoomEventData | null {
  if ((message.type as string) === PLAYLIST_CHANGE_TYPE)
    return { type: 'playlist.changed', data: { change: message.payload } };
  switch (message.type) {
    case 'sync.note': {
      const payload = message.payload;
      if (payload.op === 'remove') return { type: 'note.removed', data: { noteId: payload.id } };
      const added = request.kind === 'note' && request.op.op === 'add';
      return {
        type: added ? 'note.added' : 'note.edited',
        data: { note: namedNote(payload.note, names) },
      };
    }
    case 'sync.annotation': {
      const payload = message.payload;
      if (payload.op !== 'add') return null;
      const { points, ...rest } = payload.annotation;
      return {
        type: 'annotation.added',
        data: {
          annotation: {
            ...rest,
            authorName: names(rest.author),
            pointCount: Math.floor(points.length / 3),
          },
        },
      };
    }
    default:
      return null;
  }
}

export function namedNote(note: Note, names: NameLookup): EventNote {
  return { ...note, authorName: names(note.author) };
}
