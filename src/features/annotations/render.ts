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

/**
 * Image px → overlay CSS px: screen = image × scale + offset; with `axes` (the image format turns,
 * mirrors or stretches the picture) screen = x · axes.x + y · axes.y + offset, and `scale` is the
 * mean CSS px per image px (strokes and text sizes).
 */
export interface ViewMapping {
  scale: number;
  offsetX: number;
  offsetY: number;
  /** Where one image px along x and along y goes on screen (absent: `scale` both ways). */
  axes?: { x: Point; y: Point };
}

export function toScreen(map: ViewMapping, p: Point): Point {
  const { axes } = map;
  if (!axes) return { x: p.x * map.scale + map.offsetX, y: p.y * map.scale + map.offsetY };
  return {
    x: p.x * axes.x.x + p.y * axes.y.x + map.offsetX,
    y: p.x * axes.x.y + p.y * axes.y.y + map.offsetY,
  };
}

export function toImage(map: ViewMapping, p: Point): Point {
  const { axes } = map;
  if (!axes) return { x: (p.x - map.offsetX) / map.scale, y: (p.y - map.offsetY) / map.scale };
  const dx = p.x - map.offsetX;
  const dy = p.y - map.offsetY;
  const det = axes.x.x * axes.y.y - axes.y.x * axes.x.y;
  return {
    x: (dx * axes.y.y - dy * axes.y.x) / det,
    y: (dy * axes.x.x - dx * axes.x.y) / det,
  };
}

/**
 * The mapping from three points the viewer maps: the image origin, (1, 0) and (0, 1), relative to
 * `origin`. A plain zoom gives the uniform mapping; a turned, mirrored or stretched picture
 * (the image format) gives one with axes.
 */
export function mappingFromAxes(
  imageOrigin: Point,
  unitX: Point,
  unitY: Point,
  origin: Point = { x: 0, y: 0 },
): ViewMapping {
  const x = { x: unitX.x - imageOrigin.x, y: unitX.y - imageOrigin.y };
  const y = { x: unitY.x - imageOrigin.x, y: unitY.y - imageOrigin.y };
  const offsetX = imageOrigin.x - origin.x;
  const offsetY = imageOrigin.y - origin.y;
  if (x.y === 0 && y.x === 0 && x.x === y.y && x.x > 0) return { scale: x.x, offsetX, offsetY };
  return { scale: Math.sqrt(Math.abs(x.x * y.y - y.x * x.y)), offsetX, offsetY, axes: { x, y } };
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
