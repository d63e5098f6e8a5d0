// @vitest-environment happy-dom
// The Image format panel without a viewer: it shows the state it is given (a custom mask or
// pixel aspect in its own field) and turns each control into one checked change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_FORMAT } from '../../protocol/index';
import { FormatPanel, type FormatPanelEvents } from './FormatPanel';

let panel: FormatPanel;
let events: Array<[keyof FormatPanelEvents, unknown]>;

const byId = <T extends HTMLElement>(id: string) => {
  const found = panel.element.querySelector<T>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`no ${id}`);
  return found;
};
const choose = (id: string, value: string) => {
  const select = byId<HTMLSelectElement>(id);
  select.value = value;
  select.dispatchEvent(new Event('change'));
};
const type = (id: string, value: string, event = 'change') => {
  const input = byId<HTMLInputElement>(id);
  input.value = value;
  input.dispatchEvent(new Event(event));
};

beforeEach(() => {
  panel = new FormatPanel();
  document.body.append(panel.element);
  events = [];
  for (const name of ['changed', 'rotate', 'reset', 'closeRequested'] as const)
    panel.on(name, (value) => events.push([name, value]));
});
afterEach(() => panel.dispose());

describe('FormatPanel', () => {
  it('shows the format: presets in the menus, custom values in their fields, the summary line', () => {
    panel.render({
      format: { ...DEFAULT_IMAGE_FORMAT, pixelAspect: 1.7, rotation: 270, flop: true },
      mask: 1.66,
      sourcePixelAspect: 1,
      image: { width: 100, height: 50 },
      shown: { width: 50, height: 170 },
    });
    expect(byId<HTMLSelectElement>('format-par').value).toBe('custom');
    expect(byId<HTMLInputElement>('format-par-custom').hidden).toBe(false);
    expect(byId<HTMLInputElement>('format-par-custom').value).toBe('1.7');
    expect(byId('format-rotation').textContent).toBe('270°');
    expect(byId('format-flop').getAttribute('aria-pressed')).toBe('true');
    expect(byId('format-flip').getAttribute('aria-pressed')).toBe('false');
    expect(byId<HTMLSelectElement>('format-mask').value).toBe('custom');
    expect(byId<HTMLInputElement>('format-mask-custom').value).toBe('1.66');
    expect(byId('format-info').textContent).toBe(
      'pixel aspect 1.7, rotated 270°, flopped, mask 1.66 at 82 % — 100×50 shown as 50×170',
    );

    panel.render({
      format: DEFAULT_IMAGE_FORMAT,
      mask: '2.39',
      sourcePixelAspect: 2,
      image: null,
      shown: null,
    });
    expect(byId<HTMLSelectElement>('format-par').value).toBe('file');
    expect(byId<HTMLInputElement>('format-par-custom').hidden).toBe(true);
    expect(byId<HTMLSelectElement>('format-mask').value).toBe('2.39');
    expect(byId<HTMLInputElement>('format-mask-custom').hidden).toBe(true);
    expect(byId('format-info').textContent).toContain('(the file says pixel aspect 2)');
  });

  it('turns each control into one change', () => {
    panel.render({
      format: DEFAULT_IMAGE_FORMAT,
      mask: null,
      sourcePixelAspect: 1,
      image: null,
      shown: null,
    });
    choose('format-par', '2');
    choose('format-par', 'file');
    type('format-par-custom', '1.25');
    type('format-par-custom', '50'); // outside 0.1–10: nothing
    byId('format-rotate-cw').click();
    byId('format-rotate-ccw').click();
    byId('format-flip').click();
    choose('format-mask', '1.85');
    choose('format-mask', '');
    type('format-mask-custom', '16:9');
    type('format-mask-custom', 'wide'); // not a ratio: nothing, and the field says why
    type('format-mask-opacity', '40', 'input');
    byId('format-reset').click();
    expect(events).toEqual([
      ['changed', { pixelAspect: 2 }],
      ['changed', { pixelAspect: null }],
      ['changed', { pixelAspect: 1.25 }],
      ['rotate', 90],
      ['rotate', -90],
      ['changed', { flip: true }],
      ['changed', { mask: '1.85' }],
      ['changed', { mask: null }],
      ['changed', { mask: 1.7778 }],
      ['changed', { maskOpacity: 0.4 }],
      ['reset', undefined],
    ]);
    expect(byId<HTMLInputElement>('format-mask-custom').validationMessage).toContain('0.5 to 4');
  });
});
