import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backingSize,
  clampZoom,
  fitZoom,
  imageClipRect,
  imageOrigin,
  imageToView,
  MAX_ZOOM,
  MIN_ZOOM,
  MAX_SHARED_ZOOM,
  panAfterDrag,
  panToPlace,
  sharedRegion,
  viewToImage,
  visibleImageRect,
  wheelZoomFactor,
  zoomFromShared,
  zoomToShared,
  type ViewGeometry,
} from './viewTransform';

const HD = { width: 1920, height: 1080 };

function geometry(overrides: Partial<ViewGeometry> = {}): ViewGeometry {
  return {
    view: { width: 960, height: 540 },
    image: HD,
    zoom: 0.5,
    pan: { x: 0, y: 0 },
    dpr: 1,
    ...overrides,
  };
}

describe('fitZoom', () => {
  it('fits the limiting dimension (letterbox and pillarbox)', () => {
    expect(fitZoom({ width: 960, height: 540 }, HD)).toBe(0.5);
    expect(fitZoom({ width: 960, height: 1000 }, HD)).toBe(0.5);
    expect(fitZoom({ width: 2000, height: 540 }, HD)).toBe(0.5);
    expect(fitZoom({ width: 3840, height: 2160 }, HD)).toBe(2);
  });

  it('is 1 for an empty view or image, and stays within the zoom range', () => {
    expect(fitZoom({ width: 0, height: 0 }, HD)).toBe(1);
    expect(fitZoom({ width: 800, height: 600 }, { width: 0, height: 0 })).toBe(1);
    expect(fitZoom({ width: 10, height: 10 }, { width: 100000, height: 100000 })).toBe(MIN_ZOOM);
    expect(fitZoom({ width: 4000, height: 4000 }, { width: 2, height: 2 })).toBe(MAX_ZOOM);
  });
});

describe('clampZoom', () => {
  it('clamps to 1/32 .. 64 and maps non-finite to 1', () => {
    expect(clampZoom(1000)).toBe(64);
    expect(clampZoom(0)).toBe(1 / 32);
    expect(clampZoom(Number.NaN)).toBe(1);
    expect(clampZoom(3)).toBe(3);
  });
});

describe('image <-> view mapping', () => {
  it('centres the image when pan is zero', () => {
    const g = geometry();
    expect(imageToView(g, { x: 960, y: 540 })).toEqual({ x: 480, y: 270 });
    expect(imageToView(g, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
    expect(imageToView(g, { x: 1920, y: 1080 })).toEqual({ x: 960, y: 540 });
  });

  it('pan is the image offset of the view centre from the image centre', () => {
    const g = geometry({ zoom: 2, pan: { x: 100, y: -50 } });
    expect(viewToImage(g, { x: 480, y: 270 })).toEqual({ x: 1060, y: 490 });
  });

  it('viewToImage and imageToView are inverses for any geometry', () => {
    fc.assert(
      fc.property(
        fc.double({ min: MIN_ZOOM, max: MAX_ZOOM, noNaN: true }),
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        fc.constantFrom(1, 1.25, 1.5, 2, 3),
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: -3000, max: 3000, noNaN: true }),
        fc.double({ min: -3000, max: 3000, noNaN: true }),
        (zoom, panX, panY, dpr, vw, vh, px, py) => {
          const g = geometry({
            zoom,
            pan: { x: panX, y: panY },
            dpr,
            view: { width: vw, height: vh },
          });
          const back = imageToView(g, viewToImage(g, { x: px, y: py }));
          expect(back.x).toBeCloseTo(px, 6);
          expect(back.y).toBeCloseTo(py, 6);
        },
      ),
    );
  });

  it('snaps the image origin to whole device pixels', () => {
    // Odd view width: the unsnapped origin would be at x = -559.5 CSS px.
    const g = geometry({ view: { width: 801, height: 541 }, zoom: 1 });
    expect(imageOrigin(g)).toEqual({ x: -559, y: -269 });
    const hiDpi = geometry({ view: { width: 801, height: 541 }, zoom: 1, dpr: 2 });
    expect(imageOrigin(hiDpi)).toEqual({ x: -559.5, y: -269.5 });
    const dpr15 = geometry({
      view: { width: 333, height: 200 },
      zoom: 0.37,
      dpr: 1.5,
      pan: { x: 3.3, y: 0.7 },
    });
    const origin = imageOrigin(dpr15);
    expect(Number.isInteger(Math.round(origin.x * 1.5 * 1e9) / 1e9)).toBe(true);
    expect(Number.isInteger(Math.round(origin.y * 1.5 * 1e9) / 1e9)).toBe(true);
  });
});

