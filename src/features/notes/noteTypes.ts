// The shapes the notes feature works with: one list item (room, pending or local note) and the
// narrow part of the network manager the model needs, so tests can drive it with a fake.
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';

/** Where a note lives: the room (confirmed), on its way to the room, or only in this browser. */
export type NoteState = 'synced' | 'pending' | 'local';

export interface NoteItem {
  id: string;
  frame: number;
  /** Last frame of a range note (inclusive); absent for single-frame notes. */
  endFrame?: number;
  text: string;
  /** Author's room user id; null for notes written outside a room. */
  author: string | null;
  /** Name shown for the author (room display name, or the local name). */
  authorName: string;
  /** CSS color for the author (their room color; a neutral one for local notes). */
  authorColor: string;
  createdAt: number;
  updatedAt: number;
  state: NoteState;
  /** Whether this user may edit/delete it now (role, ownership, room setting). */
  editable: boolean;
  /** True when written by this user (room author is us, or a local note). */
  own: boolean;
  /** The media it was written on (mediaKeys.ts); absent for notes from before that was kept. */
  media?: string;
}

/** A note kept in this browser (outside a room, or not shared with the room). */
export interface LocalNote {
  id: string;
  frame: number;
  endFrame?: number;
  text: string;
  createdAt: number;
  updatedAt: number;
  /** Room author id when this is a copy of a room note kept after leaving. */
  author?: string;
  authorName?: string;
  authorColor?: string;
  /** The room this copy came from (its notes with the same id win while in that room). */
  origin?: string;
  /** The media it was written on (mediaKeys.ts); absent in notes stored by older versions. */
  media?: string;
  /**
   * A change written in the `origin` room that never reached it (the tab closed while offline,
   * unsentNotes.ts): sent as soon as this browser is in that room again.
   */
  pending?: boolean;
}

/** What the model needs from NetworkSyncManager. */
export type NotesNetwork = Pick<
  NetworkSyncManager,
  | 'notes'
  | 'userId'
  | 'canEdit'
  | 'isHost'
  | 'roomSettings'
  | 'roomCode'
  | 'users'
  | 'connectionState'
  | 'sendNote'
  | 'on'
>;

/** The fields a user gives when adding or editing a note. */
export interface NoteDraft {
  frame: number;
  endFrame?: number;
  text: string;
  /** The media it belongs to (set by the model from the media on screen when added). */
  media?: string;
}
