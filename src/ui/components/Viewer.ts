// The image viewer: owns view state (zoom, pan, fit, channel) and color state, handles wheel/drag/
// double-click, maps image <-> client coordinates, and draws through the WebGL2 renderer when dirty.
import type { FrameImage } from '../../core/media/types';
import type { FrameGuides } from '../../protocol/index';
import { sameGuides } from '../../protocol/syncCategories';
import { EventEmitter } from '../../utils/EventEmitter';
import {
  colorsEqual,
  DEFAULT_COLOR,
  sanitizeColor,
  type ChannelMode,
  type ColorAdjustments,
} from '../../render/color';
import type { LookState } from '../../protocol/index';
import type { ResolvedLook } from '../../render/look/reference';
import { WebGLRenderer } from '../../render/WebGLRenderer';
import {
  backingSize,
  clampZoom,
  fitZoom,
  imageToView,
  panAfterDrag,
  panToPlace,
  viewToImage,
  wheelZoomFactor,
  type Point,
  type ViewGeometry,
} from '../../render/viewTransform';
import '../styles/viewer.css';

export type { ChannelMode, ColorAdjustments } from '../../render/color';
export { CHANNEL_MODES, COLOR_RANGES, DEFAULT_COLOR } from '../../render/color';
export { MAX_ZOOM, MIN_ZOOM } from '../../render/viewTransform';

export interface ViewState {
  /** 1 = 1:1 (one image px per CSS px). */
  zoom: number;
  /** Image px offset of the view centre from the image centre. */
  pan: { x: number; y: number };
  /** True while the viewer keeps the image fitted to the window (cleared by any zoom or pan). */
  fit: boolean;
  channel: ChannelMode;
  /** Safe areas and aspect mask shown over the picture (drawn by the scopes feature). */
  guides: FrameGuides;
}

// A type alias (not an interface) so it satisfies EventEmitter's index-signature constraint.
export type ViewerEvents = {
  panChanged: { x: number; y: number };
  zoomChanged: number;
  channelChanged: ChannelMode;
  colorChanged: ColorAdjustments;
  /**
   * The fit zoom changed (window resized or image size changed). Views shared in image terms
   * (zoom relative to fit) must be re-derived when it does.
   */
  fitZoomChanged: number;
  guidesChanged: FrameGuides;
};

/** Wheel deltas in lines/pages are converted to px with these (typical browser values). */
const LINE_HEIGHT_PX = 33;

/** Turns the room's looks into the look of the source on screen (set by the color feature). */
export type LookResolver = (look: LookState | undefined) => ResolvedLook | null;
const PAGE_HEIGHT_PX = 800;

export class Viewer extends EventEmitter<ViewerEvents> {
  readonly canvas: HTMLCanvasElement;
  private readonly renderer: WebGLRenderer | null;
  private readonly notice: HTMLElement | null = null;
  private readonly resizeObserver: ResizeObserver | null = null;
  private imageSize = { width: 0, height: 0 };
  private viewSize = { width: 0, height: 0 };
  private dpr = 1;
  private zoomValue = 1;
  private panValue: Point = { x: 0, y: 0 };
  private fitMode = true;
  private channelValue: ChannelMode = 'rgb';
  private colorValue: ColorAdjustments = { ...DEFAULT_COLOR };
  private lookResolver: LookResolver | null = null;
  private guidesValue: FrameGuides = { safeAreas: false, mask: null };
  private dirty = true;
  private drag: { pointerId: number; x: number; y: number } | null = null;

