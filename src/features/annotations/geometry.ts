// Geometry of annotations in image pixels (DOM-free): shape outlines for drawing and hit-testing,
// the arrow head, Shift constraints, text boxes and the eraser's distance test.
import { WIRE_LIMITS } from '../../protocol/index';
import type { Annotation, Point } from './types';

export interface PressurePoint extends Point {
  p: number;
}

/** Flat [x, y, p, …] as points (a trailing partial triple is ignored). */
export function unflatten(points: readonly number[]): PressurePoint[] {
  const out: PressurePoint[] = [];
  for (let i = 0; i + 2 < points.length; i += 3)
    out.push({ x: points[i] ?? 0, y: points[i + 1] ?? 0, p: points[i + 2] ?? 0.5 });
  return out;
}

export function flatten(points: readonly PressurePoint[]): number[] {
  const out: number[] = [];
  for (const point of points) out.push(point.x, point.y, point.p);
  return out;
}

/** Snaps the end of a line to the nearest multiple of 45° around the start (Shift). */
export function constrainAngle(start: Point, end: Point): Point {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return { ...end };
  const step = Math.PI / 4;
  const angle = Math.round(Math.atan2(dy, dx) / step) * step;
  return { x: start.x + Math.cos(angle) * length, y: start.y + Math.sin(angle) * length };
}

/** Makes the box from start to end square (Shift on rectangle/ellipse: square/circle). */
export function constrainSquare(start: Point, end: Point): Point {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const side = Math.max(Math.abs(dx), Math.abs(dy));
  return { x: start.x + (dx < 0 ? -side : side), y: start.y + (dy < 0 ? -side : side) };
}

/** The two outer points of an arrow head at `tip`, coming from `from`; sized from the width. */
export function arrowHead(from: Point, tip: Point, width: number): [Point, Point] {
  const angle = Math.atan2(tip.y - from.y, tip.x - from.x);
  const length = Math.hypot(tip.x - from.x, tip.y - from.y);
  // Proportional to the width, but never longer than half the shaft.
  const size = Math.min(Math.max(width * 4, 8), length / 2 || width * 4);
  const spread = Math.PI / 7;
  return [
    { x: tip.x - size * Math.cos(angle - spread), y: tip.y - size * Math.sin(angle - spread) },
    { x: tip.x - size * Math.cos(angle + spread), y: tip.y - size * Math.sin(angle + spread) },
  ];
}

/** Points around the ellipse inscribed in the box a–b (closed: last equals first). */
export function ellipsePoints(a: Point, b: Point, segments = 48): Point[] {
  const cx = (a.x + b.x) / 2;
  const cy = (a.y + b.y) / 2;
  const rx = Math.abs(b.x - a.x) / 2;
  const ry = Math.abs(b.y - a.y) / 2;
  const out: Point[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = (i / segments) * Math.PI * 2;
    out.push({ x: cx + rx * Math.cos(t), y: cy + ry * Math.sin(t) });
  }
  return out;
}

export function rectanglePoints(a: Point, b: Point): Point[] {
  return [a, { x: b.x, y: a.y }, b, { x: a.x, y: b.y }, a];
}

/** Line height of text annotations, relative to the font size. */
export const TEXT_LINE_HEIGHT = 1.25;
/** Average glyph width relative to the font size (the model has no font metrics). */
const TEXT_CHAR_WIDTH = 0.6;

/** The box a text annotation covers, from its anchor (top-left) and an estimated text width. */
export function textBox(annotation: Pick<Annotation, 'points' | 'text' | 'fontSize'>): {
  x: number;
  y: number;
  width: number;
  height: number;
} {
  const [anchor] = unflatten(annotation.points);
  const size = annotation.fontSize ?? 16;
  const lines = (annotation.text ?? '').split('\n');
  const longest = Math.max(1, ...lines.map((line) => line.length));
  return {
    x: anchor?.x ?? 0,
    y: anchor?.y ?? 0,
    width: longest * size * TEXT_CHAR_WIDTH,
    height: lines.length * size * TEXT_LINE_HEIGHT,
  };
}

/** Polylines that make up the annotation's visible lines (text: its box), in image pixels. */
export function outlines(annotation: Annotation): Point[][] {
  const points = unflatten(annotation.points);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return [];
  switch (annotation.tool) {
    case 'line':
      return [[first, last]];
    case 'arrow': {
      const [left, right] = arrowHead(first, last, annotation.width);
      return [
        [first, last],
        [left, last, right],
      ];
    }
    case 'rectangle':
      return [rectanglePoints(first, last)];
    case 'ellipse':
      return [ellipsePoints(first, last)];
    case 'text': {
      const box = textBox(annotation);
      const a = { x: box.x, y: box.y };
      return [rectanglePoints(a, { x: box.x + box.width, y: box.y + box.height })];
    }
    default:
      return [points];
  }
}

export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  const t =
    lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSq));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

function insideBox(
  p: Point,
  box: { x: number; y: number; width: number; height: number },
): boolean {
  return p.x >= box.x && p.x <= box.x + box.width && p.y >= box.y && p.y <= box.y + box.height;
}

/**
 * True when `p` touches the annotation: within `tolerance` (image px) of one of its lines, counting
 * half the line width; text is hit anywhere in its box. Shapes are hit on their outline only, so
 * erasing inside a big rectangle does not take it away.
 */
export function hitTest(annotation: Annotation, p: Point, tolerance: number): boolean {
  if (annotation.tool === 'text') {
    const box = textBox(annotation);
    const grown = {
      x: box.x - tolerance,
      y: box.y - tolerance,
      width: box.width + 2 * tolerance,
      height: box.height + 2 * tolerance,
    };
    return insideBox(p, grown);
  }
  const reach = tolerance + annotation.width / 2;
  for (const line of outlines(annotation)) {
    if (line.length === 1) {
      const only = line[0] as Point;
      if (Math.hypot(p.x - only.x, p.y - only.y) <= reach) return true;
    }
    for (let i = 1; i < line.length; i++)
      if (distanceToSegment(p, line[i - 1] as Point, line[i] as Point) <= reach) return true;
  }
  return false;
}

/** Points along the segment a–b no farther apart than `step` (the eraser's path between events). */
export function sampleSegment(a: Point, b: Point, step: number): Point[] {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  const count = Math.max(1, Math.ceil(length / Math.max(step, 1e-6)));
  const out: Point[] = [];
  for (let i = 1; i <= count; i++)
    out.push({ x: a.x + ((b.x - a.x) * i) / count, y: a.y + ((b.y - a.y) * i) / count });
  return out;
}

/**
 * Cuts a pen stroke down to the protocol's point limit by keeping evenly spaced points (always
 * the first and the last), so a very long stroke is kept rather than refused.
 */
export function limitPoints(
  points: readonly PressurePoint[],
  max: number = WIRE_LIMITS.maxStrokePoints,
): PressurePoint[] {
  if (points.length <= max) return [...points];
  const out: PressurePoint[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)] as PressurePoint);
  return out;
}

/** Width of a pen segment for a pressure (0.5, "unknown", gives the nominal width). */
export function pressureWidth(width: number, pressure: number): number {
  const p = Number.isFinite(pressure) ? Math.max(0, Math.min(1, pressure)) : 0.5;
  return width * (0.25 + 1.5 * p);
}
