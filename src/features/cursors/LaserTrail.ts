// The laser pointer's fading trails over the stage: per user, the last second or so of pointer
// positions in image px, drawn as line segments that fade with age (placed with the viewer's
// mapping, so a trail follows zoom and pan). Redraws on animation frames only while a trail lives.
import type { Point } from './CursorOverlay';

/** How long a trail point stays visible, fading out linearly. */
export const LASER_TRAIL_MS = 1200;
/** Points kept per user at most (≈30 Hz for longer than the trail lasts). */
const MAX_POINTS = 96;
const SVG_NS = 'http://www.w3.org/2000/svg';

interface TrailPoint extends Point {
  t: number;
}

interface Trail {
  color: string;
  points: TrailPoint[];
  group: SVGGElement;
}

/** The segments of a trail still visible at `now`, each with its opacity (newest = 1). */
export function trailSegments(
  points: readonly TrailPoint[],
  now: number,
  lifetimeMs = LASER_TRAIL_MS,
): Array<{ from: Point; to: Point; opacity: number }> {
  const segments: Array<{ from: Point; to: Point; opacity: number }> = [];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1] as TrailPoint;
    const to = points[i] as TrailPoint;
    const opacity = 1 - (now - to.t) / lifetimeMs;
    if (opacity > 0) segments.push({ from, to, opacity: Math.min(1, opacity) });
  }
  return segments;
}

export interface LaserTrailsOptions {
  container: HTMLElement;
  imageToClient(p: Point): Point;
  now?: () => number;
  requestFrame?: (callback: () => void) => number;
  cancelFrame?: (handle: number) => void;
}

export class LaserTrails {
  readonly element: SVGSVGElement;
  private readonly trails = new Map<string, Trail>();
  private readonly now: () => number;
  private frame: number | null = null;

  constructor(private readonly options: LaserTrailsOptions) {
    this.now = options.now ?? (() => performance.now());
    this.element = document.createElementNS(SVG_NS, 'svg');
    this.element.classList.add('rs-laser');
    this.element.dataset.testid = 'laser-trails';
    this.element.setAttribute('aria-hidden', 'true');
    options.container.append(this.element);
  }

  /** A new laser position of `userId` (image px). */
  add(userId: string, point: Point, color: string): void {
    let trail = this.trails.get(userId);
    if (!trail) {
      const group = document.createElementNS(SVG_NS, 'g');
      group.dataset.testid = 'laser-trail';
      group.dataset.userId = userId;
      this.element.append(group);
      trail = { color, points: [], group };
      this.trails.set(userId, trail);
    }
    trail.color = color;
    // A pointer at rest (its position sent again: a re-send after a view change that left it on
    // the same image point, a late duplicate) adds nothing: the trail is motion, and at rest it
    // fades out.
    const newest = trail.points.at(-1);
    if (newest && newest.x === point.x && newest.y === point.y) {
      this.schedule();
      return;
    }
    trail.points.push({ x: point.x, y: point.y, t: this.now() });
    if (trail.points.length > MAX_POINTS) trail.points.splice(0, trail.points.length - MAX_POINTS);
    this.schedule();
  }

  /** Ends a trail at once (the pointer left, the user left). */
  clear(userId: string): void {
    const trail = this.trails.get(userId);
    if (!trail) return;
    trail.group.remove();
    this.trails.delete(userId);
  }

  /** Redraws now (the view changed). */
  render(): void {
    const rect = this.options.container.getBoundingClientRect();
    const now = this.now();
    for (const [userId, trail] of this.trails) {
      const segments = trailSegments(trail.points, now);
      if (segments.length === 0 && trail.points.length > 0) {
        const newest = trail.points.at(-1) as TrailPoint;
        if (now - newest.t >= LASER_TRAIL_MS) {
          this.clear(userId);
          continue;
        }
      }
      const lines = segments.map(({ from, to, opacity }) => {
        const a = this.options.imageToClient(from);
        const b = this.options.imageToClient(to);
        const line = document.createElementNS(SVG_NS, 'line');
        line.setAttribute('x1', (a.x - rect.left).toFixed(1));
        line.setAttribute('y1', (a.y - rect.top).toFixed(1));
        line.setAttribute('x2', (b.x - rect.left).toFixed(1));
        line.setAttribute('y2', (b.y - rect.top).toFixed(1));
        line.setAttribute('stroke', trail.color);
        line.setAttribute('stroke-opacity', opacity.toFixed(2));
        return line;
      });
      trail.group.replaceChildren(...lines);
    }
  }

  dispose(): void {
    if (this.frame !== null) (this.options.cancelFrame ?? cancelAnimationFrame)(this.frame);
    this.frame = null;
    for (const userId of [...this.trails.keys()]) this.clear(userId);
    this.element.remove();
  }

  private schedule(): void {
    if (this.frame !== null) return;
    const request = this.options.requestFrame ?? requestAnimationFrame;
    this.frame = request(() => {
      this.frame = null;
      this.render();
      if (this.trails.size > 0) this.schedule();
    });
  }
}