  constructor(private readonly container: HTMLElement) {
    super();
    container.classList.add('rs-viewer');
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'rs-viewer__canvas';
    this.canvas.dataset.testid = 'viewer-canvas';
    container.append(this.canvas);

    this.renderer = WebGLRenderer.create(this.canvas, () => {
      this.dirty = true;
    });
    if (!this.renderer) {
      this.notice = document.createElement('div');
      this.notice.className = 'rs-viewer__notice';
      this.notice.dataset.testid = 'viewer-no-webgl';
      this.notice.textContent = 'This browser cannot show images: WebGL2 is not available.';
      container.append(this.notice);
    }

    this.canvas.addEventListener('wheel', this.onWheel, { passive: false });
    this.canvas.addEventListener('pointerdown', this.onPointerDown);
    this.canvas.addEventListener('pointermove', this.onPointerMove);
    this.canvas.addEventListener('pointerup', this.onPointerUp);
    this.canvas.addEventListener('pointercancel', this.onPointerUp);
    this.canvas.addEventListener('dblclick', this.onDoubleClick);
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => {
        // Resizing clears the canvas; redraw now so the cleared frame is never shown.
        if (this.measure()) this.render();
      });
      this.resizeObserver.observe(container);
    }
    this.measure();
  }

  // ---- state -------------------------------------------------------------------------------

  get viewState(): ViewState {
    return {
      zoom: this.zoomValue,
      pan: this.pan,
      fit: this.fitMode,
      channel: this.channelValue,
      guides: this.guides,
    };
  }
  get guides(): FrameGuides {
    return { ...this.guidesValue };
  }
  get zoom(): number {
    return this.zoomValue;
  }
  get pan(): { x: number; y: number } {
    return { x: this.panValue.x, y: this.panValue.y };
  }
  get channel(): ChannelMode {
    return this.channelValue;
  }
  get color(): ColorAdjustments {
    return { ...this.colorValue };
  }
  /**
   * The zoom that fits the current image in the current view. Windows of different sizes show
   * the same region when they share `pan` and `zoom / fitZoom`: view sync sends exactly these.
   */
  get fitZoom(): number {
    return fitZoom(this.viewSize, this.imageSize);
  }

  /** The renderer (null without WebGL2), for scopes and the pixel probe to read the picture. */
  get gpu(): WebGLRenderer | null {
    return this.renderer;
  }

  /** Marks dirty even for the same object: sources may redraw one canvas for every frame. */
  setImage(image: FrameImage | null, width: number, height: number): void {
    this.renderer?.setImage(image);
    const sizeChanged = width !== this.imageSize.width || height !== this.imageSize.height;
    const fitBefore = this.fitZoom;
    this.imageSize = { width: Math.max(0, width), height: Math.max(0, height) };
    if (sizeChanged && this.fitMode) this.applyFit();
    this.dirty = true;
    if (this.fitZoom !== fitBefore) this.emit('fitZoomChanged', this.fitZoom);
  }

  setZoom(zoom: number, anchorClient?: { x: number; y: number }): void {
    const next = clampZoom(zoom);
    let pan = this.panValue;
    if (anchorClient && Number.isFinite(anchorClient.x) && Number.isFinite(anchorClient.y)) {
      const anchorView = this.clientToView(anchorClient);
      const imagePoint = viewToImage(this.geometry(), anchorView);
      pan = panToPlace(this.viewSize, this.imageSize, next, imagePoint, anchorView);
    }
    this.fitMode = false;
    this.applyView(next, pan);
  }

  zoomBy(factor: number, anchorClient?: { x: number; y: number }): void {
    if (!Number.isFinite(factor) || factor <= 0) return;
    this.setZoom(this.zoomValue * factor, anchorClient);
  }

  setPan(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.fitMode = false;
    this.applyView(this.zoomValue, { x, y });
  }

  /** Fit the whole image in the view and keep it fitted when the window resizes. */
  fit(): void {
    this.fitMode = true;
    this.applyFit();
  }

  /** 1:1, keeping the image point at the view centre where it is. */
  actualSize(): void {
    this.setZoom(1);
  }

  setChannel(mode: ChannelMode): void {
    if (mode === this.channelValue) return;
    this.channelValue = mode;
    this.dirty = true;
    this.emit('channelChanged', mode);
  }

  setColor(partial: Partial<ColorAdjustments>): void {
    const next = { ...this.colorValue, ...sanitizeColor(partial) };
    if (colorsEqual(next, this.colorValue)) return;
    this.colorValue = next;
    this.dirty = true;
    this.emit('colorChanged', this.color);
  }

  /** The frame guides (the scopes feature draws them; view sync carries them). */
  setGuides(guides: FrameGuides): void {
    if (sameGuides(guides, this.guidesValue)) return;
    this.guidesValue = { safeAreas: guides.safeAreas, mask: guides.mask };
    this.emit('guidesChanged', this.guides);
  }

  /** Resets the grade controls; the looks stay (the color panel resets those on their own). */
  resetColor(): void {
    this.setColor(DEFAULT_COLOR);
  }

  /** How looks apply to the source on screen; call `invalidate()` when its answer changes. */
  setLookResolver(resolver: LookResolver | null): void {
    this.lookResolver = resolver;
    this.dirty = true;
  }

  /** Redraws at the next frame (the look's source or LUT tables changed). */
  invalidate(): void {
    this.dirty = true;
  }

  // ---- coordinates -------------------------------------------------------------------------

  imageToClient(p: { x: number; y: number }): { x: number; y: number } {
    const view = imageToView(this.geometry(), p);
    const rect = this.canvas.getBoundingClientRect();
    return { x: view.x + rect.left, y: view.y + rect.top };
  }

  clientToImage(p: { x: number; y: number }): { x: number; y: number } {
    return viewToImage(this.geometry(), this.clientToView(p));
  }

  // ---- drawing -----------------------------------------------------------------------------

  /** Draws if the image, view, color, channel or canvas size changed since the last draw. */
  render(): void {
    const dpr = currentDpr();
    if (dpr !== this.dpr) this.measure();
    if (!this.dirty || !this.renderer) return;
    const drawn = this.renderer.draw({
      geometry: this.geometry(),
      color: this.colorValue,
      channel: this.channelValue,
      look: this.lookResolver?.(this.colorValue.look) ?? null,
    });
    if (drawn) this.dirty = false;
  }

  dispose(): void {
    this.resizeObserver?.disconnect();
    this.canvas.removeEventListener('wheel', this.onWheel);
    this.canvas.removeEventListener('pointerdown', this.onPointerDown);
    this.canvas.removeEventListener('pointermove', this.onPointerMove);
    this.canvas.removeEventListener('pointerup', this.onPointerUp);
    this.canvas.removeEventListener('pointercancel', this.onPointerUp);
    this.canvas.removeEventListener('dblclick', this.onDoubleClick);
    this.renderer?.dispose();
    this.canvas.remove();
    this.notice?.remove();
    this.container.classList.remove('rs-viewer', 'rs-viewer--dragging');
    this.removeAllListeners();
  }

  // ---- internals ---------------------------------------------------------------------------

  private geometry(): ViewGeometry {
    return {
      view: this.viewSize,
      image: this.imageSize,
      zoom: this.zoomValue,
      pan: this.panValue,
      dpr: this.dpr,
    };
  }

  private clientToView(p: Point): Point {
    const rect = this.canvas.getBoundingClientRect();
    return { x: p.x - rect.left, y: p.y - rect.top };
  }

  /** Reads the container size and DPR; resizes the backing store. Returns true if anything changed. */
  private measure(): boolean {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    const dpr = currentDpr();
    if (width === this.viewSize.width && height === this.viewSize.height && dpr === this.dpr) {
      return false;
    }
    const fitBefore = this.fitZoom;
    this.viewSize = { width, height };
    this.dpr = dpr;
    const backing = backingSize(this.viewSize, dpr);
    this.canvas.width = backing.width;
    this.canvas.height = backing.height;
    if (this.fitMode) this.applyFit();
    this.dirty = true;
    if (this.fitZoom !== fitBefore) this.emit('fitZoomChanged', this.fitZoom);
    return true;
  }

  private applyFit(): void {
    this.applyView(fitZoom(this.viewSize, this.imageSize), { x: 0, y: 0 });
  }

  /** Sets zoom and pan, emitting only what really changed. */
  private applyView(zoom: number, pan: Point): void {
    const zoomChanged = zoom !== this.zoomValue;
    const panChanged = pan.x !== this.panValue.x || pan.y !== this.panValue.y;
    if (!zoomChanged && !panChanged) return;
    this.zoomValue = zoom;
    this.panValue = { x: pan.x, y: pan.y };
    this.dirty = true;
    if (zoomChanged) this.emit('zoomChanged', zoom);
    if (panChanged) this.emit('panChanged', this.pan);
  }

  private readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const scale =
      event.deltaMode === 1 ? LINE_HEIGHT_PX : event.deltaMode === 2 ? PAGE_HEIGHT_PX : 1;
    this.zoomBy(wheelZoomFactor(event.deltaY * scale), { x: event.clientX, y: event.clientY });
  };

  private readonly onPointerDown = (event: PointerEvent): void => {
    // Left or middle button pans; right is left to context menus.
    if (event.button !== 0 && event.button !== 1) return;
    this.drag = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
    this.canvas.setPointerCapture(event.pointerId);
    this.container.classList.add('rs-viewer--dragging');
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    const drag = this.drag;
    if (!drag || event.pointerId !== drag.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (dx === 0 && dy === 0) return;
    drag.x = event.clientX;
    drag.y = event.clientY;
    const pan = panAfterDrag(this.panValue, dx, dy, this.zoomValue);
    this.setPan(pan.x, pan.y);
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    if (!this.drag || event.pointerId !== this.drag.pointerId) return;
    this.drag = null;
    if (this.canvas.hasPointerCapture(event.pointerId)) {
      this.canvas.releasePointerCapture(event.pointerId);
    }
    this.container.classList.remove('rs-viewer--dragging');
  };

  private readonly onDoubleClick = (event: MouseEvent): void => {
    if (this.fitMode) this.setZoom(1, { x: event.clientX, y: event.clientY });
    else this.fit();
  };
}

function currentDpr(): number {
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio;
  return Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
}
