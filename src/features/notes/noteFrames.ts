// Frame helpers of the notes views: the playhead's whole frame, a frame's timecode, whether an
// in–out range is set.
import { frameToTimecode } from '../../core/media/timecode';
import type { Playback } from '../../core/playback/Playback';

/** The frame under the playhead, rounded to a whole frame. */
export function playheadFrame(session: Playback): number {
  return Math.round(session.currentFrame);
}

/** `frame` as a timecode of the current media ('' when the media has no valid rate). */
export function noteTimecode(session: Playback, frame: number): string {
  try {
    return frameToTimecode(
      frame,
      session.frameStart,
      session.fps,
      session.media?.info.timecodeStart ?? 0,
    );
  } catch {
    return '';
  }
}

/** True when in or out differs from the media's first / last frame. */
export function hasInOutRange(session: Playback): boolean {
  return session.inPoint !== session.frameStart || session.outPoint !== session.frameEnd;
}
