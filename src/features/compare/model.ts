// The compare and stereo settings on this page (DOM-free): the room's CompareState and
// StereoState, their edits (clamped to what the wire allows), and the rules for the B source:
// which B frame shows with A's frame, and why a B cannot be matched exactly.
import {
  DEFAULT_COMPARE,
  DEFAULT_STEREO,
  copyCompare,
  type CompareMode,
  type CompareSource,
  type CompareState,
  type StereoState,
} from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';

export const COMPARE_MODES: readonly CompareMode[] = [
  'off',
  'wipe',
  'split',
  'sideBySide',
  'overUnder',
  'difference',
  'blend',
  'toggle',
];

export const COMPARE_MODE_NAMES: Record<CompareMode, string> = {
  off: 'Off (A only)',
  wipe: 'Wipe',
  split: 'Split',
  sideBySide: 'Side by side',
  overUnder: 'Over/under',
  difference: 'Difference',
  blend: 'Blend (onion skin)',
  toggle: 'A/B toggle',
};

export type CompareEvents = {
  compareChanged: CompareState;
  stereoChanged: StereoState;
};

const clamp = (value: number, min: number, max: number, fallback: number) =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;

export function sameCompare(a: CompareState, b: CompareState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function sameStereo(a: StereoState, b: StereoState): boolean {
  return (
    a.input === b.input &&
    a.display === b.display &&
    a.swapEyes === b.swapEyes &&
    a.convergence === b.convergence
  );
}

/** The key a compare source is known by (a library id or a local file's fingerprint). */
export function sourceKey(source: CompareSource): string | null {
  if (!source) return null;
  return source.kind === 'library' ? `library:${source.id}` : `local:${source.media.fingerprint}`;
}

export class CompareModel extends EventEmitter<CompareEvents> {
  private compareValue: CompareState = copyCompare(DEFAULT_COMPARE);
  private stereoValue: StereoState = { ...DEFAULT_STEREO };
  /** The last mode other than off and toggle (the A/B toggle key goes back to it). */
  private lastMode: CompareMode = 'wipe';

  get compare(): CompareState {
    return copyCompare(this.compareValue);
  }

  get stereo(): StereoState {
    return { ...this.stereoValue };
  }

  setCompare(patch: Partial<CompareState>): void {
    const current = this.compareValue;
    const wipe = { ...current.wipe, ...patch.wipe };
    const next: CompareState = {
      mode: patch.mode && COMPARE_MODES.includes(patch.mode) ? patch.mode : current.mode,
      source: patch.source === undefined ? current.source : patch.source,
      wipe: {
        x: clamp(wipe.x, 0, 1, current.wipe.x),
        y: clamp(wipe.y, 0, 1, current.wipe.y),
        angle: normalizeAngle(wipe.angle, current.wipe.angle),
      },
      gain: clamp(patch.gain ?? current.gain, 1, 64, current.gain),
      blend: clamp(patch.blend ?? current.blend, 0, 1, current.blend),
      show: patch.show === 'A' || patch.show === 'B' ? patch.show : current.show,
    };
    if (sameCompare(next, current)) return;
    if (next.mode !== 'off' && next.mode !== 'toggle') this.lastMode = next.mode;
    this.compareValue = next;
    this.emit('compareChanged', this.compare);
  }

  setMode(mode: CompareMode): void {
    this.setCompare({ mode });
  }

  /** Quick A/B: in toggle mode flips A and B; otherwise enters it showing B. */
  toggleAB(): void {
    const { mode, show } = this.compareValue;
    if (mode === 'toggle') this.setCompare({ show: show === 'A' ? 'B' : 'A' });
    else this.setCompare({ mode: 'toggle', show: 'B' });
  }

  /** Compare on (the last mode used, wipe at first) or off. */
  toggleCompare(): void {
    this.setMode(this.compareValue.mode === 'off' ? this.lastMode : 'off');
  }

  setStereo(patch: Partial<StereoState>): void {
    const current = this.stereoValue;
    const next: StereoState = {
      input: patch.input ?? current.input,
      display: patch.display ?? current.display,
      swapEyes: patch.swapEyes ?? current.swapEyes,
      convergence: Math.round(
        clamp(patch.convergence ?? current.convergence, -1000, 1000, current.convergence),
      ),
    };
    if (sameStereo(next, current)) return;
    this.stereoValue = next;
    this.emit('stereoChanged', this.stereo);
  }
}

function normalizeAngle(angle: number, fallback: number): number {
  if (!Number.isFinite(angle)) return fallback;
  let a = ((angle % 360) + 360) % 360;
  if (a > 180) a -= 360;
  return Math.round(a * 100) / 100;
}

/** What B's timing and size are, against A's. */
export interface MediaShape {
  name: string;
  fps: number;
  frameStart: number;
  frameEnd: number;
  width: number;
  height: number;
}

/**
 * B's frame for A's frame: the same time since each one's first frame (at equal starts and
 * rates, the same frame number), clamped to B's range.
 */
export function bFrameFor(aFrame: number, a: MediaShape, b: MediaShape): number {
  const seconds = (aFrame - a.frameStart) / a.fps;
  const frame = b.frameStart + Math.floor(seconds * b.fps + 1e-6);
  return Math.min(b.frameEnd, Math.max(b.frameStart, frame));
}

/** Why B cannot be matched frame for frame or pixel for pixel (empty: it can). */
export function mismatchReasons(a: MediaShape, b: MediaShape): string[] {
  const reasons: string[] = [];
  if (Math.abs(a.fps - b.fps) > 1e-3)
    reasons.push(
      `${b.name} runs at ${round(b.fps)} fps and ${a.name} at ${round(a.fps)} fps: B shows its frame at the same time, not the same frame number`,
    );
  if (a.width !== b.width || a.height !== b.height)
    reasons.push(
      `${b.name} is ${b.width}×${b.height} and ${a.name} ${a.width}×${a.height}: B is fitted into A's picture`,
    );
  const aLength = a.frameEnd - a.frameStart + 1;
  const bLength = b.frameEnd - b.frameStart + 1;
  if (Math.abs(aLength / a.fps - bLength / b.fps) > 1 / Math.min(a.fps, b.fps))
    reasons.push(
      `${b.name} has ${bLength} frames and ${a.name} ${aLength}: past B's end its last frame stays`,
    );
  return reasons;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
