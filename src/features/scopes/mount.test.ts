// @vitest-environment happy-dom
// mountScopes wiring without WebGL (happy-dom has none): the shortcuts open the panel and turn
// the probe and guides on, the guides follow the viewer (view sync), the refusals say why, and
// window.reelsync.scopes is published and withdrawn. The GPU paths run in e2e/scopes.spec.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeatureContext, FeatureScripting } from '../../feature';
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import type { NetworkSyncEvents } from '../../network/types';
import type { FrameGuides } from '../../protocol/index';
import { Toasts } from '../../ui/components/Toasts';
import type { Viewer } from '../../ui/components/Viewer';
import { EventEmitter } from '../../utils/EventEmitter';
import { KeyBindings } from '../../utils/KeyBindings';
import { Playback } from '../../core/playback/Playback';
import { mountScopes } from './mount';

class FakeViewer extends EventEmitter<{
  zoomChanged: number;
  panChanged: { x: number; y: number };
  fitZoomChanged: number;
  guidesChanged: FrameGuides;
}> {
  readonly gpu = null;
  guides: FrameGuides = { safeAreas: false, mask: null };
  imageToClient(p: { x: number; y: number }) {
    return { x: p.x / 2, y: p.y / 2 };
  }
  clientToImage(p: { x: number; y: number }) {
    return { x: p.x * 2, y: p.y * 2 };
  }
  setGuides(guides: FrameGuides) {
    if (guides.safeAreas === this.guides.safeAreas && guides.mask === this.guides.mask) return;
    this.guides = { ...guides };
    this.emit('guidesChanged', this.guides);
  }
}

class FakeNetwork extends EventEmitter<NetworkSyncEvents> {
  users = [];
}

let stage: HTMLElement;
let side: HTMLElement;
let status: HTMLElement;
let colorSlot: HTMLElement;
let viewer: FakeViewer;
let keys: KeyBindings;
let scripting: FeatureScripting;
let pointer: { probe: boolean };
let unmount: () => void;

const press = (key: string) =>
  window.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey: true }));
const byId = (root: HTMLElement, id: string) =>
  root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

beforeEach(() => {
  stage = document.createElement('div');
  side = document.createElement('aside');
  status = document.createElement('div');
  colorSlot = document.createElement('div');
  document.body.append(colorSlot, stage, side, status);
  viewer = new FakeViewer();
  keys = new KeyBindings();
  keys.attach(window);
  scripting = { library: null, audio: null, color: null, scopes: null, format: null };
  pointer = { probe: false };
  const session = new Playback();
  const context = {
    root: document.body,
    stage,
    side,
    status,
    session,
    viewer: viewer as unknown as Viewer,
    network: new FakeNetwork() as unknown as NetworkSyncManager,
    keyBindings: keys,
    toasts: new Toasts(status),
    scripting,
    pointer,
    header: { colorSlot },
  } as unknown as FeatureContext;
  unmount = mountScopes(context);
});

afterEach(() => {
  unmount();
  keys.dispose();
  document.body.replaceChildren();
});

describe('mountScopes', () => {
  it('opens the panel beside the picture with Shift+S and says why it cannot measure', () => {
    const panel = byId(side, 'scopes-panel');
    expect(panel?.hidden).toBe(true);
    press('S');
    expect(panel?.hidden).toBe(false);
    expect(byId(side, 'scopes-info')?.textContent).toMatch(/WebGL2/);
    expect(byId(stage, 'scopes-panel')).toBeNull();
    byId(side, 'scopes-close')?.click();
    expect(panel?.hidden).toBe(true);
  });

  it('has a header button that toggles the panel like Shift+S and says whether it is open', () => {
    const button = byId(colorSlot, 'scopes-toggle');
    const panel = byId(side, 'scopes-panel');
    expect(button?.getAttribute('aria-label')).toMatch(/Scopes.*Shift\+S/);
    expect(button?.getAttribute('aria-pressed')).toBe('false');
    button?.click();
    expect(panel?.hidden).toBe(false);
    expect(button?.getAttribute('aria-pressed')).toBe('true');
    press('S'); // the key and the button are one toggle
    expect(panel?.hidden).toBe(true);
    expect(button?.getAttribute('aria-pressed')).toBe('false');
    button?.click();
    byId(side, 'scopes-close')?.click();
    expect(button?.getAttribute('aria-pressed')).toBe('false');
    unmount();
    unmount = () => {};
    expect(byId(colorSlot, 'scopes-toggle')).toBeNull();
  });

  it('turns the probe on with Shift+Q: the readout says what is missing, the pointer is marked', () => {
    press('Q');
    expect(pointer.probe).toBe(true);
    expect(stage.classList.contains('rs-stage--probe')).toBe(true);
    expect(byId(status, 'probe-readout')?.textContent).toMatch(/needs WebGL2/);
    press('Q');
    expect(pointer.probe).toBe(false);
    expect(byId(status, 'probe-readout')?.hidden).toBe(true);
  });

  it('keeps the guides and the viewer (view sync) in step both ways', () => {
    press('T');
    expect(viewer.guides).toEqual({ safeAreas: true, mask: null });
    press('M');
    expect(viewer.guides).toEqual({ safeAreas: true, mask: '1.33' });
    viewer.setGuides({ safeAreas: false, mask: '2.39' }); // from the room
    expect(scripting.scopes?.state()).toMatchObject({ safeAreas: false, mask: '2.39' });
  });

  it('publishes window.reelsync.scopes, refuses bad names, and withdraws it on unmount', () => {
    const api = scripting.scopes;
    expect(api?.read()).toBeNull(); // no WebGL2: nothing to read
    expect(api?.probe(1, 1)).toBeNull();
    expect(() => api?.setScope('rainbow' as never, true)).toThrow(/Unknown scope "rainbow"/);
    expect(() => api?.read(['rainbow' as never])).toThrow(/Unknown scope/);
    api?.setScope('parade', true);
    expect(api?.state().scopes).toEqual(['histogram', 'waveform', 'parade']);
    unmount();
    unmount = () => {};
    expect(scripting.scopes).toBeNull();
    expect(byId(side, 'scopes-panel')).toBeNull();
    expect(byId(stage, 'guides-overlay')).toBeNull();
  });
});
