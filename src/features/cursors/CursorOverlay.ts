// Other users' pointers over the picture: a labelled arrow per user in the user's color, placed
// from image coordinates (so it follows this viewer's zoom and pan), fading after a few seconds
// of stillness, hidden when the user's pointer leaves their picture.
import type { RemoteCursor } from '../../network/types';
import { el } from '../../ui/components/shared/dom';
import { LaserTrails } from './LaserTrail';
import './cursors.css';

export interface Point {
  x: number;
  y: number;
}

export interface CursorOverlayOptions {
  /** Positioned element the overlay covers (the stage). */
  container: HTMLElement;
  /** Image px -> client (viewport) px: the viewer's mapping. */
  imageToClient(p: Point): Point;
  /** What this player shows: a paused player marks pointers that are on another frame. */
  frame(): { frame: number; playing: boolean };
  /** Stillness before a pointer fades out (default 3 s). */
  fadeAfterMs?: number;
}

interface Entry {
  element: HTMLElement;
  label: HTMLElement;
  name: string;
  cursor: RemoteCursor;
  fadeTimer: ReturnType<typeof setTimeout> | null;
}

export const DEFAULT_FADE_AFTER_MS = 3000;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Black or white text, whichever reads better on `color` (#rrggbb). */
export function labelTextColor(color: string): string {
  const hex = /^#([0-9a-f]{6})/iu.exec(color)?.[1];
  if (!hex) return '#ffffff';
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  // Perceived brightness (Rec.601 weights, fine for picking a text color).
  return 0.299 * r + 0.587 * g + 0.114 * b > 0.6 ? '#111111' : '#ffffff';
}

function arrowIcon(color: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 20');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('rs-cursor__arrow');
  const path = document.createElementNS(SVG_NS, 'path');
  // Tip at (1,1): the element's origin is the pointed-at image point.
  path.setAttribute('d', 'M1 1 L1 16 L5 12 L8 19 L11 17.6 L8 11 L14 11 Z');
  path.setAttribute('fill', color);
  path.setAttribute('stroke', '#ffffff');
  path.setAttribute('stroke-width', '1.2');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

export class CursorOverlay {
  readonly element: HTMLElement;
  /** Laser pointers' fading trails (others', and this user's own). */
  readonly trails: LaserTrails;
  private readonly entries = new Map<string, Entry>();
  private readonly fadeAfterMs: number;
  private shown = true;

  constructor(private readonly options: CursorOverlayOptions) {
    this.fadeAfterMs = options.fadeAfterMs ?? DEFAULT_FADE_AFTER_MS;
    this.element = el('div', {
      className: 'rs-cursors',
      testId: 'remote-cursors',
      attrs: { 'aria-hidden': 'true' },
    });
    options.container.append(this.element);
    this.trails = new LaserTrails({
      container: this.element,
      imageToClient: (p) => options.imageToClient(p),
    });
  }

  /** User ids with a pointer on the overlay (shown or faded). */
  get userIds(): string[] {
    return [...this.entries.keys()];
  }

  get enabled(): boolean {
    return this.shown;
  }

  /** Shows or hides every remote pointer (the user's own choice; positions keep updating). */
  setEnabled(on: boolean): void {
    this.shown = on;
    this.element.hidden = !on;
  }

  /** A pointer message arrived: place it, show it, restart its fade. */
  update(cursor: RemoteCursor, name: string): void {
    let entry = this.entries.get(cursor.userId);
    if (!entry || entry.cursor.color !== cursor.color) {
      if (entry) this.remove(cursor.userId);
      entry = this.create(cursor, name);
    }
    entry.cursor = { ...cursor };
    entry.element.classList.toggle('rs-cursor--laser', cursor.laser === true);
    entry.element.dataset.laser = String(cursor.laser === true);
    if (cursor.laser && cursor.visible) this.trails.add(cursor.userId, cursor, cursor.color);
    else this.trails.clear(cursor.userId);
    this.setName(cursor.userId, name);
    if (entry.fadeTimer !== null) clearTimeout(entry.fadeTimer);
    entry.fadeTimer = null;
    entry.element.classList.remove('rs-cursor--idle');
    if (cursor.visible) {
      const current = entry;
      entry.fadeTimer = setTimeout(() => {
        current.fadeTimer = null;
        current.element.classList.add('rs-cursor--idle');
      }, this.fadeAfterMs);
    }
    this.place(entry, this.options.container.getBoundingClientRect());
  }

  setName(userId: string, name: string): void {
    const entry = this.entries.get(userId);
    if (!entry || entry.name === name) return;
    entry.name = name;
    this.renderLabel(entry);
  }

  remove(userId: string): void {
    const entry = this.entries.get(userId);
    if (!entry) return;
    if (entry.fadeTimer !== null) clearTimeout(entry.fadeTimer);
    entry.element.remove();
    this.entries.delete(userId);
    this.trails.clear(userId);
  }

  clear(): void {
    for (const userId of this.userIds) this.remove(userId);
  }

  /** Re-places every pointer: the view (zoom, pan, size) or the shown frame changed. */
  reposition(): void {
    this.trails.render();
    if (this.entries.size === 0) return;
    const rect = this.options.container.getBoundingClientRect();
    for (const entry of this.entries.values()) this.place(entry, rect);
  }

  dispose(): void {
    this.clear();
    this.trails.dispose();
    this.element.remove();
  }

  private create(cursor: RemoteCursor, name: string): Entry {
    const label = el('span', { className: 'rs-cursor__label', testId: 'remote-cursor-label' });
    label.style.background = cursor.color;
    label.style.color = labelTextColor(cursor.color);
    const element = el('div', { className: 'rs-cursor', testId: 'remote-cursor' }, [
      arrowIcon(cursor.color),
      label,
    ]);
    element.dataset.userId = cursor.userId;
    this.element.append(element);
    const entry: Entry = { element, label, name: '', cursor, fadeTimer: null };
    this.entries.set(cursor.userId, entry);
    this.setName(cursor.userId, name);
    return entry;
  }

  private renderLabel(entry: Entry): void {
    const other = entry.element.dataset.otherFrame;
    entry.label.textContent = other ? `${entry.name} · frame ${other}` : entry.name;
  }

  private place(entry: Entry, rect: DOMRect): void {
    const { cursor, element } = entry;
    const client = this.options.imageToClient({ x: cursor.x, y: cursor.y });
    const x = client.x - rect.left;
    const y = client.y - rect.top;
    const inside =
      Number.isFinite(x) &&
      Number.isFinite(y) &&
      x >= 0 &&
      y >= 0 &&
      x <= rect.width &&
      y <= rect.height;
    element.hidden = !cursor.visible || !inside;
    element.style.transform = `translate(${x}px, ${y}px)`;
    element.dataset.x = x.toFixed(1);
    element.dataset.y = y.toFixed(1);
    const { frame, playing } = this.options.frame();
    // While playing everyone's frame moves on and a pointer's frame is a few ms old: only a
    // paused player marks pointers aimed at another frame.
    const otherFrame = !playing && cursor.frame !== frame ? String(cursor.frame) : '';
    if ((element.dataset.otherFrame ?? '') !== otherFrame) {
      if (otherFrame) element.dataset.otherFrame = otherFrame;
      else delete element.dataset.otherFrame;
      element.classList.toggle('rs-cursor--other-frame', otherFrame !== '');
      this.renderLabel(entry);
    }
  }
}