describe('zoom about a point', () => {
  it('keeps the image point under the anchor (within the half-device-pixel snap)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: MIN_ZOOM, max: MAX_ZOOM, noNaN: true }),
        fc.double({ min: MIN_ZOOM, max: MAX_ZOOM, noNaN: true }),
        fc.double({ min: 0, max: 960, noNaN: true }),
        fc.double({ min: 0, max: 540, noNaN: true }),
        fc.constantFrom(1, 2, 1.5),
        (fromZoom, toZoom, ax, ay, dpr) => {
          const before = geometry({ zoom: fromZoom, pan: { x: 37, y: -12 }, dpr });
          const anchor = { x: ax, y: ay };
          const imagePoint = viewToImage(before, anchor);
          const pan = panToPlace(before.view, before.image, toZoom, imagePoint, anchor);
          const after = { ...before, zoom: toZoom, pan };
          const landed = imageToView(after, imagePoint);
          expect(Math.abs(landed.x - ax)).toBeLessThanOrEqual(0.5 / dpr + 1e-9);
          expect(Math.abs(landed.y - ay)).toBeLessThanOrEqual(0.5 / dpr + 1e-9);
        },
      ),
    );
  });

  it('wheel factor is smooth: one 100 px notch in is about 1.26x, out is its inverse', () => {
    expect(wheelZoomFactor(-100)).toBeCloseTo(Math.pow(2, 1 / 3), 12);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 12);
    expect(wheelZoomFactor(0)).toBe(1);
    expect(wheelZoomFactor(-1e6)).toBe(wheelZoomFactor(-600));
  });
});

describe('pan by drag', () => {
  it('moves the image with the pointer: the grabbed image point follows the cursor', () => {
    const g = geometry({ zoom: 2, pan: { x: 10, y: 20 } });
    const grabbed = viewToImage(g, { x: 300, y: 200 });
    const pan = panAfterDrag(g.pan, 40, -10, g.zoom);
    expect(pan).toEqual({ x: -10, y: 25 });
    const moved = imageToView({ ...g, pan }, grabbed);
    expect(moved.x).toBeCloseTo(340, 9);
    expect(moved.y).toBeCloseTo(190, 9);
  });
});

describe('device pixel ratio', () => {
  it('backing store is the CSS size times DPR, rounded, at least 1', () => {
    expect(backingSize({ width: 960, height: 540 }, 2)).toEqual({ width: 1920, height: 1080 });
    expect(backingSize({ width: 333, height: 201 }, 1.5)).toEqual({ width: 500, height: 302 });
    expect(backingSize({ width: 0, height: 0 }, 2)).toEqual({ width: 1, height: 1 });
  });

  it('the mapping in CSS px does not depend on DPR except for the snap', () => {
    const a = geometry({ zoom: 1.7, pan: { x: 5.25, y: 3 }, dpr: 1 });
    const b = { ...a, dpr: 2 };
    const pa = imageToView(a, { x: 500, y: 500 });
    const pb = imageToView(b, { x: 500, y: 500 });
    expect(Math.abs(pa.x - pb.x)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(pa.y - pb.y)).toBeLessThanOrEqual(0.5);
  });
});

describe('imageClipRect', () => {
  it('covers the whole clip space when the image fills the view', () => {
    expect(imageClipRect(geometry())).toEqual({ left: -1, top: 1, width: 2, height: 2 });
  });

  it('is half the view, centred, at half the fit zoom', () => {
    expect(imageClipRect(geometry({ zoom: 0.25 }))).toEqual({
      left: -0.5,
      top: 0.5,
      width: 1,
      height: 1,
    });
  });

  it('is empty for an empty view', () => {
    expect(imageClipRect(geometry({ view: { width: 0, height: 0 } })).width).toBe(0);
  });
});

