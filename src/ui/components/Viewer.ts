// The image viewer: owns view state (zoom, pan, fit, channel, image format) and color state, maps
// image <-> client coordinates (through the image format's pixel aspect, rotation and mirrors),
// and draws through the WebGL2 renderer when dirty. Its mouse gestures are in viewerGestures.ts.
import type { FrameImage, MediaInfo } from '../../core/media/types';
import type { FrameGuides, ImageFormat } from '../../protocol/index';
import { DEFAULT_IMAGE_FORMAT, sameFormat, sameGuides } from '../../protocol/syncCategories';
import { EventEmitter } from '../../utils/EventEmitter';
import {
  colorsEqual,
  DEFAULT_COLOR,
  sanitizeColor,
  type ChannelMode,
  type ColorAdjustments,
} from '../../render/color';
import { WebGLRenderer } from '../../render/WebGLRenderer';
import {
  backingSize,
  clampZoom,
  displaySize,
  displayToView,
  fitZoom,
  imageToView,
  panAfterDrag,
  panToPlace,
  viewToDisplay,
  viewToImage,
  type Orientation,
  type Point,
  type Size,
  type ViewGeometry,
} from '../../render/viewTransform';
import { bindViewerGestures } from './viewerGestures';
import type { LookResolver, ViewerEvents, ViewerLayout, ViewState } from './viewerTypes';
import '../styles/viewer.css';

