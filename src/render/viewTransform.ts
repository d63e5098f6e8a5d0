// Pure image <-> view mapping (image format: pixel aspect, rotation, flip/flop; fit, zoom, pan,
// device pixel ratio) shared by the Viewer and the renderer; no DOM.

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Clockwise rotation of the picture, in degrees. */
export type Rotation = 0 | 90 | 180 | 270;

/**
 * How the image is laid on the display plane (docs/image-format.md): its pixels are stretched
 * horizontally by `pixelAspect`, then mirrored in the picture's own axes (`flip`: upside down,
 * `flop`: left-right), then turned clockwise by `rotation`.
 */
export interface Orientation {
  pixelAspect: number;
  rotation: Rotation;
  flip: boolean;
  flop: boolean;
}

export const UPRIGHT: Readonly<Orientation> = Object.freeze({
  pixelAspect: 1,
  rotation: 0,
  flip: false,
  flop: false,
});

/** Everything that decides where the image lands in the view. */
export interface ViewGeometry {
  /** View (canvas) size in CSS px. */
  view: Size;
  /** Image size in image px. */
  image: Size;
  /** CSS px per display px (display px = image px at pixel aspect 1): 1 = 1:1. */
  zoom: number;
  /** Display px offset of the view centre from the picture's centre. */
  pan: Point;
  /** Device px per CSS px. */
  dpr: number;
  /** The image format's transform (absent: upright, square pixels). */
  orientation?: Orientation;
}

function pixelAspectOf(o: Orientation): number {
  return Number.isFinite(o.pixelAspect) && o.pixelAspect > 0 ? o.pixelAspect : 1;
}

/** The picture's size on the display plane (pixel aspect applied, turned by the rotation). */
export function displaySize(image: Size, o: Orientation = UPRIGHT): Size {
  const width = image.width * pixelAspectOf(o);
  const height = image.height;
  return o.rotation === 90 || o.rotation === 270
    ? { width: height, height: width }
    : { width, height };
}

/** Image px -> display px (the picture's own corner at the display plane's top-left). */
export function imageToDisplay(image: Size, o: Orientation, p: Point): Point {
  const w = image.width * pixelAspectOf(o);
  const h = image.height;
  let x = p.x * pixelAspectOf(o);
  let y = p.y;
  if (o.flop) x = w - x;
  if (o.flip) y = h - y;
  switch (o.rotation) {
    case 90:
      return { x: h - y, y: x };
    case 180:
      return { x: w - x, y: h - y };
    case 270:
      return { x: y, y: w - x };
    default:
      return { x, y };
  }
}

/** Display px -> image px: the exact inverse of `imageToDisplay`. */
export function displayToImage(image: Size, o: Orientation, p: Point): Point {
  const w = image.width * pixelAspectOf(o);
  const h = image.height;
  let x: number;
  let y: number;
  switch (o.rotation) {
    case 90:
      x = p.y;
      y = h - p.x;
      break;
    case 180:
      x = w - p.x;
      y = h - p.y;
      break;
    case 270:
      x = w - p.y;
      y = p.x;
      break;
    default:
      x = p.x;
      y = p.y;
  }
  if (o.flop) x = w - x;
  if (o.flip) y = h - y;
  return { x: x / pixelAspectOf(o), y };
}

/**
 * The texture-coordinate transform for the image quad, column-major for a GLSL mat2: the quad is
 * the display rectangle (unit coordinates, y down) and `uv = M * (unit - 0.5) + 0.5` samples the
 * image there. Rotation and mirroring only (the pixel aspect is the quad's own shape).
 */
export function orientationMatrix(o: Orientation = UPRIGHT): [number, number, number, number] {
  const unit = { width: 1, height: 1 };
  const square: Orientation = { ...o, pixelAspect: 1 };
  const centre = displayToImage(unit, square, { x: 0.5, y: 0.5 });
  const alongX = displayToImage(unit, square, { x: 1.5, y: 0.5 });
  const alongY = displayToImage(unit, square, { x: 0.5, y: 1.5 });
  // + 0 turns -0 into 0, so an upright picture's matrix is exactly the identity.
  return [
    alongX.x - centre.x + 0,
    alongX.y - centre.y + 0,
    alongY.x - centre.x + 0,
    alongY.y - centre.y + 0,
  ];
}

/** A rectangle in WebGL clip space (y up): where the image quad is drawn. */
export interface ClipRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const MIN_ZOOM = 1 / 32;
export const MAX_ZOOM = 64;

