// The color panel: a header toggle button and a popover of sliders (with readouts, per-control
// double-click reset and Reset All) bound both ways to the viewer's color adjustments.
import {
  COLOR_CONTROLS,
  COLOR_RANGES,
  DEFAULT_COLOR,
  type ColorAdjustments,
  type ColorControl,
} from '../../render/color';
import type { Viewer } from './Viewer';
import { button, el, iconButton, inputOfType, listen, onPointerDownOutside } from './shared/dom';
import { setIcon } from './shared/Icons';
import '../styles/color-panel.css';

const LABELS: Record<ColorControl, string> = {
  exposure: 'Exposure',
  gamma: 'Gamma',
  contrast: 'Contrast',
  saturation: 'Saturation',
  brightness: 'Brightness',
  temperature: 'Temperature',
  tint: 'Tint',
};

/** Controls whose neutral value is 0 show a sign, so "+0.50" reads as an offset. */
const SIGNED = new Set<ColorControl>(['exposure', 'brightness', 'temperature', 'tint']);

function formatValue(control: ColorControl, value: number): string {
  const decimals = control === 'brightness' ? 3 : 2;
  const text = value.toFixed(decimals);
  const sign = SIGNED.has(control) && value > 0 ? '+' : '';
  return control === 'exposure' ? `${sign}${text} EV` : `${sign}${text}`;
}

interface ControlRow {
  row: HTMLElement;
  input: HTMLInputElement;
  output: HTMLOutputElement;
}

export class ColorPanel {
  /** Place this in the header's utility group; it holds the toggle button and the popover. */
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly rows = new Map<ColorControl, ControlRow>();
  private readonly hint: HTMLElement;
  private sectionActive = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly viewer: Viewer) {
    this.button = iconButton('Color adjustments', {
      className: 'rs-color-panel__button',
      testId: 'color-panel-button',
      attrs: { 'aria-haspopup': 'dialog', 'aria-expanded': 'false' },
    });
    setIcon(this.button, 'color');

    const resetAll = button({
      className: 'rs-button rs-color-panel__reset',
      testId: 'color-reset',
      text: 'Reset all',
      title: 'Reset every color control',
    });

    const list = el('div', { className: 'rs-color-panel__controls' });
    for (const control of COLOR_CONTROLS) list.append(this.createRow(control));

    this.panel = el(
      'div',
      {
        className: 'rs-color-panel',
        testId: 'color-panel',
        attrs: { role: 'dialog', 'aria-label': 'Color adjustments' },
      },
      [
        el('div', { className: 'rs-color-panel__header' }, [
          el('span', { className: 'rs-color-panel__title', text: 'Color' }),
          resetAll,
        ]),
        list,
        (this.hint = el('p', {
          className: 'rs-color-panel__hint',
          text: 'Double-click a slider to reset it.',
        })),
      ],
    );
    this.panel.id = `rs-color-panel-${Math.random().toString(36).slice(2, 8)}`;
    this.panel.hidden = true;
    this.button.setAttribute('aria-controls', this.panel.id);

    this.element = el('div', { className: 'rs-color-panel-host' }, [this.button, this.panel]);

    this.cleanups.push(
      listen(this.button, 'click', () => this.toggle()),
      listen(resetAll, 'click', () => this.viewer.resetColor()),
      listen(this.element, 'keydown', (event) => {
        if (event.key === 'Escape' && this.isOpen) {
          event.stopPropagation();
          this.close();
          this.button.focus();
        }
      }),
      this.viewer.on('colorChanged', (color) => this.sync(color)),
    );
    this.cleanups.push(
      onPointerDownOutside(this.element, () => {
        if (this.isOpen) this.close();
      }),
    );
    this.sync(this.viewer.color);
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    this.setOpen(true);
  }

  close(): void {
    this.setOpen(false);
  }

  toggle(): void {
    this.setOpen(!this.isOpen);
  }

  /** A feature's part of the panel changes the picture (a look is set): the button shows it. */
  setSectionActive(active: boolean): void {
    this.sectionActive = active;
    this.sync(this.viewer.color);
  }

  /** Adds a feature's part of the panel (the looks) under the sliders; returns its remover. */
  addSection(section: HTMLElement): () => void {
    this.hint.after(section);
    return () => section.remove();
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }

  private setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    this.element.classList.toggle('rs-color-panel-host--open', open);
  }

  private createRow(control: ColorControl): HTMLElement {
    const range = COLOR_RANGES[control];
    const id = `rs-color-${control}-${Math.random().toString(36).slice(2, 8)}`;
    const input = inputOfType('range', {
      className: 'rs-color-panel__slider',
      testId: `color-${control}`,
      title: `${LABELS[control]} (double-click to reset to ${DEFAULT_COLOR[control]})`,
    });
    input.id = id;
    input.min = String(range.min);
    input.max = String(range.max);
    input.step = String(range.step);
    const output = el('output', { className: 'rs-color-panel__value' });
    output.setAttribute('for', id);
    const label = el('label', { className: 'rs-color-panel__label', text: LABELS[control] });
    label.htmlFor = id;

    const reset = (): void => this.viewer.setColor({ [control]: DEFAULT_COLOR[control] });
    this.cleanups.push(
      listen(input, 'input', () => {
        const value = input.valueAsNumber;
        if (Number.isFinite(value)) this.viewer.setColor({ [control]: value });
      }),
      listen(input, 'dblclick', reset),
      listen(label, 'dblclick', reset),
    );
    const row = el(
      'div',
      { className: 'rs-color-panel__row', attrs: { 'data-control': control } },
      [label, output, input],
    );
    this.rows.set(control, { row, input, output });
    return row;
  }

  private sync(color: ColorAdjustments): void {
    let adjusted = false;
    for (const control of COLOR_CONTROLS) {
      const row = this.rows.get(control);
      if (!row) continue;
      const value = color[control];
      // Leave the slider alone while it already shows this value (mid-drag rounding).
      if (row.input.valueAsNumber !== value) row.input.value = String(value);
      row.output.value = formatValue(control, value);
      const isDefault = value === DEFAULT_COLOR[control];
      row.row.classList.toggle('rs-color-panel__row--changed', !isDefault);
      adjusted ||= !isDefault;
    }
    adjusted ||= this.sectionActive;
    this.button.classList.toggle('rs-color-panel__button--adjusted', adjusted);
    this.button.setAttribute('aria-pressed', String(adjusted));
  }
}
