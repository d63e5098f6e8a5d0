// A Viewer stand-in with a window size and an image size: same zoom/pan/fit semantics and events
// as src/ui/components/Viewer.ts (through the same viewTransform math), without DOM or WebGL.
import type {
  ChannelMode,
  ColorAdjustments,
  ImageFormat,
  ViewState,
} from '../../src/protocol/index';
import { DEFAULT_COLOR_ADJUSTMENTS, DEFAULT_IMAGE_FORMAT } from '../../src/protocol/index';
import {
  clampZoom,
  displaySize,
  fitZoom,
  viewToImage,
  visibleImageRect,
  type ImageRect,
  type Point,
  type Size,
  type ViewGeometry,
} from '../../src/render/viewTransform';
import { EventEmitter } from '../../src/utils/EventEmitter';

type SizedViewerEvents = {
  zoomChanged: number;
  panChanged: { x: number; y: number };
  channelChanged: ChannelMode;
  colorChanged: ColorAdjustments;
  fitZoomChanged: number;
  formatChanged: ImageFormat;
};

export class SizedViewer extends EventEmitter<SizedViewerEvents> {
  private zoomValue = 1;
  private panValue: Point = { x: 0, y: 0 };
  private fitMode = true;
  private channelValue: ChannelMode = 'rgb';
  private grade: ColorAdjustments = { ...DEFAULT_COLOR_ADJUSTMENTS };
  private formatValue: ImageFormat = { ...DEFAULT_IMAGE_FORMAT };

  constructor(
    private view: Size,
    private image: Size,
  ) {
    super();
    this.zoomValue = this.fitZoom;
  }

  get fitZoom(): number {
    return fitZoom(this.view, displaySize(this.image, this.orientation));
  }
  get format(): ImageFormat {
    return { ...this.formatValue };
  }
  private get orientation() {
    const f = this.formatValue;
    return { pixelAspect: f.pixelAspect ?? 1, rotation: f.rotation, flip: f.flip, flop: f.flop };
  }
  get viewState(): ViewState {
    return {
      zoom: this.zoomValue,
      pan: { ...this.panValue },
      fit: this.fitMode,
      channel: this.channelValue,
      format: this.format,
    };
  }
  get color(): ColorAdjustments {
    return { ...this.grade };
  }
  get zoom(): number {
    return this.zoomValue;
  }
  get pan(): Point {
    return { ...this.panValue };
  }
  get geometry(): ViewGeometry {
    return {
      view: this.view,
      image: this.image,
      zoom: this.zoomValue,
      pan: this.panValue,
      dpr: 1,
      orientation: this.orientation,
    };
  }
  /** The image point at the centre of the window. */
  get centre(): Point {
    return viewToImage(this.geometry, { x: this.view.width / 2, y: this.view.height / 2 });
  }
  get visible(): ImageRect {
    return visibleImageRect(this.geometry);
  }

  setZoom(zoom: number): void {
    this.fitMode = false;
    this.place(clampZoom(zoom), this.panValue);
  }
  setPan(x: number, y: number): void {
    this.fitMode = false;
    this.place(this.zoomValue, { x, y });
  }
  fit(): void {
    this.fitMode = true;
    this.place(this.fitZoom, { x: 0, y: 0 });
  }
  setChannel(mode: ChannelMode): void {
    if (mode === this.channelValue) return;
    this.channelValue = mode;
    this.emit('channelChanged', mode);
  }
  setColor(partial: Partial<ColorAdjustments>): void {
    this.grade = { ...this.grade, ...partial };
    this.emit('colorChanged', this.color);
  }

  /** The image format (like Viewer.setFormat: a new shape refits a fitted view). */
  setFormat(partial: Partial<ImageFormat>): void {
    const before = this.fitZoom;
    this.formatValue = { ...this.formatValue, ...partial };
    if (this.fitMode) this.place(this.fitZoom, { x: 0, y: 0 });
    if (this.fitZoom !== before) this.emit('fitZoomChanged', this.fitZoom);
    this.emit('formatChanged', this.format);
  }

  /** The window is resized (like the Viewer's ResizeObserver path). */
  resize(view: Size): void {
    this.resizeTo(view, this.image);
  }
  /** A different image size is shown (like Viewer.setImage). */
  setImageSize(image: Size): void {
    this.resizeTo(this.view, image);
  }

  private resizeTo(view: Size, image: Size): void {
    const before = this.fitZoom;
    this.view = view;
    this.image = image;
    if (this.fitMode) this.place(this.fitZoom, { x: 0, y: 0 });
    if (this.fitZoom !== before) this.emit('fitZoomChanged', this.fitZoom);
  }

  private place(zoom: number, pan: Point): void {
    const zoomChanged = zoom !== this.zoomValue;
    const panChanged = pan.x !== this.panValue.x || pan.y !== this.panValue.y;
    this.zoomValue = zoom;
    this.panValue = { ...pan };
    if (zoomChanged) this.emit('zoomChanged', zoom);
    if (panChanged) this.emit('panChanged', { ...pan });
  }
}
