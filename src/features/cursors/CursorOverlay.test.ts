// @vitest-environment happy-dom
// The remote-pointer overlay: placement through the viewer's mapping, labels, fading, hiding,
// removal, the other-frame mark and the user's own on/off switch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RemoteCursor } from '../../network/types';
import { CursorOverlay, labelTextColor, type Point } from './CursorOverlay';

let container: HTMLElement;
let overlay: CursorOverlay;
/** The "viewer": image px -> client px at zoom 2, offset (100, 50). */
let zoom = 2;
const toClient = (p: Point): Point => ({ x: 100 + p.x * zoom, y: 50 + p.y * zoom });
let shown = { frame: 10, playing: false };

function cursor(overrides: Partial<RemoteCursor> = {}): RemoteCursor {
  return { userId: 'u1', x: 40, y: 30, frame: 10, visible: true, color: '#3366ff', ...overrides };
}

const arrows = () => [...container.querySelectorAll<HTMLElement>('[data-testid="remote-cursor"]')];
const arrowOf = (userId: string) =>
  container.querySelector<HTMLElement>(`[data-testid="remote-cursor"][data-user-id="${userId}"]`);

beforeEach(() => {
  vi.useFakeTimers();
  zoom = 2;
  shown = { frame: 10, playing: false };
  container = document.createElement('div');
  document.body.append(container);
  // happy-dom does no layout: the stage is 800 x 600 at the viewport origin.
  container.getBoundingClientRect = () =>
    ({ left: 0, top: 0, width: 800, height: 600, right: 800, bottom: 600, x: 0, y: 0 }) as DOMRect;
  overlay = new CursorOverlay({ container, imageToClient: toClient, frame: () => shown });
});

afterEach(() => {
  overlay.dispose();
  container.remove();
  vi.useRealTimers();
});

describe('CursorOverlay', () => {
  it('places the arrow at the image point through the viewer mapping, labelled with the name', () => {
    overlay.update(cursor(), 'Ada');
    const arrow = arrowOf('u1')!;
    expect(arrow.hidden).toBe(false);
    expect(arrow.style.transform).toBe('translate(180px, 110px)');
    expect(arrow.textContent).toBe('Ada');
    const label = arrow.querySelector<HTMLElement>('.rs-cursor__label')!;
    expect(label.style.background).toContain('#3366ff');
    expect(arrow.querySelector('path')?.getAttribute('fill')).toBe('#3366ff');
  });

  it('follows zoom and pan on reposition', () => {
    overlay.update(cursor(), 'Ada');
    zoom = 4;
    overlay.reposition();
    expect(arrowOf('u1')!.style.transform).toBe('translate(260px, 170px)');
  });

  it('one arrow per user; updates move it; names follow renames', () => {
    overlay.update(cursor(), 'Ada');
    overlay.update(cursor({ userId: 'u2', color: '#ff0000' }), 'Bob');
    overlay.update(cursor({ x: 0, y: 0 }), 'Ada');
    expect(arrows()).toHaveLength(2);
    expect(arrowOf('u1')!.style.transform).toBe('translate(100px, 50px)');
    overlay.setName('u2', 'Robert');
    expect(arrowOf('u2')!.textContent).toBe('Robert');
  });

  it('fades after a few seconds of stillness and comes back on the next move', () => {
    overlay.update(cursor(), 'Ada');
    vi.advanceTimersByTime(2900);
    expect(arrowOf('u1')!.classList.contains('rs-cursor--idle')).toBe(false);
    vi.advanceTimersByTime(200);
    expect(arrowOf('u1')!.classList.contains('rs-cursor--idle')).toBe(true);
    overlay.update(cursor({ x: 41 }), 'Ada');
    expect(arrowOf('u1')!.classList.contains('rs-cursor--idle')).toBe(false);
  });

  it('hides when the pointer left the other picture, or lies outside this stage', () => {
    overlay.update(cursor({ visible: false }), 'Ada');
    expect(arrowOf('u1')!.hidden).toBe(true);
    overlay.update(cursor({ x: 5000 }), 'Ada');
    expect(arrowOf('u1')!.hidden).toBe(true);
    overlay.update(cursor(), 'Ada');
    expect(arrowOf('u1')!.hidden).toBe(false);
  });

  it('a paused player marks a pointer on another frame; playing does not', () => {
    overlay.update(cursor({ frame: 12 }), 'Ada');
    const arrow = arrowOf('u1')!;
    expect(arrow.classList.contains('rs-cursor--other-frame')).toBe(true);
    expect(arrow.textContent).toBe('Ada · frame 12');
    shown = { frame: 11, playing: true };
    overlay.reposition();
    expect(arrow.classList.contains('rs-cursor--other-frame')).toBe(false);
    expect(arrow.textContent).toBe('Ada');
  });

  it('removes a user, clears all, and can be switched off by the user', () => {
    overlay.update(cursor(), 'Ada');
    overlay.update(cursor({ userId: 'u2' }), 'Bob');
    overlay.remove('u1');
    expect(overlay.userIds).toEqual(['u2']);
    overlay.setEnabled(false);
    expect(overlay.element.hidden).toBe(true);
    overlay.setEnabled(true);
    overlay.clear();
    expect(arrows()).toHaveLength(0);
  });

  it('picks readable label text for light and dark colors', () => {
    expect(labelTextColor('#ffee00')).toBe('#111111');
    expect(labelTextColor('#1a237e')).toBe('#ffffff');
    expect(labelTextColor('not a color')).toBe('#ffffff');
  });
});
