// Bounded cache of decoded frames around the playhead, plus the decode-ahead plan; pure and generic
// (VideoFrame for video, ImageBitmap for images) so the policy is unit-tested in Node.

export type Direction = 1 | -1;

export interface Playhead {
  frame: number;
  direction: Direction;
  playing: boolean;
}

export interface FrameRange {
  frameStart: number;
  frameEnd: number;
}

/**
 * Frames worth having decoded, most urgent first: the playhead, then `ahead` frames in the
 * playing direction (wrapping past the range end, since loop playback goes there next), then
 * `behind` frames the other way (for a quick step back).
 */
export function decodePlan(
  playhead: Playhead,
  range: FrameRange,
  ahead: number,
  behind: number,
): number[] {
  const length = range.frameEnd - range.frameStart + 1;
  const wrap = (frame: number): number =>
    range.frameStart + ((((frame - range.frameStart) % length) + length) % length);
  const plan = [wrap(playhead.frame)];
  const seen = new Set(plan);
  const push = (frame: number): void => {
    const wrapped = wrap(frame);
    if (!seen.has(wrapped)) {
      seen.add(wrapped);
      plan.push(wrapped);
    }
  };
  for (let i = 1; i <= ahead && plan.length < length; i++)
    push(playhead.frame + i * playhead.direction);
  for (let i = 1; i <= behind && plan.length < length; i++)
    push(playhead.frame - i * playhead.direction);
  return plan;
}

/**
 * Holds at most `capacity` decoded frames and releases (closes) the ones it evicts. The frame
 * most recently handed out is pinned so the viewer can keep drawing it until it gets another.
 */
export class FrameCache<T> {
  private readonly frames = new Map<number, T>();
  private pinned: number | null = null;

  constructor(
    readonly capacity: number,
    private readonly release: (image: T) => void,
  ) {
    if (capacity < 2) throw new RangeError('a frame cache needs room for at least 2 frames');
  }

  get size(): number {
    return this.frames.size;
  }

  has(frame: number): boolean {
    return this.frames.has(frame);
  }

  /** The cached frame, pinned as the one on screen; undefined if not decoded yet. */
  take(frame: number): T | undefined {
    const image = this.frames.get(frame);
    if (image !== undefined) this.pinned = frame;
    return image;
  }

  /** Frame numbers held, ascending (for diagnostics and tests). */
  keys(): number[] {
    return [...this.frames.keys()].sort((a, b) => a - b);
  }

  /**
   * Stores a decoded frame, then evicts down to capacity, dropping frames not in `plan` first,
   * then the least urgent planned ones. A duplicate or an unwanted image is released at once.
   */
  put(frame: number, image: T, plan: readonly number[]): void {
    if (this.frames.has(frame) || !plan.includes(frame)) {
      this.release(image);
      return;
    }
    this.frames.set(frame, image);
    if (this.frames.size <= this.capacity) return;
    const urgency = new Map(plan.map((planned, index) => [planned, index]));
    const victims = [...this.frames.keys()]
      .filter((held) => held !== this.pinned)
      .sort((a, b) => (urgency.get(b) ?? Infinity) - (urgency.get(a) ?? Infinity));
    for (const victim of victims) {
      if (this.frames.size <= this.capacity) break;
      this.delete(victim);
    }
  }

  /** Releases every frame not in `keep` (except the pinned one). */
  retainOnly(keep: readonly number[]): void {
    const wanted = new Set(keep);
    for (const held of [...this.frames.keys()]) {
      if (!wanted.has(held) && held !== this.pinned) this.delete(held);
    }
  }

  clear(): void {
    for (const image of this.frames.values()) this.release(image);
    this.frames.clear();
    this.pinned = null;
  }

  private delete(frame: number): void {
    const image = this.frames.get(frame);
    this.frames.delete(frame);
    if (image !== undefined) this.release(image);
  }
}
