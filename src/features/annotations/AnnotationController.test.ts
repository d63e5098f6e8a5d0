// @vitest-environment happy-dom
// The UI wiring in a DOM: toolbar, pointer drawing on the overlay, eraser, text box, keyboard
// shortcuts (next to the player's, without clashes), local mode outside a room.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Playback } from '../../core/playback/Playback';
import { NetworkSyncManager } from '../../network/NetworkSyncManager';
import { Toasts } from '../../ui/components/Toasts';
import type { Viewer } from '../../ui/components/Viewer';
import { registerPlayerShortcuts } from '../../ui/playerShortcuts';
import { KeyBindings } from '../../utils/KeyBindings';
import { fakeFactory } from '../../../test/network/testkit';
import { AnnotationController, ANNOTATION_TEXTS } from './AnnotationController';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  document.body.innerHTML = '';
  localStorage.clear();
});

/** Image px → client px: ×2, then +10 (what a zoomed viewer at the page's corner would do). */
const toClient = (p: { x: number; y: number }) => ({ x: p.x * 2 + 10, y: p.y * 2 + 10 });

function setup() {
  const stage = document.createElement('div');
  const slot = document.createElement('div');
  const strip = document.createElement('div');
  document.body.append(slot, strip, stage);
  const session = new Playback();
  const network = new NetworkSyncManager({
    url: 'ws://127.0.0.1:1/sync',
    createWebSocket: fakeFactory().factory,
    onlineEvents: null,
  });
  const keyBindings = new KeyBindings();
  keyBindings.attach(window);
  const toasts = new Toasts(document.body);
  const viewer = {
    canvas: document.createElement('canvas'),
    zoom: 2,
    pan: { x: 0, y: 0 },
    imageToClient: toClient,
    setPan(x: number, y: number) {
      this.pan = { x, y };
    },
  };
  const playerOff = registerPlayerShortcuts(keyBindings, {
    session,
    viewer: viewer as unknown as Viewer,
    toggleHelp: () => undefined,
    openMedia: () => undefined,
  });
  const controller = new AnnotationController({
    stage,
    slot,
    strip,
    session,
    viewer,
    network,
    keyBindings,
    toasts,
  });
  cleanups.push(() => {
    controller.dispose();
    playerOff();
    keyBindings.detach();
    network.dispose();
    session.dispose();
  });
  const overlay = stage.querySelector<HTMLCanvasElement>('[data-testid="annotation-overlay"]');
  if (!overlay) throw new Error('no overlay');
  const pointer = (type: string, image: { x: number; y: number }, init: PointerEventInit = {}) => {
    const client = toClient(image);
    overlay.dispatchEvent(
      new PointerEvent(type, {
        pointerId: 1,
        button: 0,
        clientX: client.x,
        clientY: client.y,
        bubbles: true,
        cancelable: true,
        ...init,
      }),
    );
  };
  const drag = (from: { x: number; y: number }, to: { x: number; y: number }, init = {}) => {
    pointer('pointerdown', from, init);
    pointer('pointermove', { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 }, init);
    pointer('pointermove', to, init);
    pointer('pointerup', to, init);
  };
  const press = (key: string, init: KeyboardEventInit = {}) =>
    window.dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true, ...init }));
  const byId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return {
    controller,
    session,
    stage,
    slot,
    strip,
    drag,
    pointer,
    press,
    byId,
    viewer,
    doc: controller.annotations.doc,
  };
}