export function clampZoom(zoom: number): number {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The zoom at which the whole image fits the view (letterboxed); 1 when either size is empty. */
export function fitZoom(view: Size, image: Size): number {
  if (view.width <= 0 || view.height <= 0 || image.width <= 0 || image.height <= 0) return 1;
  return clampZoom(Math.min(view.width / image.width, view.height / image.height));
}

/** Canvas backing-store size in device px for a view of `view` CSS px. */
export function backingSize(view: Size, dpr: number): Size {
  return {
    width: Math.max(1, Math.round(view.width * dpr)),
    height: Math.max(1, Math.round(view.height * dpr)),
  };
}

/**
 * Where the image's top-left corner lands, in CSS px from the view's top-left. It is snapped to a
 * whole device pixel so that at 1:1 (and any integer zoom) every image pixel covers whole device
 * pixels and nearest-neighbour sampling never lands on a texel edge.
 */
export function imageOrigin(g: ViewGeometry): Point {
  const shown = displaySize(g.image, g.orientation);
  const x = g.view.width / 2 - (shown.width / 2 + g.pan.x) * g.zoom;
  const y = g.view.height / 2 - (shown.height / 2 + g.pan.y) * g.zoom;
  return { x: Math.round(x * g.dpr) / g.dpr, y: Math.round(y * g.dpr) / g.dpr };
}

/** Display px -> view CSS px. Exact inverse of `viewToDisplay`. */
export function displayToView(g: ViewGeometry, p: Point): Point {
  const origin = imageOrigin(g);
  return { x: origin.x + p.x * g.zoom, y: origin.y + p.y * g.zoom };
}

/** View CSS px -> display px. Exact inverse of `displayToView`. */
export function viewToDisplay(g: ViewGeometry, p: Point): Point {
  const origin = imageOrigin(g);
  return { x: (p.x - origin.x) / g.zoom, y: (p.y - origin.y) / g.zoom };
}

/** Image px -> view CSS px, through the image format. Exact inverse of `viewToImage`. */
export function imageToView(g: ViewGeometry, p: Point): Point {
  if (!g.orientation) return displayToView(g, p);
  return displayToView(g, imageToDisplay(g.image, g.orientation, p));
}

/** View CSS px -> image px (may lie outside the image). Exact inverse of `imageToView`. */
export function viewToImage(g: ViewGeometry, p: Point): Point {
  const shown = viewToDisplay(g, p);
  return g.orientation ? displayToImage(g.image, g.orientation, shown) : shown;
}

/** The pan that puts `imagePoint` under `viewPoint` at `zoom` (up to the device-pixel snap). */
export function panToPlace(
  view: Size,
  image: Size,
  zoom: number,
  imagePoint: Point,
  viewPoint: Point,
): Point {
  return {
    x: imagePoint.x - image.width / 2 - (viewPoint.x - view.width / 2) / zoom,
    y: imagePoint.y - image.height / 2 - (viewPoint.y - view.height / 2) / zoom,
  };
}

/** The pan after dragging the picture by (dx, dy) CSS px: the image follows the pointer. */
export function panAfterDrag(pan: Point, dx: number, dy: number, zoom: number): Point {
  return { x: pan.x - dx / zoom, y: pan.y - dy / zoom };
}

/** The image quad in clip space, for the vertex shader. */
export function imageClipRect(g: ViewGeometry): ClipRect {
  if (g.view.width <= 0 || g.view.height <= 0) return { left: 0, top: 0, width: 0, height: 0 };
  const origin = imageOrigin(g);
  const shown = displaySize(g.image, g.orientation);
  return {
    left: (origin.x / g.view.width) * 2 - 1,
    top: 1 - (origin.y / g.view.height) * 2,
    width: ((shown.width * g.zoom) / g.view.width) * 2,
    height: ((shown.height * g.zoom) / g.view.height) * 2,
  };
}

/** Zoom factor for one wheel event: smooth, about 1.26x per 100 px notch. */
export function wheelZoomFactor(deltaPx: number): number {
  const clamped = Math.max(-600, Math.min(600, deltaPx));
  return Math.pow(2, -clamped / 300);
}

/** Largest shared zoom the wire accepts (the protocol's ViewState.zoom maximum). */
export const MAX_SHARED_ZOOM = 1000;

/** 12 significant digits: equal windows round-trip a zoom exactly; nobody sees the rest. */
function roundShared(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * The window-independent zoom view sync sends: multiples of the fit zoom (1 = the whole image
 * fits, 2 = half of it each way). Two windows of any size that share it (and the pan, which is
 * in image px already) show the same region of the image.
 */
export function zoomToShared(zoom: number, fit: number): number {
  if (!Number.isFinite(zoom) || zoom <= 0) return 1;
  const scale = Number.isFinite(fit) && fit > 0 ? fit : 1;
  return Math.min(MAX_SHARED_ZOOM, zoom / scale);
}

/** This window's zoom for a shared zoom (the inverse of `zoomToShared`, clamped to the zoom range). */
export function zoomFromShared(shared: number, fit: number): number {
  if (!Number.isFinite(shared) || shared <= 0) return clampZoom(fit);
  const scale = Number.isFinite(fit) && fit > 0 ? fit : 1;
  return clampZoom(roundShared(shared * scale));
}

/** An axis-aligned rectangle in image px. */
export interface ImageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of the display plane the view shows (may extend past the picture's edges). */
export function visibleImageRect(g: ViewGeometry): ImageRect {
  const topLeft = viewToDisplay(g, { x: 0, y: 0 });
  const bottomRight = viewToDisplay(g, { x: g.view.width, y: g.view.height });
  return {
    x: topLeft.x,
    y: topLeft.y,
    width: bottomRight.x - topLeft.x,
    height: bottomRight.y - topLeft.y,
  };
}

/**
 * The region a shared view describes, the same in every window: the image's own size divided
 * by the shared zoom, centred on the image point at the view centre. Each window shows all of
 * it and fills its limiting dimension with it (the other dimension shows more or letterboxes).
 */
export function sharedRegion(image: Size, sharedZoom: number, pan: Point): ImageRect {
  const width = image.width / sharedZoom;
  const height = image.height / sharedZoom;
  return {
    x: image.width / 2 + pan.x - width / 2,
    y: image.height / 2 + pan.y - height / 2,
    width,
    height,
  };
}
