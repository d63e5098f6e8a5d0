// Where a room's playhead is at a server-clock time: the wire rules of a Motion (anchor, fps,
// speed, direction, loop mode, in/out), enough for the SDK to pause or play from the frame on
// screen. The player's full version (sub-frame travel rules) is src/core/playback/motion.ts.
import type { Motion } from '../src/protocol/index';

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** The integer frame `motion` shows at server time `serverNowMs`. */
export function frameAtTime(motion: Motion, serverNowMs: number): number {
  const { inPoint, outPoint, loopMode } = motion;
  if (!motion.playing) return Math.round(motion.anchorFrame);
  const elapsed = Math.max(0, serverNowMs - motion.anchorTime) / 1000;
  const raw = motion.anchorFrame + elapsed * motion.fps * motion.speed * motion.direction;
  let position: number;
  if (loopMode === 'loop') position = inPoint + mod(raw - inPoint, outPoint - inPoint + 1);
  else if (loopMode === 'once') position = Math.min(Math.max(raw, inPoint), outPoint);
  else {
    const span = outPoint - inPoint;
    const phase = span <= 0 ? 0 : mod(raw - inPoint, 2 * span);
    position = span <= 0 ? inPoint : phase <= span ? inPoint + phase : inPoint + 2 * span - phase;
  }
  return Math.min(Math.max(Math.floor(position + 1e-6), inPoint), outPoint);
}
