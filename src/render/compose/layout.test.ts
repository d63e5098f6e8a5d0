import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPARE, DEFAULT_STEREO, type CompareState } from '../../protocol/index';
import { fitZoom, imageToView, type ViewGeometry } from '../viewTransform';
import {
  cellsOf,
  compareComposition,
  composition,
  layerGeometry,
  layerRect,
  shownSize,
  stereoComposition,
  stereoEyes,
  wipeLine,
  wipeSide,
  WHOLE,
} from './layout';

const compare = (patch: Partial<CompareState>): CompareState => ({
  ...DEFAULT_COMPARE,
  wipe: { ...DEFAULT_COMPARE.wipe },
  ...patch,
});

const viewer = (
  view: { width: number; height: number },
  image: { width: number; height: number },
) => ({ view, image, zoom: fitZoom(view, image), pan: { x: 0, y: 0 }, dpr: 1 }) as ViewGeometry;

describe('compositions', () => {
  it('compare off, and the toggle on A, leave the plain viewer', () => {
    expect(compareComposition(compare({ mode: 'off' }), true)).toBeNull();
    expect(compareComposition(compare({ mode: 'toggle', show: 'A' }), true)).toBeNull();
    const b = compareComposition(compare({ mode: 'toggle', show: 'B' }), true);
    expect(b).toMatchObject({ cells: 'one', op: 'first', second: null, first: { source: 'B' } });
  });

  it('lays out each compare mode', () => {
    expect(compareComposition(compare({ mode: 'sideBySide' }), true)?.cells).toBe('columns');
    expect(compareComposition(compare({ mode: 'overUnder' }), true)?.cells).toBe('rows');
    const wipe = compareComposition(
      compare({ mode: 'wipe', wipe: { x: 0.2, y: 0.4, angle: 30 } }),
      true,
    );
    expect(wipe).toMatchObject({ cells: 'one', op: 'wipe', wipe: { x: 0.2, y: 0.4, angle: 30 } });
    // Split is the wipe fixed at the centre, whatever the wipe setting.
    expect(
      compareComposition(compare({ mode: 'split', wipe: { x: 0.2, y: 0.4, angle: 30 } }), true)
        ?.wipe,
    ).toEqual({ x: 0.5, y: 0.5, angle: 0 });
    expect(compareComposition(compare({ mode: 'difference', gain: 8 }), true)).toMatchObject({
      op: 'difference',
      gain: 8,
    });
    expect(compareComposition(compare({ mode: 'blend', blend: 0.25 }), true)).toMatchObject({
      op: 'blend',
      blend: 0.25,
    });
  });

  it('takes each eye from its half of a packed frame, or from two files', () => {
    const sbs = stereoEyes({ ...DEFAULT_STEREO, input: 'sideBySide', convergence: 6 });
    expect(sbs.left).toMatchObject({ source: 'A', crop: { x: 0, width: 0.5 }, shiftX: 0 });
    expect(sbs.right).toMatchObject({ source: 'A', crop: { x: 0.5, width: 0.5 }, shiftX: 6 });
    const ou = stereoEyes({ ...DEFAULT_STEREO, input: 'overUnder' });
    expect(ou.left.crop).toEqual({ x: 0, y: 0, width: 1, height: 0.5 });
    expect(ou.right.crop).toEqual({ x: 0, y: 0.5, width: 1, height: 0.5 });
    const files = stereoEyes({ ...DEFAULT_STEREO, input: 'twoFiles' });
    expect([files.left.source, files.right.source]).toEqual(['A', 'B']);
    // Swapped: the pictures change eyes, the convergence stays on the right eye.
    const swapped = stereoEyes({
      ...DEFAULT_STEREO,
      input: 'twoFiles',
      swapEyes: true,
      convergence: 4,
    });
    expect(swapped.left).toMatchObject({ source: 'B', shiftX: 0 });
    expect(swapped.right).toMatchObject({ source: 'A', shiftX: 4 });
  });

  it('maps each stereo display to cells and an operation; stereo wins over compare', () => {
    const ops = (
      [
        'left',
        'right',
        'sideBySide',
        'overUnder',
        'anaglyph',
        'checkerboard',
        'rows',
        'mirror',
      ] as const
    ).map((display) => {
      const c = stereoComposition({ ...DEFAULT_STEREO, display });
      return [display, c?.cells, c?.op, c?.second?.mirror ?? null];
    });
    expect(ops).toEqual([
      ['left', 'one', 'first', null],
      ['right', 'one', 'first', null],
      ['sideBySide', 'columns', 'first', false],
      ['overUnder', 'rows', 'first', false],
      ['anaglyph', 'one', 'anaglyph', false],
      ['checkerboard', 'one', 'checkerboard', false],
      ['rows', 'one', 'rows', false],
      ['mirror', 'columns', 'first', true],
    ]);
    expect(stereoComposition(DEFAULT_STEREO)).toBeNull();
    const both = composition(
      compare({ mode: 'wipe' }),
      { ...DEFAULT_STEREO, display: 'left' },
      true,
    );
    expect(both?.op).toBe('first');
    expect(composition(compare({ mode: 'wipe' }), DEFAULT_STEREO, true)?.op).toBe('wipe');
  });
});

