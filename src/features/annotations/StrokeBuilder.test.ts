import { describe, expect, it } from 'vitest';
import { StrokeBuilder, type StrokeStyle } from './StrokeBuilder';

const style = (tool: StrokeStyle['tool']): StrokeStyle => ({
  id: 'u-x-1',
  frame: 7,
  tool,
  color: '#ff0000',
  width: 3,
  minDistance: 1,
});

describe('StrokeBuilder', () => {
  it('pen keeps points with pressure and skips jitter closer than the minimum distance', () => {
    const pen = new StrokeBuilder(style('pen'));
    pen.start({ x: 0, y: 0 }, 0.2);
    expect(pen.move({ x: 0.5, y: 0 }, 0.3)).toBe(false);
    expect(pen.move({ x: 5, y: 0 }, 0.9)).toBe(true);
    expect(pen.points()).toEqual([0, 0, 0.2, 5, 0, 0.9]);
    expect(pen.finish('u', 42)).toMatchObject({
      id: 'u-x-1',
      frame: 7,
      tool: 'pen',
      author: 'u',
      createdAt: 42,
      points: [0, 0, 0.2, 5, 0, 0.9],
    });
  });

  it('a pen click is a dot', () => {
    const pen = new StrokeBuilder(style('pen'));
    pen.start({ x: 3, y: 4 });
    expect(pen.finish('u', 1)?.points).toEqual([3, 4, 0.5]);
  });

  it('shapes keep start and current end; Shift constrains', () => {
    const line = new StrokeBuilder(style('line'));
    line.start({ x: 0, y: 0 });
    line.move({ x: 10, y: 3 });
    line.move({ x: 20, y: 2 }, 0.5, true);
    const [, , , x1, y1] = line.points();
    expect(x1).toBeCloseTo(Math.hypot(20, 2));
    expect(y1).toBeCloseTo(0);
    const rect = new StrokeBuilder(style('rectangle'));
    rect.start({ x: 0, y: 0 });
    rect.move({ x: 10, y: 4 }, 0.5, true);
    expect(rect.points()).toEqual([0, 0, 0.5, 10, 10, 0.5]);
  });

  it('a shape without size is dropped', () => {
    const rect = new StrokeBuilder(style('ellipse'));
    rect.start({ x: 0, y: 0 });
    expect(rect.finish('u', 1)).toBeNull();
    rect.move({ x: 0.2, y: 0.2 });
    expect(rect.finish('u', 1)).toBeNull();
  });
});
