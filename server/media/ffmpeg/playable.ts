// browserPlayable: whether the player can show the original as it is (no proxy needed).

import type { ProbeResult } from './probe';

/** Video codecs every browser we support decodes through WebCodecs, per container. */
const PLAYABLE_VIDEO: Readonly<Record<string, ReadonlySet<string>>> = {
  mp4: new Set(['h264', 'vp9', 'av1']),
  mov: new Set(['h264', 'vp9', 'av1']),
  webm: new Set(['vp8', 'vp9', 'av1']),
};

/** 4:2:2 and 4:4:4 or 10-bit H.264 (High 4:2:2, High 10 — common in dailies) does not decode in browsers. */
const PLAYABLE_H264_PIXELS: ReadonlySet<string> = new Set(['yuv420p', 'yuvj420p']);

/** Stills the player decodes itself (browser images, plus EXR and TIFF through its loaders). */
const PLAYABLE_IMAGES: ReadonlySet<string> = new Set([
  'png',
  'mjpeg',
  'webp',
  'gif',
  'bmp',
  'exr',
  'tiff',
]);

/** Sound codecs the player decodes as a soundtrack (WebCodecs, or PCM read directly). */
const PLAYABLE_SOUND: ReadonlySet<string> = new Set(['aac', 'mp3', 'flac', 'opus', 'vorbis']);

/** True when the player can show (for a sound file: play) `probe`'s file without a proxy. */
export function browserPlayable(probe: ProbeResult): boolean {
  if (probe.kind === 'image') return PLAYABLE_IMAGES.has(probe.codec);
  if (probe.kind === 'audio')
    return PLAYABLE_SOUND.has(probe.codec) || probe.codec.startsWith('pcm_');
  if (!PLAYABLE_VIDEO[probe.container]?.has(probe.codec)) return false;
  return probe.codec !== 'h264' || PLAYABLE_H264_PIXELS.has(probe.pixelFormat);
}
