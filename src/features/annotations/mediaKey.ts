// Which media drawings belong to: local drawings are kept per clip (its key), and the room's
// drawings are shown only over the room's media.
import type { MediaInfo } from '../../core/media/types';

/** Which clip local drawings belong to: name, frame range and size (fingerprints come late). */
export function mediaKey(
  info: Pick<MediaInfo, 'name' | 'frameStart' | 'frameEnd' | 'width' | 'height'>,
): string {
  return `${info.name}|${info.frameStart}-${info.frameEnd}|${info.width}x${info.height}`;
}

/** Whether local media is the room's (no room media or no local media: nothing to tell). */
export function showsMedia(
  info: MediaInfo | undefined,
  room: (Parameters<typeof mediaKey>[0] & { fingerprint?: string }) | null,
): boolean {
  if (!room || !info) return true;
  if (info.fingerprint && room.fingerprint) return info.fingerprint === room.fingerprint;
  return mediaKey(info) === mediaKey(room);
}
