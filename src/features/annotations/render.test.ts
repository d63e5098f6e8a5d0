import { describe, expect, it } from 'vitest';
import {
  drawLiveMark,
  drawMark,
  mappingFrom,
  mappingFromAxes,
  toImage,
  toScreen,
  type Mark,
} from './render';

/** Records the calls a drawing makes on a 2D context. */
function recordingContext() {
  const calls: string[] = [];
  const state: Record<string, unknown> = {};
  const ctx = new Proxy(state, {
    get: (target, name: string) => {
      if (name in target) return target[name];
      if (name === 'measureText') return (text: string) => ({ width: text.length * 6 });
      return (...args: unknown[]) => {
        calls.push(
          `${name}(${args.map((a) => (typeof a === 'number' ? Math.round(a * 100) / 100 : a)).join(',')})`,
        );
      };
    },
    set: (target, name: string, value) => {
      target[name] = value;
      calls.push(`${name}=${String(value)}`);
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
  return { ctx, calls };
}

const map = { scale: 2, offsetX: 10, offsetY: 20 };

describe('render', () => {
  it('maps image px to screen and back', () => {
    expect(toScreen(map, { x: 5, y: 5 })).toEqual({ x: 20, y: 30 });
    expect(toImage(map, { x: 20, y: 30 })).toEqual({ x: 5, y: 5 });
    expect(mappingFrom({ x: 110, y: 70 }, { x: 112, y: 72 }, { x: 100, y: 50 })).toEqual(map);
  });

  it('maps through a turned, mirrored or stretched picture (the image format) and back', () => {
    // Turned 90° clockwise at zoom 2: image x runs down the screen, image y runs right to left.
    const turned = mappingFromAxes({ x: 300, y: 50 }, { x: 300, y: 52 }, { x: 298, y: 50 });
    expect(turned.scale).toBe(2);
    expect(toScreen(turned, { x: 10, y: 5 })).toEqual({ x: 290, y: 70 });
    expect(toImage(turned, { x: 290, y: 70 })).toEqual({ x: 10, y: 5 });
    // Pixel aspect 2: one image px is 4 CSS px wide and 2 high at zoom 2.
    const wide = mappingFromAxes({ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 0, y: 2 });
    expect(toScreen(wide, { x: 3, y: 3 })).toEqual({ x: 12, y: 6 });
    expect(toImage(wide, { x: 12, y: 6 })).toEqual({ x: 3, y: 3 });
    // A plain zoom stays the uniform mapping.
    expect(
      mappingFromAxes({ x: 110, y: 70 }, { x: 112, y: 70 }, { x: 110, y: 72 }, { x: 100, y: 50 }),
    ).toEqual(map);
  });

  it('draws a line at screen positions with the width scaled by the zoom', () => {
    const { ctx, calls } = recordingContext();
    const mark: Mark = {
      tool: 'line',
      color: '#ff0000',
      width: 3,
      points: [0, 0, 0.5, 10, 0, 0.5],
    };
    drawMark(ctx, mark, map);
    expect(calls).toContain('lineWidth=6');
    expect(calls).toContain('moveTo(10,20)');
    expect(calls).toContain('lineTo(30,20)');
    expect(calls).toContain('strokeStyle=#ff0000');
  });

  it('draws pressure-varying pen strokes segment by segment, ghosts with alpha', () => {
    const { ctx, calls } = recordingContext();
    drawMark(
      ctx,
      { tool: 'pen', color: '#00ff00', width: 2, points: [0, 0, 0.2, 5, 0, 0.9, 10, 0, 0.9] },
      map,
      0.3,
    );
    expect(calls).toContain('globalAlpha=0.3');
    expect(calls.filter((c) => c.startsWith('stroke('))).toHaveLength(2);
  });

  it('draws rectangles, ellipses, arrows and text', () => {
    const { ctx, calls } = recordingContext();
    drawMark(
      ctx,
      { tool: 'rectangle', color: '#000000', width: 1, points: [0, 0, 0.5, 4, 4, 0.5] },
      map,
    );
    drawMark(
      ctx,
      { tool: 'ellipse', color: '#000000', width: 1, points: [0, 0, 0.5, 4, 4, 0.5] },
      map,
    );
    drawMark(
      ctx,
      { tool: 'arrow', color: '#000000', width: 1, points: [0, 0, 0.5, 40, 0, 0.5] },
      map,
    );
    drawMark(
      ctx,
      { tool: 'text', color: '#000000', width: 1, points: [1, 1, 0.5], text: 'a\nb', fontSize: 10 },
      map,
    );
    expect(calls.filter((c) => c.startsWith('stroke('))).toHaveLength(4);
    expect(calls).toContain('fillText(a,12,22)');
    expect(calls).toContain('fillText(b,12,47)');
  });

  it('labels a stroke in progress with the author’s name in the author’s color', () => {
    const { ctx, calls } = recordingContext();
    drawLiveMark(
      ctx,
      { tool: 'pen', color: '#ff0000', width: 1, points: [0, 0, 0.5, 5, 5, 0.5] },
      map,
      {
        name: 'Ana',
        color: '#123456',
      },
    );
    expect(calls).toContain('fillStyle=#123456');
    expect(calls.some((c) => c.startsWith('fillText(Ana'))).toBe(true);
  });
});
