import { describe, expect, it } from 'vitest';
import {
  arrowHead,
  constrainAngle,
  constrainSquare,
  distanceToSegment,
  flatten,
  hitTest,
  limitPoints,
  outlines,
  pressureWidth,
  sampleSegment,
  textBox,
  unflatten,
} from './geometry';
import type { Annotation } from './types';

const base = { id: 'a', frame: 1, color: '#ff0000', width: 2, author: 'u', createdAt: 0 };
const make = (tool: Annotation['tool'], points: number[], extra: Partial<Annotation> = {}) =>
  ({ ...base, tool, points, ...extra }) as Annotation;

describe('geometry', () => {
  it('flat points round-trip and ignore a partial triple', () => {
    expect(unflatten([1, 2, 0.5, 3, 4, 1, 9])).toEqual([
      { x: 1, y: 2, p: 0.5 },
      { x: 3, y: 4, p: 1 },
    ]);
    expect(flatten(unflatten([1, 2, 0.5, 3, 4, 1]))).toEqual([1, 2, 0.5, 3, 4, 1]);
  });

  it('Shift snaps lines to 45° steps and boxes to squares', () => {
    const snapped = constrainAngle({ x: 0, y: 0 }, { x: 10, y: 1 });
    expect(snapped.x).toBeCloseTo(Math.hypot(10, 1));
    expect(snapped.y).toBeCloseTo(0);
    const diagonal = constrainAngle({ x: 0, y: 0 }, { x: 10, y: 9 });
    expect(diagonal.x).toBeCloseTo(diagonal.y);
    expect(constrainSquare({ x: 0, y: 0 }, { x: -4, y: 10 })).toEqual({ x: -10, y: 10 });
  });

  it('arrow heads point back along the shaft on both sides', () => {
    const [left, right] = arrowHead({ x: 0, y: 0 }, { x: 100, y: 0 }, 2);
    expect(left.x).toBeLessThan(100);
    expect(right.x).toBeLessThan(100);
    expect(Math.sign(left.y)).toBe(-Math.sign(right.y));
  });

  it('distance to a segment clamps to its ends', () => {
    expect(distanceToSegment({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBeCloseTo(3);
    expect(distanceToSegment({ x: -3, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBeCloseTo(5);
    expect(distanceToSegment({ x: 1, y: 1 }, { x: 0, y: 0 }, { x: 0, y: 0 })).toBeCloseTo(
      Math.SQRT2,
    );
  });

  it('hit-tests lines by distance plus half the width, shapes on their outline only', () => {
    const line = make('line', [0, 0, 0.5, 100, 0, 0.5], { width: 4 });
    expect(hitTest(line, { x: 50, y: 5 }, 3)).toBe(true);
    expect(hitTest(line, { x: 50, y: 6 }, 3)).toBe(false);
    const rect = make('rectangle', [0, 0, 0.5, 100, 100, 0.5]);
    expect(hitTest(rect, { x: 0, y: 50 }, 2)).toBe(true);
    expect(hitTest(rect, { x: 50, y: 50 }, 2)).toBe(false);
    const ellipse = make('ellipse', [0, 0, 0.5, 100, 50, 0.5]);
    expect(hitTest(ellipse, { x: 100, y: 25 }, 2)).toBe(true);
    expect(hitTest(ellipse, { x: 50, y: 25 }, 2)).toBe(false);
    const dot = make('pen', [10, 10, 0.5]);
    expect(hitTest(dot, { x: 11, y: 10 }, 1)).toBe(true);
    const arrow = make('arrow', [0, 0, 0.5, 100, 0, 0.5]);
    expect(outlines(arrow)).toHaveLength(2);
  });

  it('text is hit anywhere in its estimated box', () => {
    const text = make('text', [10, 10, 0.5], { text: 'hello\nworld!', fontSize: 10 });
    const box = textBox(text);
    expect(box).toEqual({ x: 10, y: 10, width: 36, height: 25 });
    expect(hitTest(text, { x: 30, y: 30 }, 0)).toBe(true);
    expect(hitTest(text, { x: 60, y: 30 }, 0)).toBe(false);
  });

  it('samples the eraser path so fast moves do not jump over lines', () => {
    const points = sampleSegment({ x: 0, y: 0 }, { x: 10, y: 0 }, 3);
    expect(points).toHaveLength(4);
    expect(points[points.length - 1]).toEqual({ x: 10, y: 0 });
  });

  it('cuts long strokes to the limit keeping both ends', () => {
    const long = Array.from({ length: 10_000 }, (_, i) => ({ x: i, y: 0, p: 0.5 }));
    const cut = limitPoints(long, 100);
    expect(cut).toHaveLength(100);
    expect(cut[0]?.x).toBe(0);
    expect(cut[99]?.x).toBe(9999);
    expect(limitPoints(long.slice(0, 5), 100)).toHaveLength(5);
  });

  it('pressure 0.5 (unknown) keeps the nominal width; harder is wider', () => {
    expect(pressureWidth(4, 0.5)).toBe(4);
    expect(pressureWidth(4, 1)).toBeGreaterThan(4);
    expect(pressureWidth(4, 0)).toBeLessThan(4);
    expect(pressureWidth(4, Number.NaN)).toBe(4);
  });
});
