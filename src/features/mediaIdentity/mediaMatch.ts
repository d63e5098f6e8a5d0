// Media identity rules (pure): what the room is told about the media on screen, and how a
// participant's media compares with the host's. The fingerprint (SHA-256 of the bytes) decides
// when both sides have it; without it, the same name, frame range, fps and size count as the same.
import type { MediaInfo } from '../../core/media/types';
import { WIRE_LIMITS, type MediaDescriptor, type MediaStatus } from '../../protocol/index';

/** The descriptor announced for local media (names are cut to the protocol's limit). */
export function describeMedia(info: MediaInfo): MediaDescriptor {
  const descriptor: MediaDescriptor = {
    name: info.name.slice(0, WIRE_LIMITS.maxNameLength),
    frameStart: info.frameStart,
    frameEnd: info.frameEnd,
    fps: info.fps,
    width: info.width,
    height: info.height,
    hasAudio: info.hasAudio,
  };
  if (info.fingerprint) descriptor.fingerprint = info.fingerprint;
  return descriptor;
}

/** Same range, rate and size (fps within rounding: 23.976 vs 24000/1001). */
export function sameShape(a: MediaDescriptor, b: MediaDescriptor): boolean {
  return (
    a.frameStart === b.frameStart &&
    a.frameEnd === b.frameEnd &&
    Math.abs(a.fps - b.fps) < 1e-3 &&
    a.width === b.width &&
    a.height === b.height
  );
}

/** Equal as announcements go (the host re-announces only when this is false). */
export function sameDescriptor(a: MediaDescriptor | null, b: MediaDescriptor | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.name === b.name &&
    sameShape(a, b) &&
    (a.fingerprint ?? null) === (b.fingerprint ?? null) &&
    (a.hasAudio ?? false) === (b.hasAudio ?? false)
  );
}

export interface LocalMedia {
  /** What is on screen (null: nothing yet). */
  descriptor: MediaDescriptor | null;
  /** A file is being opened. */
  opening: boolean;
  /** The fingerprint of the media on screen is still being computed. */
  hashing: boolean;
  /**
   * The user opened this media as their copy of the host's (through the banner's picker):
   * a difference is then a mismatch even under another name.
   */
  claimed: boolean;
}

/**
 * A participant's media state against the host's:
 * - ready: the same media (fingerprints equal; or, lacking one, same name and shape);
 * - loading: opening a file, or hashing a copy opened under another name but the same shape;
 * - mismatch: meant as the host's media (same name, or opened as "your copy") but different;
 * - missing: showing something else.
 * Nothing announced by the host: ready once something is on screen.
 */
export function compareMedia(local: LocalMedia, room: MediaDescriptor | null): MediaStatus {
  if (local.opening) return 'loading';
  const mine = local.descriptor;
  if (!mine) return 'missing';
  if (!room) return 'ready';
  if (mine.fingerprint && room.fingerprint) {
    if (mine.fingerprint === room.fingerprint) return 'ready';
    return mine.name === room.name || local.claimed ? 'mismatch' : 'missing';
  }
  // Lacking one of the fingerprints (ours may take a minute on a large file), the same name and
  // shape count as the same media: follow at once; a fingerprint that turns out different
  // makes it a mismatch then.
  if (mine.name === room.name && sameShape(mine, room)) return 'ready';
  if (local.claimed && local.hashing && sameShape(mine, room)) return 'loading';
  return mine.name === room.name || local.claimed ? 'mismatch' : 'missing';
}

/** The host's own state: its media is the reference. */
export function hostStatus(local: LocalMedia): MediaStatus {
  if (local.opening) return 'loading';
  return local.descriptor ? 'ready' : 'missing';
}
