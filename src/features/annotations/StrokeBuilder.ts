// Builds one annotation from pointer positions in image pixels (DOM-free): pen points with
// pressure, or the two corner/end points of a shape with Shift constraints.
import {
  constrainAngle,
  constrainSquare,
  flatten,
  limitPoints,
  type PressurePoint,
} from './geometry';
import { DEFAULT_PRESSURE, type Annotation, type DrawTool, type Point } from './types';

export interface StrokeStyle {
  id: string;
  frame: number;
  tool: Exclude<DrawTool, 'text'>;
  color: string;
  /** Line width in image px. */
  width: number;
  /** Pen points closer than this (image px) to the last one are skipped. */
  minDistance: number;
}

export class StrokeBuilder {
  private readonly raw: PressurePoint[] = [];
  private end: PressurePoint | null = null;

  constructor(readonly style: StrokeStyle) {}

  start(p: Point, pressure = DEFAULT_PRESSURE): void {
    this.raw.length = 0;
    this.raw.push({ x: p.x, y: p.y, p: pressure });
    this.end = null;
  }

  /** A new pointer position; `constrain` is Shift (45° lines, squares, circles). */
  move(p: Point, pressure = DEFAULT_PRESSURE, constrain = false): boolean {
    const first = this.raw[0];
    if (!first) return false;
    if (this.style.tool === 'pen') {
      const last = this.raw[this.raw.length - 1] as PressurePoint;
      if (Math.hypot(p.x - last.x, p.y - last.y) < this.style.minDistance) return false;
      this.raw.push({ x: p.x, y: p.y, p: pressure });
      return true;
    }
    const shaped = !constrain
      ? p
      : this.style.tool === 'rectangle' || this.style.tool === 'ellipse'
        ? constrainSquare(first, p)
        : constrainAngle(first, p);
    this.end = { x: shaped.x, y: shaped.y, p: pressure };
    return true;
  }

  /** Flat points as they would be stored now. */
  points(): number[] {
    if (this.style.tool === 'pen') return flatten(limitPoints(this.raw));
    const first = this.raw[0];
    if (!first) return [];
    return flatten(this.end ? [first, this.end] : [first]);
  }

  /** The finished annotation, or null for a shape that has no size (a click without a drag). */
  finish(author: string, createdAt: number): Annotation | null {
    const points = this.points();
    if (points.length === 0) return null;
    if (this.style.tool !== 'pen') {
      if (points.length < 6) return null;
      const [x0, y0, , x1, y1] = points as [number, number, number, number, number];
      if (Math.hypot(x1 - x0, y1 - y0) < this.style.minDistance) return null;
    }
    return {
      id: this.style.id,
      frame: this.style.frame,
      tool: this.style.tool,
      color: this.style.color,
      width: this.style.width,
      points,
      author,
      createdAt,
    };
  }
}
