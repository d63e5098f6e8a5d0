// Strokes in progress (DOM-free). The sender streams the points of the stroke being drawn at a
// limited rate; the receiver keeps other users' strokes in progress until they finish (the
// finished stroke then arrives as reliable state) or go quiet.
import { WIRE_LIMITS, type LiveStroke } from '../../protocol/index';
import type { AnnotationTool } from './types';

/**
 * 25 Hz: smooth enough to watch, and with the remote pointer's ~30 Hz still under the server's
 * default 60 live messages per second per connection (excess live messages are dropped).
 */
export const LIVE_STROKE_INTERVAL_MS = 40;
/** A stroke with no news for this long is dropped (its author left or lost the connection). */
export const LIVE_STROKE_STALE_MS = 5000;

export interface LiveStrokeMeta {
  strokeId: string;
  frame: number;
  tool: AnnotationTool;
  color: string;
  width: number;
}

export interface Timer {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimer: Timer = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Streams one stroke at a time. Pen and eraser-free strokes send only the points added since the
 * last message (receivers append); shapes send their current points (receivers replace).
 */
export class LiveStrokeSender {
  private meta: LiveStrokeMeta | null = null;
  private points: number[] = [];
  private sentUpTo = 0;
  private lastSent = -Infinity;
  private timer: unknown = null;

  constructor(
    private readonly send: (stroke: LiveStroke) => void,
    private readonly timerApi: Timer = realTimer,
    private readonly intervalMs = LIVE_STROKE_INTERVAL_MS,
  ) {}

  begin(meta: LiveStrokeMeta, points: readonly number[]): void {
    this.cancel();
    this.meta = meta;
    this.points = [...points];
    this.sentUpTo = 0;
    this.schedule();
  }

  /** Pen: the stroke's points so far. Shapes: their current points. */
  update(points: readonly number[]): void {
    if (!this.meta) return;
    this.points = [...points];
    this.schedule();
  }

  /** The stroke is finished (or abandoned): flush and tell receivers to let go of it. */
  end(): void {
    if (!this.meta) return;
    this.flush(true);
    this.cancel();
  }

  private cancel(): void {
    if (this.timer !== null) this.timerApi.clearTimeout(this.timer);
    this.timer = null;
    this.meta = null;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = this.lastSent + this.intervalMs - this.timerApi.now();
    if (wait <= 0) {
      this.flush(false);
      return;
    }
    this.timer = this.timerApi.setTimeout(() => {
      this.timer = null;
      this.flush(false);
    }, wait);
  }

  private flush(done: boolean): void {
    const meta = this.meta;
    if (!meta) return;
    this.lastSent = this.timerApi.now();
    const appending = meta.tool === 'pen';
    const fresh = appending ? this.points.slice(this.sentUpTo) : this.points;
    const chunk = WIRE_LIMITS.maxLiveStrokePoints * 3;
    if (fresh.length === 0 && !done) return;
    // Long bursts go out in several messages (the protocol caps points per message).
    for (let i = 0; i < Math.max(fresh.length, 1); i += chunk) {
      const part = appending ? fresh.slice(i, i + chunk) : fresh.slice(-chunk);
      const last = i + chunk >= fresh.length;
      this.send({ ...meta, points: part, done: done && last });
      if (!appending) break;
    }
    this.sentUpTo = this.points.length;
  }
}

export interface RemoteLiveStroke extends LiveStrokeMeta {
  userId: string;
  points: number[];
  updatedAt: number;
}

/** Other users' strokes in progress, by author and stroke id. */
export class RemoteStrokes {
  private readonly strokes = new Map<string, RemoteLiveStroke>();
  private revisionValue = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get revision(): number {
    return this.revisionValue;
  }

  receive(message: LiveStroke & { userId: string }): void {
    const key = `${message.userId}/${message.strokeId}`;
    this.revisionValue++;
    if (message.done) {
      this.strokes.delete(key);
      return;
    }
    const existing = this.strokes.get(key);
    const points =
      existing && message.tool === 'pen'
        ? [...existing.points, ...message.points]
        : [...message.points];
    this.strokes.set(key, {
      userId: message.userId,
      strokeId: message.strokeId,
      frame: message.frame,
      tool: message.tool,
      color: message.color,
      width: message.width,
      points,
      updatedAt: this.now(),
    });
  }

  /** Strokes in progress on `frame` (stale ones are dropped first). */
  onFrame(frame: number): RemoteLiveStroke[] {
    this.prune();
    return [...this.strokes.values()].filter((stroke) => stroke.frame === frame);
  }

  /** The finished annotation arrived (or the author left): drop the live copy. */
  drop(strokeId: string): void {
    for (const [key, stroke] of this.strokes)
      if (stroke.strokeId === strokeId) {
        this.strokes.delete(key);
        this.revisionValue++;
      }
  }

  dropUser(userId: string): void {
    for (const [key, stroke] of this.strokes)
      if (stroke.userId === userId) {
        this.strokes.delete(key);
        this.revisionValue++;
      }
  }

  clear(): void {
    if (this.strokes.size > 0) this.revisionValue++;
    this.strokes.clear();
  }

  prune(): void {
    const limit = this.now() - LIVE_STROKE_STALE_MS;
    for (const [key, stroke] of this.strokes)
      if (stroke.updatedAt < limit) {
        this.strokes.delete(key);
        this.revisionValue++;
      }
  }
}
