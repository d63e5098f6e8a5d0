// Frame guides over the picture: the action/title safe rectangles, an aspect mask (bars outside
// the kept frame, the image format's crop mask) and probe crosshairs (ours and others'). The
// frames are placed on the picture as shown (display px: pixel aspect and rotation applied), the
// probes at image px, so all follow this viewer's zoom, pan and format; never catch the pointer.
import type { ImageRect } from '../../render/viewTransform';
import {
  ACTION_SAFE,
  maskRatio,
  maskRect,
  safeRect,
  TITLE_SAFE,
  type AspectMask,
} from './safeAreas';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface GuidesOverlayOptions {
  /** The positioned element the overlay covers (the stage). */
  container: HTMLElement;
  /** Image px -> client px (the viewer's mapping). */
  imageToClient(p: { x: number; y: number }): { x: number; y: number };
  /** The picture's size in image px (null without media). */
  imageSize(): { width: number; height: number } | null;
  /** Display px -> client px and the picture's display size (absent: the image px ones). */
  displayToClient?(p: { x: number; y: number }): { x: number; y: number };
  displaySize?(): { width: number; height: number };
  /** Opacity of the mask's bars, 0..1 (absent: the stylesheet's). */
  maskOpacity?(): number;
}

export interface ProbeMarker {
  key: string;
  x: number;
  y: number;
  color: string;
  label: string;
}

export class GuidesOverlay {
  readonly element: SVGSVGElement;
  private safeAreas = false;
  private mask: AspectMask | null = null;
  private markers: ProbeMarker[] = [];

  constructor(private readonly options: GuidesOverlayOptions) {
    this.element = document.createElementNS(SVG_NS, 'svg');
    this.element.classList.add('rs-guides');
    this.element.dataset.testid = 'guides-overlay';
    this.element.setAttribute('aria-hidden', 'true');
    options.container.append(this.element);
    this.layout();
  }

  setSafeAreas(on: boolean): void {
    this.safeAreas = on;
    this.layout();
  }

  setMask(mask: AspectMask | null): void {
    this.mask = mask;
    this.layout();
  }

  setMarkers(markers: readonly ProbeMarker[]): void {
    this.markers = [...markers];
    this.layout();
  }

  /** Re-places everything (zoom, pan, resize or a new picture size). */
  layout(): void {
    const source = this.options.imageSize();
    const shapes: Element[] = [];
    if (source && source.width > 0 && source.height > 0) {
      const image = this.options.displaySize?.() ?? source;
      const box = this.options.container.getBoundingClientRect();
      const toView = (rect: ImageRect) => this.viewRect(rect, box);
      const ratio = maskRatio(this.mask);
      if (ratio)
        shapes.push(
          ...this.maskBars(toView({ x: 0, y: 0, ...image }), toView(maskRect(image, ratio))),
        );
      if (this.safeAreas) {
        shapes.push(
          rectShape(toView(safeRect(image, ACTION_SAFE)), 'rs-guides__action', 'safe-action'),
        );
        shapes.push(
          rectShape(toView(safeRect(image, TITLE_SAFE)), 'rs-guides__title', 'safe-title'),
        );
      }
      for (const marker of this.markers) shapes.push(this.crosshair(marker, box));
    }
    this.element.replaceChildren(...shapes);
    // Only on the picture while it marks something (guides, a mask, a shared probe).
    this.element.style.display = shapes.length === 0 ? 'none' : '';
  }

  dispose(): void {
    this.element.remove();
  }

  private viewRect(rect: ImageRect, box: DOMRect): ImageRect {
    const toClient = (p: { x: number; y: number }) =>
      this.options.displayToClient
        ? this.options.displayToClient(p)
        : this.options.imageToClient(p);
    const a = toClient({ x: rect.x, y: rect.y });
    const b = toClient({ x: rect.x + rect.width, y: rect.y + rect.height });
    return { x: a.x - box.left, y: a.y - box.top, width: b.x - a.x, height: b.y - a.y };
  }

  /** Four bars: the picture minus the kept frame. */
  private maskBars(picture: ImageRect, kept: ImageRect): Element[] {
    const bars: ImageRect[] = [
      { x: picture.x, y: picture.y, width: picture.width, height: kept.y - picture.y },
      {
        x: picture.x,
        y: kept.y + kept.height,
        width: picture.width,
        height: picture.y + picture.height - kept.y - kept.height,
      },
      { x: picture.x, y: kept.y, width: kept.x - picture.x, height: kept.height },
      {
        x: kept.x + kept.width,
        y: kept.y,
        width: picture.x + picture.width - kept.x - kept.width,
        height: kept.height,
      },
    ];
    const opacity = this.options.maskOpacity?.();
    return [
      ...bars
        .filter((bar) => bar.width > 0.01 && bar.height > 0.01)
        .map((bar) => {
          const shape = rectShape(bar, 'rs-guides__bar', 'mask-bar');
          if (opacity !== undefined) shape.setAttribute('style', `fill-opacity: ${opacity}`);
          return shape;
        }),
      rectShape(kept, 'rs-guides__frame', 'mask-frame'),
    ];
  }

  private crosshair(marker: ProbeMarker, box: DOMRect): Element {
    // The centre of the probed pixel.
    const point = this.options.imageToClient({ x: marker.x + 0.5, y: marker.y + 0.5 });
    const x = point.x - box.left;
    const y = point.y - box.top;
    const group = document.createElementNS(SVG_NS, 'g');
    group.classList.add('rs-guides__probe');
    group.dataset.testid = `probe-marker-${marker.key}`;
    group.style.setProperty('--rs-probe-color', marker.color);
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute(
      'd',
      `M${x - 10} ${y} H${x - 3} M${x + 3} ${y} H${x + 10} M${x} ${y - 10} V${y - 3} M${x} ${y + 3} V${y + 10}`,
    );
    const label = document.createElementNS(SVG_NS, 'text');
    label.setAttribute('x', String(x + 12));
    label.setAttribute('y', String(y - 12));
    label.textContent = marker.label;
    group.append(path, label);
    return group;
  }
}

function rectShape(rect: ImageRect, className: string, testId: string): Element {
  const shape = document.createElementNS(SVG_NS, 'rect');
  shape.setAttribute('x', String(rect.x));
  shape.setAttribute('y', String(rect.y));
  shape.setAttribute('width', String(Math.max(0, rect.width)));
  shape.setAttribute('height', String(Math.max(0, rect.height)));
  shape.classList.add(className);
  shape.dataset.testid = testId;
  return shape;
}
