// SMPTE timecode formatting (HH:MM:SS:FF, drop-frame HH:MM:SS;FF at 29.97/59.94); pure.

/** True for the NTSC rates where SMPTE drop-frame counting applies (29.97, 59.94). */
export function isDropFrameRate(fps: number): boolean {
  return Math.abs(fps - 30000 / 1001) < 0.01 || Math.abs(fps - 60000 / 1001) < 0.01;
}

/**
 * Formats a count of elapsed frames (0 = 00:00:00:00) as SMPTE timecode. Fractional rates count
 * with the nominal integer rate (23.976 -> 24); 29.97 and 59.94 use drop-frame unless disabled.
 * Negative counts get a leading '-'.
 */
export function formatTimecode(
  frameCount: number,
  fps: number,
  options: { dropFrame?: boolean } = {},
): string {
  if (!(fps > 0)) throw new RangeError(`fps must be positive, got ${fps}`);
  const sign = frameCount < 0 ? '-' : '';
  let frames = Math.floor(Math.abs(frameCount));
  const nominal = Math.round(fps);
  const drop = (options.dropFrame ?? true) && isDropFrameRate(fps);
  if (drop) frames = dropFrameToNominal(frames, nominal);
  const ff = frames % nominal;
  const totalSeconds = Math.floor(frames / nominal);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  return `${sign}${pad(hh)}:${pad(mm)}:${pad(ss)}${drop ? ';' : ':'}${pad(ff)}`;
}

/**
 * Timecode of a frame number. `timecodeStart` is the timecode of `frameStart` as a count of
 * frames since 00:00:00:00 (the media's embedded start timecode; 0 when it has none).
 */
export function frameToTimecode(
  frame: number,
  frameStart: number,
  fps: number,
  timecodeStart = 0,
): string {
  return formatTimecode(timecodeStart + frame - frameStart, fps);
}

/** What a media needs for its timecode (MediaInfo has these fields). */
export interface TimecodeOrigin {
  frameStart: number;
  fps: number;
  /** Timecode of `frameStart` as frames since 00:00:00:00; absent = 00:00:00:00. */
  timecodeStart?: number;
}

/** A frame's timecode in a media: its embedded start timecode counts from `frameStart`. */
export function mediaTimecode(frame: number, media: TimecodeOrigin, fps = media.fps): string {
  return frameToTimecode(frame, media.frameStart, fps, media.timecodeStart ?? 0);
}

/** The NTSC-family rates and how people write them. */
const WRITTEN_RATES: ReadonlyArray<readonly [number, string]> = [
  [24000 / 1001, '23.976'],
  [30000 / 1001, '29.97'],
  [48000 / 1001, '47.952'],
  [60000 / 1001, '59.94'],
  [120000 / 1001, '119.88'],
];

/**
 * A frame rate as people write it: 24, 25, 23.976, 29.97, 59.94 (not 23.976023976023978).
 * Rates within 0.01% of an NTSC rate take its written form; others keep up to 3 decimals.
 */
export function formatRate(fps: number): string {
  if (!Number.isFinite(fps)) return String(fps);
  for (const [rate, written] of WRITTEN_RATES) {
    if (Math.abs(fps - rate) < rate * 1e-4) return written;
  }
  const rounded = Math.round(fps);
  if (Math.abs(fps - rounded) < rounded * 1e-4) return String(rounded);
  return String(Number(fps.toFixed(3)));
}

// Drop-frame skips frame labels 0 and 1 (0-3 at 59.94) at the start of every minute except each
// tenth minute; convert a real frame count to the count of labels that would have been shown.
function dropFrameToNominal(frames: number, nominal: number): number {
  const dropped = nominal === 60 ? 4 : 2;
  const framesPer10Min = Math.round((nominal * 600 * 1000) / 1001);
  const framesPerMin = nominal * 60 - dropped;
  const tens = Math.floor(frames / framesPer10Min);
  const rest = frames % framesPer10Min;
  const extraMinutes = rest < dropped ? 0 : Math.floor((rest - dropped) / framesPerMin);
  return frames + dropped * 9 * tens + dropped * extraMinutes;
}

function pad(value: number): string {
  return value.toString().padStart(2, '0');
}