describe('cells and geometry', () => {
  it('splits a view into halves (odd sizes: the second cell takes the spare pixel)', () => {
    expect(cellsOf('columns', { width: 801, height: 400 })).toEqual([
      { x: 0, y: 0, width: 400, height: 400 },
      { x: 400, y: 0, width: 401, height: 400 },
    ]);
    expect(cellsOf('rows', { width: 800, height: 401 })[1]).toEqual({
      x: 0,
      y: 200,
      width: 800,
      height: 201,
    });
    expect(cellsOf('one', { width: 10, height: 20 })[1]).toEqual({
      x: 0,
      y: 0,
      width: 10,
      height: 20,
    });
  });

  it('the shown picture is an eye of a packed frame', () => {
    const left = stereoComposition({ ...DEFAULT_STEREO, display: 'left' });
    expect(shownSize(left, { width: 3840, height: 1080 })).toEqual({ width: 1920, height: 1080 });
    expect(shownSize(null, { width: 3840, height: 1080 })).toEqual({ width: 3840, height: 1080 });
  });

  it('draws a whole source so the layer lands where the viewer puts the picture', () => {
    const view = { width: 800, height: 450 };
    // B at half A's size, same aspect: fitted into A's area, same place on screen.
    const g = viewer(view, { width: 1920, height: 1080 });
    const b = layerGeometry(
      g,
      g.image,
      { source: 'B', crop: { ...WHOLE }, shiftX: 0, mirror: false },
      { width: 960, height: 540 },
      view,
    );
    expect(b.zoom).toBeCloseTo(g.zoom * 2);
    expect(imageToView(b, { x: 480, y: 270 })).toEqual(imageToView(g, { x: 960, y: 540 }));
    // Zoomed and panned: the same image point (in proportion) under the view centre.
    const zoomed = { ...g, zoom: g.zoom * 4, pan: { x: 100, y: -40 } };
    const bz = layerGeometry(
      zoomed,
      g.image,
      { source: 'B', crop: { ...WHOLE }, shiftX: 0, mirror: false },
      { width: 960, height: 540 },
      view,
    );
    expect(bz.pan).toEqual({ x: 50, y: -20 });
  });

  it('places the right eye of a side-by-side frame where the viewer shows its picture', () => {
    const view = { width: 800, height: 450 };
    const eye = { width: 1920, height: 1080 };
    const g = viewer(view, eye);
    const right = {
      source: 'A' as const,
      crop: { x: 0.5, y: 0, width: 0.5, height: 1 },
      shiftX: 0,
      mirror: false,
    };
    const packed = { width: 3840, height: 1080 };
    const geometry = layerGeometry(g, eye, right, packed, view);
    // The right eye's top-left corner (1920, 0 of the packed frame) lands on the picture's.
    expect(imageToView(geometry, { x: 1920, y: 0 })).toEqual(imageToView(g, { x: 0, y: 0 }));
    const rect = layerRect(geometry, right);
    const origin = imageToView(g, { x: 0, y: 0 });
    expect(rect.x).toBeCloseTo(origin.x);
    expect(rect.width).toBeCloseTo(1920 * g.zoom);
    // Convergence moves it right by that many eye px.
    const shifted = layerGeometry(g, eye, { ...right, shiftX: 10 }, packed, view);
    // (Placement snaps to whole device px.)
    const moved = imageToView(shifted, { x: 1920, y: 0 }).x - origin.x;
    expect(Math.abs(moved - 10 * g.zoom)).toBeLessThan(1);
  });

  it('draws every layer with the image format: a rotated packed frame keeps its eye in place', () => {
    const view = { width: 600, height: 800 };
    const orientation = { pixelAspect: 2, rotation: 90 as const, flip: false, flop: true };
    const eye = { width: 960, height: 1080 };
    const g: ViewGeometry = {
      view,
      image: eye,
      zoom: 0.5,
      pan: { x: 30, y: -20 },
      dpr: 1,
      orientation,
    };
    const right = {
      source: 'A' as const,
      crop: { x: 0.5, y: 0, width: 0.5, height: 1 },
      shiftX: 0,
      mirror: false,
    };
    const packed = { width: 1920, height: 1080 };
    const geometry = layerGeometry(g, eye, right, packed, view);
    expect(geometry.orientation).toEqual(orientation);
    // Every corner of the right eye lands where the viewer puts that corner of its picture.
    for (const [ex, ey] of [
      [0, 0],
      [960, 0],
      [0, 1080],
      [960, 1080],
    ] as const) {
      const shown = imageToView(g, { x: ex, y: ey });
      const drawn = imageToView(geometry, { x: 960 + ex, y: ey });
      expect(Math.abs(drawn.x - shown.x)).toBeLessThan(1);
      expect(Math.abs(drawn.y - shown.y)).toBeLessThan(1);
    }
    const rect = layerRect(geometry, right);
    expect(rect.width).toBeCloseTo(1080 * 0.5, 0);
    expect(rect.height).toBeCloseTo(960 * 2 * 0.5, 0);
  });

  it('puts the wipe through its image point, A on the near side of its normal', () => {
    const g = viewer({ width: 1000, height: 500 }, { width: 1000, height: 500 });
    const vertical = wipeLine(g, g.image, { x: 0.3, y: 0.5, angle: 0 });
    expect(vertical.point).toEqual({ x: 300, y: 250 });
    expect(wipeSide(vertical, { x: 299, y: 10 })).toBe('A');
    expect(wipeSide(vertical, { x: 301, y: 10 })).toBe('B');
    const horizontal = wipeLine(g, g.image, { x: 0.3, y: 0.5, angle: 90 });
    expect(wipeSide(horizontal, { x: 900, y: 249 })).toBe('A');
    expect(wipeSide(horizontal, { x: 0, y: 251 })).toBe('B');
    const diagonal = wipeLine(g, g.image, { x: 0.5, y: 0.5, angle: 45 });
    expect(wipeSide(diagonal, { x: 400, y: 150 })).toBe('A');
    expect(wipeSide(diagonal, { x: 600, y: 350 })).toBe('B');
  });
});