export type { ChannelMode, ColorAdjustments } from '../../render/color';
export { CHANNEL_MODES, COLOR_RANGES, DEFAULT_COLOR } from '../../render/color';
export { MAX_ZOOM, MIN_ZOOM } from '../../render/viewTransform';
export type { LookResolver, ViewerEvents, ViewerLayout, ViewState } from './viewerTypes';

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
  private formatValue: ImageFormat = { ...DEFAULT_IMAGE_FORMAT };
  /** The file's own pixel aspect (EXR, DPX), used while the format says null. */
  private filePixelAspect = 1;
  private dirty = true;
  private readonly unbindGestures: () => void;
  private layout: ViewerLayout | null = null;

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

    this.unbindGestures = bindViewerGestures(this.canvas, container, {
      zoomAt: (factor, at) => this.zoomBy(factor, at),
      panBy: (dx, dy) => {
        const pan = panAfterDrag(this.panValue, dx, dy, this.zoomValue);
        this.setPan(pan.x, pan.y);
      },
      toggleFit: (at) => {
        if (this.fitMode) this.setZoom(1, at);
        else this.fit();
      },
    });
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
      format: this.format,
    };
  }
  get format(): ImageFormat {
    return { ...this.formatValue };
  }
  /** The pixel aspect in effect: the format's, else the file's. */
  get pixelAspect(): number {
    return this.formatValue.pixelAspect ?? this.filePixelAspect;
  }
  /** The file's own pixel aspect (1 when it says none). */
  get sourcePixelAspect(): number {
    return this.filePixelAspect;
  }
  /** The picture's size on the display plane (pixel aspect and rotation applied), display px. */
  get displaySize(): Size {
    return displaySize(this.layout?.shown(this.imageSize) ?? this.imageSize, this.orientation());
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
  /** The zoom that fits the image in the view (views shared as `pan` and `zoom / fitZoom`). */
  get fitZoom(): number {
    const g = this.geometry();
    return fitZoom(g.view, displaySize(g.image, g.orientation));
  }

  /** Places the picture in a cell of the view (null: the whole view); keeps a fitted view fitted. */
  setLayout(layout: ViewerLayout | null): void {
    this.reshape(() => {
      this.layout = layout;
    }, true);
  }

  /** The renderer (null without WebGL2), for scopes and the pixel probe to read the picture. */
  get gpu(): WebGLRenderer | null {
    return this.renderer;
  }

  /** Marks dirty even for the same object: sources may redraw one canvas for every frame. */
  setImage(image: FrameImage | null, width: number, height: number): void {
    this.renderer?.setImage(image);
    const sizeChanged = width !== this.imageSize.width || height !== this.imageSize.height;
    this.reshape(() => {
      this.imageSize = { width: Math.max(0, width), height: Math.max(0, height) };
    }, sizeChanged);
  }

  /** The image format (merged into the current one); emits formatChanged when it changed. */
  setFormat(partial: Partial<ImageFormat>): void {
    const next: ImageFormat = { ...this.formatValue, ...partial };
    if (sameFormat(next, this.formatValue)) return;
    const shapeChanged =
      next.rotation !== this.formatValue.rotation ||
      next.pixelAspect !== this.formatValue.pixelAspect;
    this.reshape(() => {
      this.formatValue = next;
    }, shapeChanged);
    this.emit('formatChanged', this.format);
  }

  /** The pixel aspect the file itself declares (EXR pixelAspectRatio, DPX header); 1 for none. */
  setSourcePixelAspect(pixelAspect: number): void {
    const next = Number.isFinite(pixelAspect) && pixelAspect > 0 ? pixelAspect : 1;
    if (next === this.filePixelAspect) return;
    this.reshape(() => {
      this.filePixelAspect = next;
    }, this.formatValue.pixelAspect === null);
  }

  setZoom(zoom: number, anchorClient?: { x: number; y: number }): void {
    const next = clampZoom(zoom);
    let pan = this.panValue;
    if (anchorClient && Number.isFinite(anchorClient.x) && Number.isFinite(anchorClient.y)) {
      const anchorView = this.clientToView(anchorClient);
      const g = this.geometry();
      const displayPoint = viewToDisplay(g, anchorView);
      pan = panToPlace(g.view, displaySize(g.image, g.orientation), next, displayPoint, anchorView);
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

  /** The look of another source than the one on screen (compare's B), null without looks. */
  lookFor(source: MediaInfo): ReturnType<LookResolver> {
    return this.lookResolver?.(this.colorValue.look, source) ?? null;
  }

  /** Redraws at the next frame (the look's source or LUT tables changed). */
  invalidate(): void {
    this.dirty = true;
  }

  // ---- coordinates -------------------------------------------------------------------------

  imageToClient(p: { x: number; y: number }): { x: number; y: number } {
    return this.viewToClient(imageToView(this.geometry(), p));
  }

  clientToImage(p: { x: number; y: number }): { x: number; y: number } {
    return viewToImage(this.geometry(), this.clientToView(p));
  }

  /** Display px (the picture as shown: pixel aspect, rotation) -> client px: frame guides. */
  displayToClient(p: { x: number; y: number }): { x: number; y: number } {
    return this.viewToClient(displayToView(this.geometry(), p));
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
    this.unbindGestures();
    this.renderer?.dispose();
    this.canvas.remove();
    this.notice?.remove();
    this.container.classList.remove('rs-viewer');
    this.removeAllListeners();
  }

  // ---- internals ---------------------------------------------------------------------------

  private geometry(): ViewGeometry {
    const cell = this.layout?.cell(this.viewSize);
    return {
      view: cell ? { width: cell.width, height: cell.height } : this.viewSize,
      image: this.layout?.shown(this.imageSize) ?? this.imageSize,
      zoom: this.zoomValue,
      pan: this.panValue,
      dpr: this.dpr,
      orientation: this.orientation(),
    };
  }

  private orientation(): Orientation {
    const format = this.formatValue;
    return {
      pixelAspect: this.pixelAspect,
      rotation: format.rotation,
      flip: format.flip,
      flop: format.flop,
    };
  }

  /** Runs `change` (image size or format), keeps a fitted picture fitted, tells if fitZoom moved. */
  private reshape(change: () => void, refit: boolean): void {
    const fitBefore = this.fitZoom;
    change();
    if (refit && this.fitMode) this.applyFit();
    this.dirty = true;
    if (this.fitZoom !== fitBefore) this.emit('fitZoomChanged', this.fitZoom);
  }

  private viewToClient(view: Point): Point {
    const rect = this.canvas.getBoundingClientRect();
    const cell = this.layout?.cell(this.viewSize);
    return { x: view.x + rect.left + (cell?.x ?? 0), y: view.y + rect.top + (cell?.y ?? 0) };
  }

  private clientToView(p: Point): Point {
    const rect = this.canvas.getBoundingClientRect();
    const cell = this.layout?.cell(this.viewSize);
    return { x: p.x - rect.left - (cell?.x ?? 0), y: p.y - rect.top - (cell?.y ?? 0) };
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
    this.applyView(this.fitZoom, { x: 0, y: 0 });
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
}

function currentDpr(): number {
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio;
  return Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
}
