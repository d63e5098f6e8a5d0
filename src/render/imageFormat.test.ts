// The image format's part of the view transform: pixel aspect, rotation, flip and flop map image
// px to the display plane and back, and the renderer's texture matrix agrees with that mapping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displaySize,
  displayToImage,
  fitZoom,
  imageClipRect,
  imageToDisplay,
  imageToView,
  orientationMatrix,
  viewToImage,
  type Orientation,
  type Rotation,
  type ViewGeometry,
} from './viewTransform';

const IMAGE = { width: 400, height: 200 };
const upright: Orientation = { pixelAspect: 1, rotation: 0, flip: false, flop: false };
const orientations = fc.record({
  pixelAspect: fc.constantFrom(1, 2, 1.33, 1.5, 0.9),
  rotation: fc.constantFrom<Rotation>(0, 90, 180, 270),
  flip: fc.boolean(),
  flop: fc.boolean(),
});

describe('display size', () => {
  it('stretches the width by the pixel aspect and swaps the sides when turned a quarter', () => {
    expect(displaySize(IMAGE)).toEqual({ width: 400, height: 200 });
    expect(displaySize(IMAGE, { ...upright, pixelAspect: 2 })).toEqual({ width: 800, height: 200 });
    expect(displaySize(IMAGE, { ...upright, rotation: 90 })).toEqual({ width: 200, height: 400 });
    expect(displaySize(IMAGE, { ...upright, rotation: 270, pixelAspect: 2 })).toEqual({
      width: 200,
      height: 800,
    });
    expect(displaySize(IMAGE, { ...upright, rotation: 180, flip: true })).toEqual(IMAGE);
  });

  it('fits an anamorphic picture by its display shape', () => {
    // A 2:1 squeezed 1024×858 plate shows 2048×858 (2.39:1): it fills a 2390 px wide view's width.
    const shown = displaySize({ width: 1024, height: 858 }, { ...upright, pixelAspect: 2 });
    expect(shown.width / shown.height).toBeCloseTo(2048 / 858, 9);
    expect(fitZoom({ width: 2048, height: 2000 }, shown)).toBe(1);
  });
});

describe('image <-> display', () => {
  it('puts the image corners where the turn and mirrors say', () => {
    const topLeft = { x: 0, y: 0 };
    const cw = { ...upright, rotation: 90 as const };
    // Clockwise: the top-left corner goes to the top-right, the top-right to the bottom-right.
    expect(imageToDisplay(IMAGE, cw, topLeft)).toEqual({ x: 200, y: 0 });
    expect(imageToDisplay(IMAGE, cw, { x: 400, y: 0 })).toEqual({ x: 200, y: 400 });
    expect(imageToDisplay(IMAGE, { ...upright, rotation: 270 }, topLeft)).toEqual({ x: 0, y: 400 });
    expect(imageToDisplay(IMAGE, { ...upright, rotation: 180 }, topLeft)).toEqual({
      x: 400,
      y: 200,
    });
    expect(imageToDisplay(IMAGE, { ...upright, flop: true }, topLeft)).toEqual({ x: 400, y: 0 });
    expect(imageToDisplay(IMAGE, { ...upright, flip: true }, topLeft)).toEqual({ x: 0, y: 200 });
    expect(imageToDisplay(IMAGE, { ...upright, pixelAspect: 2 }, { x: 100, y: 50 })).toEqual({
      x: 200,
      y: 50,
    });
    // Mirrors act in the picture's own axes, before the turn: flop then 90° puts the top-left
    // corner at the bottom-right.
    expect(imageToDisplay(IMAGE, { ...cw, flop: true }, topLeft)).toEqual({ x: 200, y: 400 });
  });

  it('displayToImage is the exact inverse, and the picture stays inside the display plane', () => {
    fc.assert(
      fc.property(
        orientations,
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (o, x, y) => {
          const shown = displaySize(IMAGE, o);
          const d = imageToDisplay(IMAGE, o, { x, y });
          expect(d.x).toBeGreaterThanOrEqual(-1e-9);
          expect(d.y).toBeGreaterThanOrEqual(-1e-9);
          expect(d.x).toBeLessThanOrEqual(shown.width + 1e-9);
          expect(d.y).toBeLessThanOrEqual(shown.height + 1e-9);
          const back = displayToImage(IMAGE, o, d);
          expect(back.x).toBeCloseTo(x, 9);
          expect(back.y).toBeCloseTo(y, 9);
        },
      ),
    );
  });
});

describe('the view through the image format', () => {
  const geometry = (o: Orientation): ViewGeometry => ({
    view: { width: 500, height: 500 },
    image: IMAGE,
    zoom: 1,
    pan: { x: 0, y: 0 },
    dpr: 1,
    orientation: o,
  });

  it('centres the turned picture and maps image points through the turn (annotations, cursors, probe)', () => {
    const g = geometry({ ...upright, rotation: 90 });
    // 200×400 on the display plane, centred in 500×500: its top-left at (150, 50).
    expect(imageToView(g, { x: 0, y: 0 })).toEqual({ x: 350, y: 50 });
    expect(imageToView(g, { x: 400, y: 200 })).toEqual({ x: 150, y: 450 });
    expect(viewToImage(g, { x: 350, y: 50 })).toEqual({ x: 0, y: 0 });
    const rect = imageClipRect(g);
    expect(rect.width).toBeCloseTo((200 / 500) * 2, 12);
    expect(rect.height).toBeCloseTo((400 / 500) * 2, 12);
  });

  it('viewToImage inverts imageToView for any format, zoom and pan', () => {
    fc.assert(
      fc.property(
        orientations,
        fc.double({ min: 0.1, max: 8, noNaN: true }),
        fc.double({ min: -300, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        (o, zoom, pan, x) => {
          const g = { ...geometry(o), zoom, pan: { x: pan, y: -pan / 2 } };
          const back = viewToImage(g, imageToView(g, { x, y: 75 }));
          expect(back.x).toBeCloseTo(x, 6);
          expect(back.y).toBeCloseTo(75, 6);
        },
      ),
    );
  });
});

describe('orientationMatrix (the shader texture transform)', () => {
  it('is the identity upright and ignores the pixel aspect', () => {
    expect(orientationMatrix(upright)).toEqual([1, 0, 0, 1]);
    expect(orientationMatrix({ ...upright, pixelAspect: 2 })).toEqual([1, 0, 0, 1]);
  });

  it('samples the image where displayToImage says, at every corner of the quad', () => {
    fc.assert(
      fc.property(orientations, (o) => {
        const [c0x, c0y, c1x, c1y] = orientationMatrix(o);
        const shown = displaySize(IMAGE, o);
        for (const [ux, uy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
          [0.25, 0.75],
        ] as const) {
          // GLSL: uv = M * (unit - 0.5) + 0.5, M column-major.
          const u = c0x * (ux - 0.5) + c1x * (uy - 0.5) + 0.5;
          const v = c0y * (ux - 0.5) + c1y * (uy - 0.5) + 0.5;
          const image = displayToImage(IMAGE, o, { x: ux * shown.width, y: uy * shown.height });
          expect(u).toBeCloseTo(image.x / IMAGE.width, 9);
          expect(v).toBeCloseTo(image.y / IMAGE.height, 9);
        }
      }),
    );
  });
});