describe('AnnotationController', () => {
  it('the header toggle opens the toolbar; D toggles too; outside a room drawing is local', () => {
    const { byId, press, controller, stage, strip } = setup();
    const toggle = byId('annotate-toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    toggle.click();
    expect(controller.isActive).toBe(true);
    expect(byId('annotate-toolbar')?.hidden).toBe(false);
    // The palette is chrome above the picture, never on the stage over it.
    expect(byId('annotate-toolbar')?.parentElement).toBe(strip);
    expect(stage.querySelector('[data-testid="annotate-toolbar"]')).toBeNull();
    expect(byId('annotate-mode')?.textContent).toBe(ANNOTATION_TEXTS.local);
    press('d');
    expect(controller.isActive).toBe(false);
    expect(byId('annotate-toolbar')?.hidden).toBe(true);
  });

  it('draws in image coordinates from pointer events, with undo and redo on the keyboard', () => {
    const { controller, drag, press, doc, byId, session } = setup();
    session.seek(12);
    controller.setActive(true);
    controller.setTool('line');
    (byId('annotate-color-007aff') as HTMLButtonElement).click();
    drag({ x: 10, y: 5 }, { x: 60, y: 5 });
    const [line] = doc.all();
    expect(line).toMatchObject({ tool: 'line', frame: 12, color: '#007aff', author: 'local' });
    expect(line?.points).toEqual([10, 5, 0.5, 60, 5, 0.5]);
    // 4 screen px at 2 screen px per image px: 2 image px.
    expect(line?.width).toBe(2);
    expect((byId('annotate-undo') as HTMLButtonElement).disabled).toBe(false);
    press('z', { ctrlKey: true });
    expect(doc.size).toBe(0);
    press('Z', { ctrlKey: true, shiftKey: true });
    expect(doc.size).toBe(1);
    press('y', { ctrlKey: true });
    expect(doc.size).toBe(1);
  });

  it('nothing is drawn while drawing mode is off (the viewer keeps the pointer)', () => {
    const { drag, doc, stage } = setup();
    drag({ x: 10, y: 5 }, { x: 60, y: 5 });
    expect(doc.size).toBe(0);
    const overlay = stage.querySelector('[data-testid="annotation-overlay"]');
    expect(overlay?.classList.contains('rs-annotations__overlay--drawing')).toBe(false);
  });

  it('a middle-button drag pans the picture instead of drawing', () => {
    const { controller, drag, doc, viewer } = setup();
    controller.setActive(true);
    drag({ x: 0, y: 0 }, { x: 10, y: 5 }, { button: 1 });
    expect(doc.size).toBe(0);
    // 10 × 5 image px = 20 × 10 screen px at zoom 2: the view centre moves back by 10 × 5.
    expect(viewer.pan).toEqual({ x: -10, y: -5 });
  });

  it('the eraser removes what it crosses as one undoable step', () => {
    const { controller, drag, doc } = setup();
    controller.setActive(true);
    controller.setTool('line');
    drag({ x: 0, y: 10 }, { x: 100, y: 10 });
    drag({ x: 0, y: 30 }, { x: 100, y: 30 });
    drag({ x: 0, y: 90 }, { x: 100, y: 90 });
    controller.setTool('eraser');
    drag({ x: 50, y: 0 }, { x: 50, y: 40 });
    expect(doc.all().map((a) => a.points[1])).toEqual([90]);
    controller.undo();
    expect(doc.size).toBe(3);
  });

  it('the text tool opens a box where clicked; Enter makes a text annotation, Escape cancels', () => {
    const { controller, pointer, doc, byId } = setup();
    controller.setActive(true);
    controller.setTool('text');
    pointer('pointerdown', { x: 20, y: 30 });
    pointer('pointerup', { x: 20, y: 30 });
    const input = byId('annotate-text-input') as HTMLInputElement;
    expect(input).not.toBeNull();
    input.value = '  Fix the edge  ';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(byId('annotate-text-input')).toBeNull();
    expect(doc.all()[0]).toMatchObject({
      tool: 'text',
      text: 'Fix the edge',
      points: [20, 30, 0.5],
    });
    pointer('pointerdown', { x: 40, y: 30 });
    pointer('pointerup', { x: 40, y: 30 });
    const second = byId('annotate-text-input') as HTMLInputElement;
    second.value = 'no';
    second.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(doc.size).toBe(1);
  });

  it('clear frame removes this frame only; ghosting toggles', () => {
    const { controller, drag, doc, byId, session } = setup();
    controller.setActive(true);
    controller.setTool('rectangle');
    drag({ x: 0, y: 0 }, { x: 20, y: 20 });
    session.seek(2);
    drag({ x: 0, y: 0 }, { x: 20, y: 20 });
    (byId('annotate-clear') as HTMLButtonElement).click();
    expect(doc.all().map((a) => a.frame)).toEqual([1]);
    const ghost = byId('annotate-ghosting') as HTMLButtonElement;
    ghost.click();
    expect(ghost.getAttribute('aria-pressed')).toBe('true');
  });

  it('drawing pauses playback so the stroke belongs to one frame', () => {
    const { controller, drag, session } = setup();
    const pause = vi.spyOn(session, 'pause');
    session.play();
    controller.setActive(true);
    drag({ x: 0, y: 0 }, { x: 20, y: 20 });
    expect(pause).toHaveBeenCalled();
    expect(session.isPlaying).toBe(false);
  });
});

describe('local drawings and media', () => {
  it('belong to the clip they were drawn on: another clip starts clean, coming back restores them', () => {
    const { controller, drag, doc } = setup();
    controller.setActive(true);
    controller.setTool('line');
    controller.annotations.setMediaKey('a.mov|1-10|100x100');
    drag({ x: 0, y: 10 }, { x: 100, y: 10 });
    expect(doc.size).toBe(1);
    controller.annotations.setMediaKey('b.mov|1-10|100x100');
    expect(doc.size).toBe(0);
    expect(doc.canUndo('local')).toBe(false);
    drag({ x: 0, y: 30 }, { x: 100, y: 30 });
    controller.annotations.setMediaKey('a.mov|1-10|100x100');
    expect(doc.all().map((a) => a.points[1])).toEqual([10]);
    controller.annotations.setMediaKey('b.mov|1-10|100x100');
    expect(doc.all().map((a) => a.points[1])).toEqual([30]);
  });
});
