// The start-frame setting: a video numbered from another first frame (VFX shots start at 1001).
// A wrapper renumbers the frames of the media it wraps; the pictures, the audio and the timecode
// stay with the same images (timecode follows the picture, not the number).
import type { Playback } from '../playback/Playback';
import type { FrameImage, MediaAudio, MediaInfo, MediaSource } from './types';

/** Highest first frame accepted (frame numbers stay well inside the frame-ID strip's 16 bits). */
export const MAX_START_FRAME = 1_000_000;

/** `inner` with its first frame numbered `start`. */
export class RenumberedSource implements MediaSource {
  readonly info: MediaInfo;
  readonly audio: MediaAudio | null;
  /** Added to the inner source's frame numbers. */
  private readonly offset: number;

  constructor(
    readonly inner: MediaSource,
    start: number,
  ) {
    const base = inner.info;
    this.offset = start - base.frameStart;
    const offset = this.offset;
    this.info = {
      ...base,
      frameStart: start,
      frameEnd: base.frameEnd + offset,
      ...(base.missingFrames
        ? {
            missingFrames: base.missingFrames.map((range) => ({
              start: range.start + offset,
              end: range.end + offset,
            })),
          }
        : {}),
    };
    const audio = inner.audio ?? null;
    this.audio = audio && {
      timeOfFrame: (position) => audio.timeOfFrame(position - offset),
      buffers: (startSeconds) => audio.buffers(startSeconds),
    };
  }

  getFrame(frame: number): FrameImage | null {
    return this.inner.getFrame(frame - this.offset);
  }

  loadFrame(frame: number): Promise<FrameImage> {
    return this.inner.loadFrame(frame - this.offset);
  }

  setPlayhead(frame: number, direction: 1 | -1, playing: boolean): void {
    this.inner.setPlayhead(frame - this.offset, direction, playing);
  }

  async fingerprint(): Promise<string> {
    const fingerprint = await this.inner.fingerprint();
    this.info.fingerprint = fingerprint;
    return fingerprint;
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** The media as opened, without any renumbering. */
export function originalSource(source: MediaSource): MediaSource {
  return source instanceof RenumberedSource ? source.inner : source;
}

/** Why the media's first frame cannot be set to `start`, or null when it can. */
export function startFrameRefusal(source: MediaSource | null, start: number): string | null {
  if (!source) return 'Open a video first.';
  if (source.info.kind !== 'video') {
    return source.info.kind === 'images'
      ? 'An image sequence is numbered by its file names; rename the files to renumber it.'
      : 'Only a video can be given another first frame.';
  }
  if (!Number.isInteger(start) || start < 0 || start > MAX_START_FRAME) {
    return `The first frame must be a whole number from 0 to ${MAX_START_FRAME}.`;
  }
  return null;
}

/**
 * Numbers the session's video from `start` (e.g. 1001), keeping the picture on screen; in/out
 * reset to the new range. Returns null when done, or why it was refused.
 */
export function setStartFrame(session: Playback, start: number): string | null {
  const current = session.media;
  const refusal = startFrameRefusal(current, start);
  if (refusal || !current) return refusal;
  if (current.info.frameStart === start) return null;
  const original = originalSource(current);
  const onScreen = session.currentFrame - current.info.frameStart;
  const next =
    original.info.frameStart === start ? original : new RenumberedSource(original, start);
  session.setMedia(next);
  session.seek(start + onScreen);
  return null;
}
