// Which media a note belongs to, without a DOM. A note carries one key, written when it is added:
// the media's fingerprint (SHA-256 of its bytes), or, while the fingerprint is still being
// computed, `name|first-last|WxH`. The media on screen matches every key it could have been
// written with, so a note written before the hash finished still shows afterwards.
import type { MediaInfo } from '../../core/media/types';
import type { MediaDescriptor } from '../../protocol/index';

export interface MediaKeys {
  /** The key a new note gets. */
  write: string;
  /** Keys of notes that belong to this media. */
  match: readonly string[];
}

type Shape = Pick<MediaInfo, 'name' | 'frameStart' | 'frameEnd' | 'width' | 'height'>;

/** Name, frame range and size: the key while the fingerprint is unknown. */
export function descriptorKey(info: Shape): string {
  return `${info.name}|${info.frameStart}-${info.frameEnd}|${info.width}x${info.height}`.slice(
    0,
    320,
  );
}

/**
 * The keys of the media on screen (null: nothing open). In a room, while this player is still
 * hashing a file that looks like the room's (same name and shape), the room's fingerprint counts
 * too, so the room's notes show at once; they are checked again when the hash is done.
 */
export function mediaKeysOf(
  info: MediaInfo | null,
  roomMedia: MediaDescriptor | null = null,
): MediaKeys | null {
  if (!info) return null;
  const shape = descriptorKey(info);
  if (info.fingerprint) return { write: info.fingerprint, match: [info.fingerprint, shape] };
  const match = [shape];
  if (roomMedia?.fingerprint && descriptorKey(roomMedia) === shape)
    match.push(roomMedia.fingerprint);
  return { write: shape, match };
}

/** True when a note with this key belongs to the media (notes without one show everywhere). */
export function belongsTo(noteMedia: string | undefined, keys: MediaKeys | null): boolean {
  return noteMedia === undefined || keys === null || keys.match.includes(noteMedia);
}
