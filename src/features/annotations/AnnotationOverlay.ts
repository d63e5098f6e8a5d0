// The 2D canvas over the viewer that shows annotations, and the pointer surface for drawing.
// It redraws whenever what it shows could differ: the view (zoom, pan, window size, DPR), the
// frame, the annotations, strokes in progress or the ghosting setting; a cheap per-frame key
// comparison decides, so no viewer event is needed for resizes.
import { el } from '../../ui/components/shared/dom';
import {
  drawLiveMark,
  drawMark,
  mappingFromAxes,
  toImage,
  type Mark,
  type ViewMapping,
} from './render';
import type { Annotation, Point } from './types';

/** The part of the Viewer the overlay uses. */
export interface OverlayViewer {
  readonly canvas: HTMLCanvasElement;
  readonly zoom: number;
  readonly pan: Point;
  imageToClient(p: Point): Point;
  setPan(x: number, y: number): void;
}

/** What to draw; `revision` changes whenever any of it changed. */
export interface OverlayContent {
  revision(): string;
  frame(): number;
  annotations(frame: number): readonly Annotation[];
  /** Neighbouring frames to show faintly, with their opacity (empty: ghosting off). */
  ghosts(): ReadonlyArray<{ frame: number; alpha: number }>;
  /** The local stroke being drawn. */
  draft(): Mark | null;
  live(frame: number): ReadonlyArray<{ mark: Mark; author: { name: string; color: string } }>;
}

export interface PointerSample {
  /** Image px. */
  image: Point;
  /** Client (page) px. */
  client: Point;
  pressure: number;
  shift: boolean;
}

export interface OverlayInput {
  down(sample: PointerSample): void;
  move(samples: PointerSample[]): void;
  up(sample: PointerSample): void;
  cancel(): void;
}