describe('shared (window-independent) view', () => {
  it('expresses zoom in multiples of the fit zoom', () => {
    expect(zoomToShared(0.5, 0.5)).toBe(1);
    expect(zoomToShared(1, 0.25)).toBe(4);
    expect(zoomFromShared(4, 0.125)).toBe(0.5);
    expect(zoomFromShared(1, 0.3)).toBe(0.3);
  });

  it('never sends nonsense and stays within the wire and zoom limits', () => {
    expect(zoomToShared(Number.NaN, 0.5)).toBe(1);
    expect(zoomToShared(-2, 0.5)).toBe(1);
    expect(zoomToShared(2, 0)).toBe(2); // no image yet: fit counts as 1
    expect(zoomToShared(MAX_ZOOM, MIN_ZOOM)).toBe(MAX_SHARED_ZOOM);
    expect(zoomFromShared(Number.POSITIVE_INFINITY, 0.5)).toBe(0.5);
    expect(zoomFromShared(1e6, 1)).toBe(MAX_ZOOM);
    expect(zoomFromShared(1e-9, 1)).toBe(MIN_ZOOM);
  });

  it('round-trips a zoom exactly between windows of the same size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 6400 }),
        fc.integer({ min: 50, max: 4000 }),
        fc.integer({ min: 50, max: 3000 }),
        fc.integer({ min: 16, max: 8192 }),
        fc.integer({ min: 16, max: 8192 }),
        (hundredths, vw, vh, iw, ih) => {
          const zoom = hundredths / 100;
          const fit = fitZoom({ width: vw, height: vh }, { width: iw, height: ih });
          fc.pre(zoom / fit <= MAX_SHARED_ZOOM);
          expect(zoomFromShared(zoomToShared(zoom, fit), fit)).toBe(zoom);
        },
      ),
    );
  });

  it('windows of any two sizes show the same region and the same centre point', () => {
    // The region: the image size / shared zoom, centred on the shared centre point.
    const size = (min: number, max: number) =>
      fc.record({ width: fc.integer({ min, max }), height: fc.integer({ min, max }) });
    fc.assert(
      fc.property(
        size(64, 4096),
        size(100, 2560),
        size(100, 2560),
        fc.double({ min: 0.5, max: 16, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.constantFrom(1, 1.5, 2),
        (image, viewA, viewB, shared, fx, fy, dpr) => {
          const pan = { x: fx * image.width, y: fy * image.height };
          const region = sharedRegion(image, shared, pan);
          for (const view of [viewA, viewB]) {
            const fit = fitZoom(view, image);
            fc.pre(fit > MIN_ZOOM && fit < MAX_ZOOM); // a clamped fit zoom does not fit
            const zoom = zoomFromShared(shared, fit);
            fc.pre(zoom > MIN_ZOOM && zoom < MAX_ZOOM); // a clamped zoom cannot follow
            const g: ViewGeometry = { view, image, zoom, pan, dpr };
            // The origin snaps to a device pixel: allow that much, in image px.
            const slack = 1 / (dpr * zoom) + 1e-6 * Math.max(image.width, image.height);
            const centre = viewToImage(g, { x: view.width / 2, y: view.height / 2 });
            expect(Math.abs(centre.x - (image.width / 2 + pan.x))).toBeLessThanOrEqual(slack);
            expect(Math.abs(centre.y - (image.height / 2 + pan.y))).toBeLessThanOrEqual(slack);
            const seen = visibleImageRect(g);
            expect(seen.x).toBeLessThanOrEqual(region.x + slack);
            expect(seen.y).toBeLessThanOrEqual(region.y + slack);
            expect(seen.x + seen.width).toBeGreaterThanOrEqual(region.x + region.width - slack);
            expect(seen.y + seen.height).toBeGreaterThanOrEqual(region.y + region.height - slack);
            // …and the region fills the window's limiting dimension exactly.
            const fills =
              Math.abs(seen.width - region.width) <= 2 * slack ||
              Math.abs(seen.height - region.height) <= 2 * slack;
            expect(fills).toBe(true);
          }
        },
      ),
    );
  });
});
