// Draws annotations on a 2D canvas context through the image→screen mapping of the viewer, so
// they sit on the picture at any zoom, pan or window size. Widths and font sizes are image px.
import {
  arrowHead,
  ellipsePoints,
  pressureWidth,
  rectanglePoints,
  TEXT_LINE_HEIGHT,
  unflatten,
  type PressurePoint,
} from './geometry';
import type { AnnotationTool, Point } from './types';

/** Image px → overlay CSS px: screen = image × scale + offset (the viewer never rotates). */
export interface ViewMapping {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export function toScreen(map: ViewMapping, p: Point): Point {
  return { x: p.x * map.scale + map.offsetX, y: p.y * map.scale + map.offsetY };
}

export function toImage(map: ViewMapping, p: Point): Point {
  return { x: (p.x - map.offsetX) / map.scale, y: (p.y - map.offsetY) / map.scale };
}

/** The mapping from two points the viewer maps (image origin and (1, 1)), relative to `origin`. */
export function mappingFrom(
  imageOrigin: Point,
  imageUnit: Point,
  origin: Point = { x: 0, y: 0 },
): ViewMapping {
  return {
    scale: imageUnit.x - imageOrigin.x,
    offsetX: imageOrigin.x - origin.x,
    offsetY: imageOrigin.y - origin.y,
  };
}

/** What the renderer needs to draw one mark (a stored annotation or a stroke in progress). */
export interface Mark {
  tool: AnnotationTool;
  color: string;
  width: number;
  points: readonly number[];
  text?: string | undefined;
  fontSize?: number | undefined;
}

export const TEXT_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function screenWidth(width: number, map: ViewMapping): number {
  // Never thinner than a hairline, so a stroke drawn zoomed in stays visible zoomed out.
  return Math.max(1, width * map.scale);
}

function polyline(ctx: CanvasRenderingContext2D, points: readonly Point[], map: ViewMapping): void {
  ctx.beginPath();
  points.forEach((point, i) => {
    const s = toScreen(map, point);
    if (i === 0) ctx.moveTo(s.x, s.y);
    else ctx.lineTo(s.x, s.y);
  });
  ctx.stroke();
}

function drawPen(
  ctx: CanvasRenderingContext2D,
  points: PressurePoint[],
  mark: Mark,
  map: ViewMapping,
): void {
  const first = points[0];
  if (!first) return;
  if (points.length === 1) {
    const s = toScreen(map, first);
    ctx.beginPath();
    ctx.arc(s.x, s.y, screenWidth(pressureWidth(mark.width, first.p), map) / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  const uniform = points.every((point) => point.p === first.p);
  if (uniform) {
    ctx.lineWidth = screenWidth(pressureWidth(mark.width, first.p), map);
    polyline(ctx, points, map);
    return;
  }
  // Pressure varies: one segment per pair, each as wide as its mean pressure says.
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as PressurePoint;
    const b = points[i] as PressurePoint;
    ctx.lineWidth = screenWidth(pressureWidth(mark.width, (a.p + b.p) / 2), map);
    polyline(ctx, [a, b], map);
  }
}

function drawText(
  ctx: CanvasRenderingContext2D,
  anchor: Point,
  mark: Mark,
  map: ViewMapping,
): void {
  const size = (mark.fontSize ?? 16) * map.scale;
  ctx.font = `${size}px ${TEXT_FONT}`;
  ctx.textBaseline = 'top';
  const s = toScreen(map, anchor);
  (mark.text ?? '').split('\n').forEach((line, i) => {
    ctx.fillText(line, s.x, s.y + i * size * TEXT_LINE_HEIGHT);
  });
}

/** Draws one mark; `alpha` < 1 for ghosts of neighbouring frames. */
export function drawMark(
  ctx: CanvasRenderingContext2D,
  mark: Mark,
  map: ViewMapping,
  alpha = 1,
): void {
  const points = unflatten(mark.points);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return;
  ctx.save();
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = mark.color;
  ctx.fillStyle = mark.color;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = screenWidth(mark.width, map);
  switch (mark.tool) {
    case 'pen':
    case 'eraser':
      drawPen(ctx, points, mark, map);
      break;
    case 'line':
      polyline(ctx, [first, last], map);
      break;
    case 'arrow': {
      polyline(ctx, [first, last], map);
      const [left, right] = arrowHead(first, last, mark.width);
      polyline(ctx, [left, last, right], map);
      break;
    }
    case 'rectangle':
      polyline(ctx, rectanglePoints(first, last), map);
      break;
    case 'ellipse':
      polyline(ctx, ellipsePoints(first, last), map);
      break;
    case 'text':
      drawText(ctx, first, mark, map);
      break;
  }
  ctx.restore();
}

/** A stroke in progress by someone else: the stroke itself, and the author's name in their color. */
export function drawLiveMark(
  ctx: CanvasRenderingContext2D,
  mark: Mark,
  map: ViewMapping,
  author: { name: string; color: string },
): void {
  drawMark(ctx, mark, map);
  const points = unflatten(mark.points);
  const tip = points[points.length - 1];
  if (!tip) return;
  const s = toScreen(map, tip);
  ctx.save();
  ctx.font = `12px ${TEXT_FONT}`;
  ctx.textBaseline = 'bottom';
  const label = author.name;
  const width = ctx.measureText(label).width + 8;
  ctx.fillStyle = author.color;
  ctx.fillRect(s.x + 8, s.y - 26, width, 18);
  ctx.fillStyle = '#000000';
  ctx.fillText(label, s.x + 12, s.y - 10);
  ctx.restore();
}