export class AnnotationOverlay {
  readonly canvas: HTMLCanvasElement;
  private frameRequest: number | null = null;
  private lastKey = '';
  private activePointer: number | null = null;
  /** Middle-button drag in drawing mode pans the picture, as it does outside it. */
  private panning: { pointerId: number; x: number; y: number } | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly stage: HTMLElement,
    private readonly viewer: OverlayViewer,
    private readonly content: OverlayContent,
    private readonly input: OverlayInput,
    /** Called on every animation frame (sync polling piggybacks on the render loop). */
    private readonly onTick: () => void = () => undefined,
  ) {
    this.canvas = el('canvas', {
      className: 'rs-annotations__overlay',
      testId: 'annotation-overlay',
    });
    stage.append(this.canvas);
    const on = <K extends keyof HTMLElementEventMap>(
      type: K,
      handler: (event: HTMLElementEventMap[K]) => void,
      options?: AddEventListenerOptions,
    ): void => {
      this.canvas.addEventListener(type, handler as EventListener, options);
      this.cleanups.push(() => this.canvas.removeEventListener(type, handler as EventListener));
    };
    on('pointerdown', this.onPointerDown);
    on('pointermove', this.onPointerMove);
    on('pointerup', this.onPointerUp);
    on('pointercancel', this.onPointerCancel);
    on('lostpointercapture', this.onPointerCancel);
    // Zoom keeps working while drawing: the wheel goes on to the viewer.
    on('wheel', this.onWheel, { passive: false });
    on('contextmenu', (event) => event.preventDefault());
    // No focus change on press: the text box opened by this press keeps the focus.
    on('mousedown', (event) => event.preventDefault());
    this.loop();
  }

  /** Drawing mode: the overlay takes the pointer (otherwise the viewer pans as usual). */
  setInteractive(on: boolean): void {
    this.canvas.classList.toggle('rs-annotations__overlay--drawing', on);
    if (!on && this.activePointer !== null) this.onPointerCancel();
  }

  setCursor(cursor: string): void {
    this.canvas.style.cursor = cursor;
  }

  /** Image px → overlay CSS px, from the viewer's own mapping (so both always agree). */
  mapping(): ViewMapping {
    const rect = this.canvas.getBoundingClientRect();
    return mappingFromAxes(
      this.viewer.imageToClient({ x: 0, y: 0 }),
      this.viewer.imageToClient({ x: 1, y: 0 }),
      this.viewer.imageToClient({ x: 0, y: 1 }),
      { x: rect.left, y: rect.top },
    );
  }

  /** Image px per CSS px at the current zoom (to size strokes and tolerances on screen). */
  imagePerScreenPx(): number {
    const scale = this.mapping().scale;
    return scale > 0 ? 1 / scale : 1;
  }

  /** Redraws now if anything changed (also called from the animation-frame loop). */
  render(force = false): void {
    const rect = this.canvas.getBoundingClientRect();
    const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
    const map = this.mapping();
    const key = [
      rect.width,
      rect.height,
      dpr,
      map.scale,
      map.offsetX,
      map.offsetY,
      map.axes ? [map.axes.x.x, map.axes.x.y, map.axes.y.x, map.axes.y.y].join(',') : '',
      this.content.revision(),
    ].join('|');
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    const width = Math.max(1, Math.round(rect.width * dpr));
    const height = Math.max(1, Math.round(rect.height * dpr));
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const frame = this.content.frame();
    for (const ghost of this.content.ghosts())
      for (const annotation of this.content.annotations(ghost.frame))
        drawMark(ctx, annotation, map, ghost.alpha);
    for (const annotation of this.content.annotations(frame)) drawMark(ctx, annotation, map);
    for (const live of this.content.live(frame)) drawLiveMark(ctx, live.mark, map, live.author);
    const draft = this.content.draft();
    if (draft) drawMark(ctx, draft, map);
  }

  dispose(): void {
    if (this.frameRequest !== null) cancelAnimationFrame(this.frameRequest);
    this.frameRequest = null;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.canvas.remove();
  }

  private loop = (): void => {
    this.frameRequest = requestAnimationFrame(this.loop);
    this.onTick();
    this.render();
  };

  private sample(event: PointerEvent): PointerSample {
    const client = { x: event.clientX, y: event.clientY };
    const rect = this.canvas.getBoundingClientRect();
    const image = toImage(this.mapping(), { x: client.x - rect.left, y: client.y - rect.top });
    // Mice report 0.5 while a button is down; only pens carry real pressure.
    const pressure = event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : 0.5;
    return { image, client, pressure, shift: event.shiftKey };
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button === 1 && this.panning === null && this.activePointer === null) {
      event.preventDefault();
      this.panning = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
      this.capture(event.pointerId);
      return;
    }
    if (event.button !== 0 || this.activePointer !== null || this.panning !== null) return;
    event.preventDefault();
    this.activePointer = event.pointerId;
    this.capture(event.pointerId);
    this.input.down(this.sample(event));
  };

  private capture(pointerId: number): void {
    try {
      this.canvas.setPointerCapture(pointerId);
    } catch {
      // Synthetic events (tests) have no active pointer to capture; drawing works without.
    }
  }

  private readonly onPointerMove = (event: PointerEvent): void => {
    const panning = this.panning;
    if (panning && event.pointerId === panning.pointerId) {
      const { zoom, pan } = this.viewer;
      const dx = event.clientX - panning.x;
      const dy = event.clientY - panning.y;
      panning.x = event.clientX;
      panning.y = event.clientY;
      if (zoom > 0 && (dx !== 0 || dy !== 0))
        this.viewer.setPan(pan.x - dx / zoom, pan.y - dy / zoom);
      return;
    }
    if (event.pointerId !== this.activePointer) return;
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    this.input.move((events.length > 0 ? events : [event]).map((e) => this.sample(e)));
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    if (this.panning && event.pointerId === this.panning.pointerId) {
      this.panning = null;
      return;
    }
    if (event.pointerId !== this.activePointer) return;
    this.activePointer = null;
    if (this.canvas.hasPointerCapture?.(event.pointerId))
      this.canvas.releasePointerCapture(event.pointerId);
    this.input.up(this.sample(event));
  };

  private readonly onPointerCancel = (): void => {
    this.panning = null;
    if (this.activePointer === null) return;
    this.activePointer = null;
    this.input.cancel();
  };

  private readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    this.viewer.canvas.dispatchEvent(new WheelEvent('wheel', event));
  };
}
