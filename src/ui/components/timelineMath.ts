// Pure timeline geometry: frames <-> track fractions, and tick spacing that stays readable.

export interface FrameRange {
  start: number;
  end: number;
}

/** Frame count of an inclusive range (at least 1). */
export function frameCount(range: FrameRange): number {
  return Math.max(1, range.end - range.start + 1);
}

/** Left edge of a frame's cell as a fraction of the track (each frame owns an equal cell). */
export function frameToFraction(frame: number, range: FrameRange): number {
  return (frame - range.start) / frameCount(range);
}

/** Centre of a frame's cell, where the playhead is drawn. */
export function frameCenterFraction(frame: number, range: FrameRange): number {
  return (frame - range.start + 0.5) / frameCount(range);
}

/** The frame whose cell holds a track fraction, clamped into the range. */
export function fractionToFrame(fraction: number, range: FrameRange): number {
  const frame = range.start + Math.floor(fraction * frameCount(range));
  return Math.min(range.end, Math.max(range.start, frame));
}

const NICE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

/** Smallest "nice" frame step whose ticks are at least `minPx` apart on a track `widthPx` wide. */
export function tickStep(range: FrameRange, widthPx: number, minPx: number): number {
  const pxPerFrame = widthPx / frameCount(range);
  for (const step of NICE_STEPS) if (step * pxPerFrame >= minPx) return step;
  return NICE_STEPS[NICE_STEPS.length - 1] ?? 10000;
}

/** Multiples of `step` inside the range (frame numbers, not offsets, so labels read 100, 200...). */
export function tickFrames(range: FrameRange, step: number): number[] {
  const frames: number[] = [];
  for (let frame = Math.ceil(range.start / step) * step; frame <= range.end; frame += step) {
    frames.push(frame);
  }
  return frames;
}

/** Gap between a tick and its label, px. */
export const LABEL_GAP_PX = 3;

/**
 * Left x of a tick's label: right of the tick, or left of it when it would not fit in the track
 * (so the last label, e.g. 1400, is never cut to "140").
 */
export function labelLeft(tickX: number, labelWidth: number, trackWidth: number): number {
  const right = tickX + LABEL_GAP_PX;
  if (right + labelWidth <= trackWidth) return right;
  return Math.max(0, tickX - LABEL_GAP_PX - labelWidth);
}
