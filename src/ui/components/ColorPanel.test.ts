// @vitest-environment happy-dom
// The Viewer runs without WebGL here (happy-dom has none); only its state and events matter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ColorPanel } from './ColorPanel';
import { COLOR_RANGES, DEFAULT_COLOR, Viewer } from './Viewer';

let viewer: Viewer;
let panel: ColorPanel;
let header: HTMLElement;

const byTestId = <T extends HTMLElement>(id: string): T => {
  const found = panel.element.querySelector<T>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`missing ${id}`);
  return found;
};

function slide(control: string, value: number): HTMLInputElement {
  const input = byTestId<HTMLInputElement>(`color-${control}`);
  input.value = String(value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return input;
}

beforeEach(() => {
  viewer = new Viewer(document.createElement('div'));
  panel = new ColorPanel(viewer);
  header = document.createElement('header');
  header.append(panel.element);
  document.body.append(header);
});

afterEach(() => {
  panel.dispose();
  viewer.dispose();
  header.remove();
});

describe('ColorPanel', () => {
  it('has a slider with range, step and readout for every control', () => {
    for (const [control, range] of Object.entries(COLOR_RANGES)) {
      const input = byTestId<HTMLInputElement>(`color-${control}`);
      expect(input.type).toBe('range');
      expect(Number(input.min)).toBe(range.min);
      expect(Number(input.max)).toBe(range.max);
      expect(Number(input.step)).toBe(range.step);
      expect(input.valueAsNumber).toBe(DEFAULT_COLOR[control as keyof typeof DEFAULT_COLOR]);
    }
    expect(panel.element.querySelectorAll('output')).toHaveLength(7);
  });

  it('the button toggles the popover; Escape and outside clicks close it', () => {
    const button = byTestId<HTMLButtonElement>('color-panel-button');
    const popover = byTestId('color-panel');
    expect(popover.hidden).toBe(true);
    button.click();
    expect(popover.hidden).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    popover.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(panel.isOpen).toBe(false);
    button.click();
    byTestId('color-exposure').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    expect(panel.isOpen).toBe(true);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    expect(panel.isOpen).toBe(false);
  });

  it('moving a slider sets that control on the viewer and updates the readout', () => {
    slide('exposure', 1.5);
    slide('saturation', 0.25);
    expect(viewer.color).toEqual({ ...DEFAULT_COLOR, exposure: 1.5, saturation: 0.25 });
    const row = panel.element.querySelector('[data-control="exposure"]');
    expect(row?.querySelector('output')?.value).toBe('+1.50 EV');
    expect(row?.classList.contains('rs-color-panel__row--changed')).toBe(true);
    expect(byTestId('color-panel-button').classList).toContain('rs-color-panel__button--adjusted');
  });

  it('follows changes made elsewhere (keys, network, API)', () => {
    viewer.setColor({ gamma: 2.2, tint: -0.3 });
    expect(byTestId<HTMLInputElement>('color-gamma').valueAsNumber).toBe(2.2);
    expect(byTestId<HTMLInputElement>('color-tint').valueAsNumber).toBe(-0.3);
    const tintRow = panel.element.querySelector('[data-control="tint"]');
    expect(tintRow?.querySelector('output')?.value).toBe('-0.30');
  });

  it('double-click resets one control; Reset all resets every control', () => {
    slide('contrast', 2);
    const brightness = slide('brightness', 0.1);
    brightness.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    expect(viewer.color).toEqual({ ...DEFAULT_COLOR, contrast: 2 });
    byTestId<HTMLButtonElement>('color-reset').click();
    expect(viewer.color).toEqual(DEFAULT_COLOR);
    expect(byTestId<HTMLInputElement>('color-contrast').valueAsNumber).toBe(1);
    expect(byTestId('color-panel-button').classList).not.toContain(
      'rs-color-panel__button--adjusted',
    );
  });

  it('dispose unsubscribes from the viewer and removes its element', () => {
    panel.dispose();
    expect(viewer.listenerCount('colorChanged')).toBe(0);
    expect(panel.element.isConnected).toBe(false);
  });
});
