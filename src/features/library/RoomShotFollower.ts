// Which library item is the room's current shot, and when this page opens one by itself (DOM-free):
// - a member whose media is not the room's shot plays it from the library without any action
//   (once per shot; their own copy, when it matches, is kept: it counts as ready);
// - the host of a room with no current shot opens the first item that turns playable, which makes
//   it the room's shot (media identity announces what the host shows);
// - when someone else makes a library item the room's shot (library.open, `reelsync push`), the
//   host's page plays it too, and so does every member again, even one who had left it before.
import type { MediaInfo } from '../../core/media/types';
import type { MediaDescriptor } from '../../protocol/index';
import { compareMedia, describeMedia } from '../mediaIdentity/mediaMatch';
import { streamPart } from './mediaAccess';
import type { LibraryItem } from './types';

export interface FollowerInputs {
  readonly roomCode: string | null;
  readonly isHost: boolean;
  readonly roomMedia: MediaDescriptor | null;
  readonly items: readonly LibraryItem[];
  /** The media on screen (null: none). */
  readonly local: MediaInfo | null;
  /** Media is being opened on this page now. */
  readonly opening: boolean;
}

/** The library item that is the room's current shot, when it can be streamed. */
export function streamableShot(
  roomMedia: MediaDescriptor | null,
  items: readonly LibraryItem[],
): LibraryItem | null {
  const fingerprint = roomMedia?.fingerprint;
  if (!fingerprint) return null;
  const item = items.find((entry) => entry.id === fingerprint);
  return item && streamPart(item) !== null ? item : null;
}

/** The local media is (or may well be, while it is hashed) the room's shot. */
function showsRoomShot(
  local: MediaInfo | null,
  roomMedia: MediaDescriptor,
  opening: boolean,
): boolean {
  const status = compareMedia(
    {
      descriptor: local ? describeMedia(local) : null,
      opening,
      hashing: local !== null && local.fingerprint === null,
      claimed: false,
    },
    roomMedia,
  );
  return status === 'ready' || status === 'loading';
}

export class RoomShotFollower {
  /** Shots this page opened (or tried to) by itself, per room: never twice. */
  private followed = new Set<string>();
  private room: string | null = null;
  private hostOpenedFirst = false;
  /** The room shot's fingerprint last seen (a change is followed even to a shot seen before). */
  private lastShot: string | null = null;
  /** lastShot holds an observation of this room (the first one is no change). */
  private seenShot = false;

  /** The item to open now, or null. Call on every change of the inputs. */
  next(inputs: FollowerInputs): LibraryItem | null {
    if (inputs.roomCode !== this.room) {
      this.room = inputs.roomCode;
      this.followed = new Set();
      this.hostOpenedFirst = false;
      this.lastShot = null;
      this.seenShot = false;
    }
    // While media opens the change waits: it is looked at once the page shows what it opened.
    if (inputs.roomCode === null || inputs.opening) return null;
    const shotId = inputs.roomMedia?.fingerprint ?? null;
    const changed = this.seenShot && shotId !== this.lastShot;
    this.lastShot = shotId;
    this.seenShot = true;
    if (changed && shotId !== null) this.followed.delete(shotId);
    const local = inputs.local;
    // The page's start-up media (the demo clip) is no shot: a host showing it has none.
    const showsDemo = local === null || local.kind === 'demo';
    if (inputs.isHost) {
      if (!showsDemo) {
        // The room's shot changed to a library item this page does not show: another member
        // made it current (what this host opens itself is announced, so it always matches).
        const roomMedia = inputs.roomMedia;
        const shot = streamableShot(roomMedia, inputs.items);
        if (!changed || !shot || !roomMedia) return null;
        return showsRoomShot(local, roomMedia, inputs.opening) ? null : this.take(shot);
      }
      const shot = streamableShot(inputs.roomMedia, inputs.items);
      // After a reload the host shows the demo clip while the room still has its shot.
      if (shot) return this.take(shot);
      // Only in a room with no shot yet: nothing announced, or the host's demo clip.
      const roomMedia = inputs.roomMedia;
      const noShot = roomMedia === null || (local !== null && roomMedia.name === local.name);
      if (this.hostOpenedFirst || !noShot) return null;
      const first = inputs.items.find((item) => streamPart(item) !== null);
      if (!first) return null;
      this.hostOpenedFirst = true;
      return this.take(first);
    }
    const roomMedia = inputs.roomMedia;
    const shot = streamableShot(roomMedia, inputs.items);
    if (!shot || !roomMedia || this.followed.has(shot.id)) return null;
    if (showsRoomShot(local, roomMedia, inputs.opening)) return null;
    return this.take(shot);
  }

  private take(item: LibraryItem): LibraryItem | null {
    if (this.followed.has(item.id)) return null;
    this.followed.add(item.id);
    return item;
  }
}
