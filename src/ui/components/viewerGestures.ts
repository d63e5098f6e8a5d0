// The viewer's mouse gestures on its canvas: the wheel zooms about the pointer, a left or middle
// drag pans (the container gets `rs-viewer--dragging` meanwhile), a double click toggles between
// fit and 1:1. The view state they change stays in Viewer.ts.
import { wheelZoomFactor, type Point } from '../../render/viewTransform';

/** Wheel deltas in lines/pages are converted to px with these (typical browser values). */
const LINE_HEIGHT_PX = 33;
const PAGE_HEIGHT_PX = 800;

export interface GestureTarget {
  /** Zooms by `factor` keeping the client point `at` where it is. */
  zoomAt(factor: number, at: Point): void;
  /** The pointer moved by (dx, dy) CSS px while dragging. */
  panBy(dx: number, dy: number): void;
  /** Fit when zoomed, 1:1 about `at` when fitted. */
  toggleFit(at: Point): void;
}

/** Listens on `canvas`; returns the function that stops listening. */
export function bindViewerGestures(
  canvas: HTMLCanvasElement,
  container: HTMLElement,
  target: GestureTarget,
): () => void {
  let drag: { pointerId: number; x: number; y: number } | null = null;

  const onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const scale =
      event.deltaMode === 1 ? LINE_HEIGHT_PX : event.deltaMode === 2 ? PAGE_HEIGHT_PX : 1;
    target.zoomAt(wheelZoomFactor(event.deltaY * scale), { x: event.clientX, y: event.clientY });
  };

  const onPointerDown = (event: PointerEvent): void => {
    // Left or middle button pans; right is left to context menus.
    if (event.button !== 0 && event.button !== 1) return;
    drag = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
    canvas.setPointerCapture(event.pointerId);
    container.classList.add('rs-viewer--dragging');
  };

  const onPointerMove = (event: PointerEvent): void => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (dx === 0 && dy === 0) return;
    drag.x = event.clientX;
    drag.y = event.clientY;
    target.panBy(dx, dy);
  };

  const onPointerUp = (event: PointerEvent): void => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    drag = null;
    if (canvas.hasPointerCapture(event.pointerId)) {
      canvas.releasePointerCapture(event.pointerId);
    }
    container.classList.remove('rs-viewer--dragging');
  };

  const onDoubleClick = (event: MouseEvent): void => {
    target.toggleFit({ x: event.clientX, y: event.clientY });
  };

  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerUp);
  canvas.addEventListener('pointercancel', onPointerUp);
  canvas.addEventListener('dblclick', onDoubleClick);
  return () => {
    canvas.removeEventListener('wheel', onWheel);
    canvas.removeEventListener('pointerdown', onPointerDown);
    canvas.removeEventListener('pointermove', onPointerMove);
    canvas.removeEventListener('pointerup', onPointerUp);
    canvas.removeEventListener('pointercancel', onPointerUp);
    canvas.removeEventListener('dblclick', onDoubleClick);
    container.classList.remove('rs-viewer--dragging');
  };
}
