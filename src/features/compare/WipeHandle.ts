// The wipe divider on the picture, only while the compare mode is wipe: a line through the wipe
// point at its angle, a knob at the point (drag: move the divider) and a knob along the line
// (drag: turn it). It is the one compare control over the picture; everything else is chrome.
import type { Viewer } from '../../ui/components/Viewer';
import { el } from '../../ui/components/shared/dom';
import type { CompareModel } from './model';

const ROTATE_DISTANCE_PX = 70;

export class WipeHandle {
  readonly element: HTMLElement;
  private readonly line = el('div', { className: 'rs-wipe__line' });
  private readonly knob = el('div', {
    className: 'rs-wipe__knob',
    testId: 'compare-wipe-handle',
    title: 'Drag to move the wipe',
  });
  private readonly turn = el('div', {
    className: 'rs-wipe__turn',
    testId: 'compare-wipe-rotate',
    title: 'Drag to turn the wipe',
  });
  private drag: { pointerId: number; kind: 'move' | 'turn' } | null = null;

  constructor(
    private readonly stage: HTMLElement,
    private readonly viewer: Viewer,
    private readonly model: CompareModel,
    /** A's picture size as the viewer shows it (image px). */
    private readonly shownSize: () => { width: number; height: number },
  ) {
    this.element = el('div', { className: 'rs-wipe', testId: 'compare-wipe' }, [
      this.line,
      this.knob,
      this.turn,
    ]);
    for (const [part, kind] of [
      [this.knob, 'move'],
      [this.turn, 'turn'],
    ] as const) {
      part.addEventListener('pointerdown', (event) => {
        event.preventDefault();
        event.stopPropagation();
        part.setPointerCapture(event.pointerId);
        this.drag = { pointerId: event.pointerId, kind };
      });
      part.addEventListener('pointermove', (event) => this.onMove(event));
      const end = (event: PointerEvent) => {
        if (this.drag?.pointerId === event.pointerId) this.drag = null;
      };
      part.addEventListener('pointerup', end);
      part.addEventListener('pointercancel', end);
    }
  }

  /** Shown in wipe mode only; placed where the divider is now. */
  update(): void {
    const { mode, wipe } = this.model.compare;
    const size = this.shownSize();
    const show = mode === 'wipe' && size.width > 0 && size.height > 0;
    if (!show) {
      this.element.remove();
      return;
    }
    if (!this.element.isConnected) this.stage.append(this.element);
    const stageRect = this.stage.getBoundingClientRect();
    const point = this.viewer.imageToClient({ x: wipe.x * size.width, y: wipe.y * size.height });
    const x = point.x - stageRect.left;
    const y = point.y - stageRect.top;
    const radians = (wipe.angle * Math.PI) / 180;
    const length = 2 * Math.hypot(stageRect.width, stageRect.height);
    this.line.style.width = `${length}px`;
    this.line.style.transform = `translate(${x - length / 2}px, ${y}px) rotate(${wipe.angle + 90}deg)`;
    this.knob.style.transform = `translate(${x}px, ${y}px)`;
    const tx = x - Math.sin(radians) * ROTATE_DISTANCE_PX;
    const ty = y + Math.cos(radians) * ROTATE_DISTANCE_PX;
    this.turn.style.transform = `translate(${tx}px, ${ty}px)`;
  }

  dispose(): void {
    this.element.remove();
  }

  private onMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const { wipe } = this.model.compare;
    const size = this.shownSize();
    if (drag.kind === 'move') {
      const p = this.viewer.clientToImage({ x: event.clientX, y: event.clientY });
      this.model.setCompare({ wipe: { ...wipe, x: p.x / size.width, y: p.y / size.height } });
      return;
    }
    const centre = this.viewer.imageToClient({ x: wipe.x * size.width, y: wipe.y * size.height });
    const along = Math.atan2(event.clientY - centre.y, event.clientX - centre.x);
    const angle = Math.round((along * 180) / Math.PI - 90);
    this.model.setCompare({ wipe: { ...wipe, angle } });
  }
}
