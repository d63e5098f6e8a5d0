// The shared-timeline math: where playback is at a given clock time, as a pure function of a
// Motion. Local playback and network sync both use these functions, so there is one playback path.

import {
  MAX_SPEED,
  MIN_SPEED,
  type LoopMode,
  type Motion,
  type PlayDirection,
} from '../../protocol/index';

// One definition: the Motion type and its speed limits are the protocol schema's (see
// docs/architecture.md); the player re-exports them under their usual home.
export { MAX_SPEED, MIN_SPEED };
export type { LoopMode, Motion, PlayDirection };

/** Loop modes in the order the UI cycles through them. */
export const LOOP_MODES: readonly LoopMode[] = ['loop', 'once', 'pingpong'];

/**
 * Positions this close to an integer count as that integer, so float error just below a frame
 * boundary (41.666…ms steps at 24 fps) never shows the previous frame. 1e-6 frames is ~42 ns
 * at 24 fps, far below anything a clock can resolve, and far above float error for any
 * realistic frame count.
 */
export const POSITION_EPSILON = 1e-6;

/** Where the playhead is: a fractional position and which way it is moving across the screen. */
export interface Placement {
  /** Always within [inPoint, outPoint + 1) (only 'loop' uses the part above outPoint). */
  position: number;
  /**
   * The way frame numbers are moving at this instant (the motion's direction, flipped on the
   * backward leg of ping-pong; an end frame already belongs to the leg that leaves it). A frame f occupies positions [f, f+1) when moving forward and
   * (f-1, f] when moving backward, so a playhead anchored on frame f shows f for one full frame
   * duration whichever way it then travels (reverse from 100 shows 100, then 99 after 1/fps).
   */
  travel: PlayDirection;
}

function snap(value: number): number {
  const nearest = Math.round(value);
  return Math.abs(value - nearest) < POSITION_EPSILON ? nearest : value;
}

/** Euclidean modulo: result in [0, divisor) for a positive divisor. */
function mod(value: number, divisor: number): number {
  const result = value % divisor;
  return result < 0 ? result + divisor : result;
}

/** Clamps an integer frame into [inPoint, outPoint]. */
export function clampFrame(frame: number, inPoint: number, outPoint: number): number {
  return Math.min(Math.max(frame, inPoint), outPoint);
}

/**
 * The anchor brought into the play range: below in → in; past the range ([in, out+1) for 'loop',
 * [in, out] otherwise) → out. Never wrapped, which would land on an arbitrary frame: seeking
 * beyond the out point starts from the out point, and a playing loop then wraps to the in point.
 */
export function clampAnchor(motion: Motion): number {
  const { anchorFrame, inPoint, outPoint, loopMode } = motion;
  if (!(anchorFrame >= inPoint)) return inPoint; // also catches NaN
  const past = loopMode === 'loop' ? anchorFrame >= outPoint + 1 : anchorFrame > outPoint;
  return past ? outPoint : anchorFrame;
}

/** Unwrapped position: anchor plus the distance travelled since the anchor time (if playing). */
function rawPosition(motion: Motion, timeMs: number): number {
  const start = clampAnchor(motion);
  if (!motion.playing) return snap(start);
  const travelled =
    ((timeMs - motion.anchorTime) / 1000) * motion.fps * motion.speed * motion.direction;
  return snap(start + travelled);
}

/**
 * Places the playhead at `timeMs`:
 * - 'loop': wraps with period (out - in + 1) frames; forward, out is followed by in.
 * - 'pingpong': reflects at both ends with period 2·(out - in) frames, so each end frame is
 *   shown once per bounce (…, out-1, out, out-1, …, in+1, in, in+1, …), never twice in a row.
 * - 'once': clamps to [in, out]; the run ends on reaching out (forward) or in (reverse).
 */
