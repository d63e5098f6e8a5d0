// The two-source compositor's maths, shared by A/B compare and stereo (no DOM): what a
// composition is (which picture goes where, and how two pictures combine per pixel), the cells a
// view splits into, the part of a source an eye is, and the geometry that draws a source so its
// eye lands where the viewer's geometry puts the picture.
import type { CompareState, StereoState } from '../../protocol/index';
import {
  displaySize,
  fitZoom,
  imageToDisplay,
  imageToView,
  UPRIGHT,
  type Point,
  type Size,
  type ViewGeometry,
} from '../viewTransform';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Which picture a layer shows: a source and the part of it (an eye of a packed frame). */
export interface Layer {
  source: 'A' | 'B';
  /** The part of the source's image, in fractions (0..1 from the top left). */
  crop: Rect;
  /** Horizontal shift of the picture in image px of the eye (stereo convergence). */
  shiftX: number;
  /** Mirrored left to right (stereo mirror display, for mirror rigs and beam splitters). */
  mirror: boolean;
}

/** How the view is divided: one cell both layers share, or two cells next to or above each other. */
export type Cells = 'one' | 'columns' | 'rows';

/** Per-pixel combination of the two layers in one cell. */
export type CombineOp =
  'first' | 'wipe' | 'difference' | 'blend' | 'anaglyph' | 'checkerboard' | 'rows';

export interface Composition {
  cells: Cells;
  first: Layer;
  /** Null: one picture (the first) only. */
  second: Layer | null;
  op: CombineOp;
  /** Wipe: a point of the first picture in image fractions, and the divider's angle (degrees). */
  wipe: { x: number; y: number; angle: number };
  gain: number;
  blend: number;
}

export const WHOLE: Readonly<Rect> = Object.freeze({ x: 0, y: 0, width: 1, height: 1 });

const layer = (source: 'A' | 'B', crop: Rect = WHOLE, shiftX = 0, mirror = false): Layer => ({
  source,
  crop: { ...crop },
  shiftX,
  mirror,
});

const BASE = { wipe: { x: 0.5, y: 0.5, angle: 0 }, gain: 1, blend: 0.5 };

/** The composition for A/B compare (null: A alone, the plain viewer). */
export function compareComposition(compare: CompareState, hasB: boolean): Composition | null {
  if (compare.mode === 'off') return null;
  if (compare.mode === 'toggle') {
    if (compare.show === 'A') return null;
    return { ...BASE, cells: 'one', first: layer('B'), second: null, op: 'first' };
  }
  // Without a B picture the modes still lay out (B's side shows the background).
  void hasB;
  const both = { first: layer('A'), second: layer('B') };
  switch (compare.mode) {
    case 'sideBySide':
      return { ...BASE, ...both, cells: 'columns', op: 'first' };
    case 'overUnder':
      return { ...BASE, ...both, cells: 'rows', op: 'first' };
    case 'wipe':
      return { ...BASE, ...both, cells: 'one', op: 'wipe', wipe: { ...compare.wipe } };
    case 'split':
      // A wipe fixed at the picture's centre, vertical: no handle on the picture.
      return { ...BASE, ...both, cells: 'one', op: 'wipe', wipe: { x: 0.5, y: 0.5, angle: 0 } };
    case 'difference':
      return { ...BASE, ...both, cells: 'one', op: 'difference', gain: compare.gain };
    case 'blend':
      return { ...BASE, ...both, cells: 'one', op: 'blend', blend: compare.blend };
  }
}

/** The eyes of a stereo source: where the left and right eye pictures come from. */
export function stereoEyes(stereo: StereoState): { left: Layer; right: Layer } {
  const shift = stereo.convergence;
  let left: Layer;
  let right: Layer;
  if (stereo.input === 'twoFiles') {
    left = layer('A');
    right = layer('B', WHOLE, shift);
  } else if (stereo.input === 'sideBySide') {
    left = layer('A', { x: 0, y: 0, width: 0.5, height: 1 });
    right = layer('A', { x: 0.5, y: 0, width: 0.5, height: 1 }, shift);
  } else {
    left = layer('A', { x: 0, y: 0, width: 1, height: 0.5 });
    right = layer('A', { x: 0, y: 0.5, width: 1, height: 0.5 }, shift);
  }
  if (!stereo.swapEyes) return { left, right };
  // Swapped: each picture goes to the other eye; convergence still moves the right eye.
  return {
    left: { ...right, shiftX: 0 },
    right: { ...left, shiftX: shift },
  };
}

