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

/** Timecode of a frame number given the media's first frame (which shows 00:00:00:00). */
export function frameToTimecode(frame: number, frameStart: number, fps: number): string {
  return formatTimecode(frame - frameStart, fps);
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
