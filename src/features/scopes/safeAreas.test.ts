import { describe, expect, it } from 'vitest';
import { ACTION_SAFE, maskRect, nextMask, safeRect, TITLE_SAFE } from './safeAreas';

describe('safe areas and aspect masks', () => {
  it('centres the action (93 %) and title (90 %) rectangles', () => {
    const action = safeRect({ width: 1920, height: 1080 }, ACTION_SAFE);
    expect(action.x).toBeCloseTo(67.2, 9);
    expect(action.y).toBeCloseTo(37.8, 9);
    expect(action.width).toBeCloseTo(1785.6, 9);
    expect(action.height).toBeCloseTo(1004.4, 9);
    const title = safeRect({ width: 1000, height: 500 }, TITLE_SAFE);
    expect(title).toEqual({ x: 50, y: 25, width: 900, height: 450 });
  });

  it('letterboxes a wider aspect and pillarboxes a narrower one', () => {
    const scope = maskRect({ width: 1920, height: 1080 }, 2.39);
    expect(scope.width).toBe(1920);
    expect(scope.height).toBeCloseTo(1920 / 2.39, 9);
    expect(scope.y).toBeCloseTo((1080 - 1920 / 2.39) / 2, 9);
    expect(maskRect({ width: 1920, height: 1080 }, 4 / 3)).toEqual({
      x: 240,
      y: 0,
      width: 1440,
      height: 1080,
    });
    expect(maskRect({ width: 0, height: 0 }, 1.85)).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });

  it('cycles the masks and back to none', () => {
    const seen: Array<string | number | null> = [];
    let mask = nextMask(null);
    while (mask !== null) {
      seen.push(mask);
      mask = nextMask(mask);
    }
    expect(seen).toEqual(['1.33', '1.78', '1.85', '2.00', '2.39', '1.00']);
  });
});