export function placementAt(motion: Motion, timeMs: number): Placement {
  const { inPoint, outPoint, loopMode, direction } = motion;
  const raw = rawPosition(motion, timeMs);
  switch (loopMode) {
    case 'loop':
      return { position: inPoint + mod(raw - inPoint, outPoint - inPoint + 1), travel: direction };
    case 'once':
      return { position: Math.min(Math.max(raw, inPoint), outPoint), travel: direction };
    case 'pingpong': {
      const span = outPoint - inPoint;
      if (span <= 0) return { position: inPoint, travel: direction };
      const phase = mod(raw - inPoint, 2 * span);
      if (phase <= span) return { position: inPoint + phase, travel: direction };
      const backward: PlayDirection = direction === 1 ? -1 : 1;
      return { position: inPoint + 2 * span - phase, travel: backward };
    }
    default: {
      const unknown: never = loopMode;
      throw new Error(`Unknown loop mode: ${String(unknown)}`);
    }
  }
}

/** The fractional playback position at `timeMs`, wrapped into the play range by loop mode. */
export function positionAt(motion: Motion, timeMs: number): number {
  return placementAt(motion, timeMs).position;
}

/** The integer frame a placement shows (see `Placement.travel` for the rounding rule). */
export function frameOfPlacement(placement: Placement, motion: Motion): number {
  const { inPoint, outPoint } = motion;
  const { position, travel } = placement;
  let frame = travel === 1 ? Math.floor(position) : Math.ceil(position);
  // Moving backward through (out, out+1) in 'loop' is the in frame's slot one period later.
  if (frame > outPoint && motion.loopMode === 'loop') frame = inPoint;
  return clampFrame(frame, inPoint, outPoint);
}

/** The integer frame displayed at `timeMs`; always within [inPoint, outPoint]. */
export function frameAt(motion: Motion, timeMs: number): number {
  return frameOfPlacement(placementAt(motion, timeMs), motion);
}

/** True when a playing 'once' motion has reached the end of its run at `timeMs`. */
export function hasFinished(motion: Motion, timeMs: number): boolean {
  if (!motion.playing || motion.loopMode !== 'once') return false;
  const raw = rawPosition(motion, timeMs);
  return motion.direction === 1 ? raw >= motion.outPoint : raw <= motion.inPoint;
}

/** The frame a 'once' run ends on when travelling in `direction`. */
export function endFrame(
  motion: Pick<Motion, 'inPoint' | 'outPoint'>,
  direction: PlayDirection,
): number {
  return direction === 1 ? motion.outPoint : motion.inPoint;
}

/**
 * Whether two motions describe the same playback. A paused motion shows the same frame at any
 * time, so its anchorTime does not count (a paused seek to the current frame is no change).
 */
export function sameMotion(a: Motion, b: Motion): boolean {
  return (
    a.playing === b.playing &&
    a.anchorFrame === b.anchorFrame &&
    (a.anchorTime === b.anchorTime || !a.playing) &&
    a.fps === b.fps &&
    a.speed === b.speed &&
    a.direction === b.direction &&
    a.loopMode === b.loopMode &&
    a.inPoint === b.inPoint &&
    a.outPoint === b.outPoint
  );
}

export function clampSpeed(speed: number): number {
  return Math.min(Math.max(speed, MIN_SPEED), MAX_SPEED);
}

/**
 * A motion from elsewhere (the network) made safe to apply: in/out integers inside the media
 * range with in ≤ out, speed clamped, and anything missing or invalid taken from `fallback`.
 */
export function sanitizeMotion(
  input: Motion,
  fallback: Motion,
  range: { start: number; end: number },
): Motion {
  const toRange = (frame: number, otherwise: number): number =>
    Number.isFinite(frame) ? clampFrame(Math.round(frame), range.start, range.end) : otherwise;
  const inPoint = toRange(input.inPoint, fallback.inPoint);
  const outPoint = Math.max(inPoint, toRange(input.outPoint, fallback.outPoint));
  const positive = (value: number, otherwise: number): number =>
    Number.isFinite(value) && value > 0 ? value : otherwise;
  return {
    playing: input.playing === true,
    anchorFrame: Number.isFinite(input.anchorFrame) ? input.anchorFrame : fallback.anchorFrame,
    anchorTime: Number.isFinite(input.anchorTime) ? input.anchorTime : fallback.anchorTime,
    fps: positive(input.fps, fallback.fps),
    speed: clampSpeed(positive(input.speed, fallback.speed)),
    direction: input.direction === -1 ? -1 : 1,
    loopMode: LOOP_MODES.includes(input.loopMode) ? input.loopMode : fallback.loopMode,
    inPoint,
    outPoint,
  };
}