/** The composition for stereo (null: stereo display off). */
export function stereoComposition(stereo: StereoState): Composition | null {
  if (stereo.display === 'off') return null;
  const { left, right } = stereoEyes(stereo);
  const pair = { first: left, second: right };
  switch (stereo.display) {
    case 'left':
      return { ...BASE, cells: 'one', first: left, second: null, op: 'first' };
    case 'right':
      return { ...BASE, cells: 'one', first: right, second: null, op: 'first' };
    case 'sideBySide':
      return { ...BASE, ...pair, cells: 'columns', op: 'first' };
    case 'overUnder':
      return { ...BASE, ...pair, cells: 'rows', op: 'first' };
    case 'mirror':
      return {
        ...BASE,
        first: left,
        second: { ...right, mirror: true },
        cells: 'columns',
        op: 'first',
      };
    case 'anaglyph':
      return { ...BASE, ...pair, cells: 'one', op: 'anaglyph' };
    case 'checkerboard':
      return { ...BASE, ...pair, cells: 'one', op: 'checkerboard' };
    case 'rows':
      return { ...BASE, ...pair, cells: 'one', op: 'rows' };
  }
}

/** Stereo, when shown, takes the picture; otherwise compare (null: the plain viewer). */
export function composition(
  compare: CompareState,
  stereo: StereoState,
  hasB: boolean,
): Composition | null {
  return stereoComposition(stereo) ?? compareComposition(compare, hasB);
}

/** The cells of a view (CSS px): the first is where the viewer's own geometry applies. */
export function cellsOf(cells: Cells, view: Size): [Rect, Rect] {
  const whole = { x: 0, y: 0, width: view.width, height: view.height };
  if (cells === 'one') return [whole, { ...whole }];
  if (cells === 'columns') {
    const half = Math.floor(view.width / 2);
    return [
      { x: 0, y: 0, width: half, height: view.height },
      { x: half, y: 0, width: view.width - half, height: view.height },
    ];
  }
  const half = Math.floor(view.height / 2);
  return [
    { x: 0, y: 0, width: view.width, height: half },
    { x: 0, y: half, width: view.width, height: view.height - half },
  ];
}

/** The size (image px) of a layer's picture in a source of `size`. */
export function cropSize(crop: Rect, size: Size): Size {
  return { width: crop.width * size.width, height: crop.height * size.height };
}

/**
 * The geometry that draws a whole source image of `size` so that its `layer` part lands where
 * `viewer` (the viewer's geometry of the first layer's picture, `shown` image px) places the
 * picture: a picture of another size is fitted into the first picture's area, and the pan, in
 * the first picture's display px, is carried over in proportion. The image format's transform
 * (pixel aspect, rotation, flip/flop) applies to every layer as it does to the viewer's picture.
 */
export function layerGeometry(
  viewer: ViewGeometry,
  shown: Size,
  layerValue: Layer,
  size: Size,
  view: Size,
): ViewGeometry {
  const orientation = viewer.orientation ?? UPRIGHT;
  const eye = displaySize(cropSize(layerValue.crop, size), orientation);
  // Zoom of the shown picture relative to its fit in the viewer's cell, applied to this one.
  const relative = viewer.zoom / fitZoom(viewer.view, displaySize(shown, orientation));
  const zoom = relative * fitZoom(view, eye);
  const scale = viewer.zoom / zoom; // this picture's display px per shown display px
  const whole = displaySize(size, orientation);
  const eyeCentre = imageToDisplay(size, orientation, {
    x: (layerValue.crop.x + layerValue.crop.width / 2) * size.width,
    y: (layerValue.crop.y + layerValue.crop.height / 2) * size.height,
  });
  return {
    view,
    image: size,
    zoom,
    pan: {
      x: viewer.pan.x * scale + eyeCentre.x - whole.width / 2 - layerValue.shiftX,
      y: viewer.pan.y * scale + eyeCentre.y - whole.height / 2,
    },
    dpr: viewer.dpr,
    ...(viewer.orientation ? { orientation: viewer.orientation } : {}),
  };
}

/** Where a layer's picture lies in its cell (CSS px): outside it the cell shows the background. */
export function layerRect(geometry: ViewGeometry, layerValue: Layer): Rect {
  const { crop } = layerValue;
  const { width, height } = geometry.image;
  const a = imageToView(geometry, { x: crop.x * width, y: crop.y * height });
  const b = imageToView(geometry, {
    x: (crop.x + crop.width) * width,
    y: (crop.y + crop.height) * height,
  });
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

/**
 * The wipe divider in the view (CSS px): the point it passes through and its unit normal,
 * which points to B's side (angle 0: vertical, A on the left; 90: horizontal, A above).
 */
export function wipeLine(
  viewer: ViewGeometry,
  shown: Size,
  wipe: { x: number; y: number; angle: number },
): { point: Point; normal: Point } {
  const point = imageToView(viewer, { x: wipe.x * shown.width, y: wipe.y * shown.height });
  const radians = (wipe.angle * Math.PI) / 180;
  return { point, normal: { x: Math.cos(radians), y: Math.sin(radians) } };
}

/** Which side of the wipe a view point (CSS px) is on. */
export function wipeSide(line: { point: Point; normal: Point }, p: Point): 'A' | 'B' {
  const d = (p.x - line.point.x) * line.normal.x + (p.y - line.point.y) * line.normal.y;
  return d < 0 ? 'A' : 'B';
}

/** The picture size the viewer shows for a source of `size` under `composition` (an eye's). */
export function shownSize(composition: Composition | null, size: Size): Size {
  return composition ? cropSize(composition.first.crop, size) : size;
}
