// The Image format side panel (beside the picture, never over it): pixel aspect (the file's or
// set), rotation in 90° steps, flip and flop, the crop / letterbox mask with its opacity, and a
// line saying what is applied. Changes go out as events; render() shows the viewer's state.
import type { AspectMask, ImageFormat } from '../../protocol/index';
import { button, el, inputOfType, listen } from '../../ui/components/shared/dom';
import { sidePanelFrame } from '../../ui/components/SidePanel';
import { EventEmitter } from '../../utils/EventEmitter';
import { maskRatio } from '../scopes/safeAreas';
import {
  describeFormat,
  FORMAT_MASKS,
  MAX_PIXEL_ASPECT,
  MIN_PIXEL_ASPECT,
  parseRatio,
  PIXEL_ASPECTS,
  type FormatPatch,
} from './model';
import './imageFormat.css';

export type FormatPanelEvents = {
  /** A change to apply (already checked). */
  changed: FormatPatch;
  /** Rotate by ±90°. */
  rotate: number;
  reset: void;
  closeRequested: void;
};

/** What the panel shows. */
export interface FormatView {
  format: ImageFormat;
  mask: AspectMask | null;
  sourcePixelAspect: number;
  /** Image px and display px sizes (null without media). */
  image: { width: number; height: number } | null;
  shown: { width: number; height: number } | null;
}

const FILE = 'file';
const CUSTOM = 'custom';
const NONE = '';

export class FormatPanel extends EventEmitter<FormatPanelEvents> {
  readonly element: HTMLElement;
  private readonly parSelect: HTMLSelectElement;
  private readonly parCustom: HTMLInputElement;
  private readonly rotation: HTMLOutputElement;
  private readonly flip: HTMLButtonElement;
  private readonly flop: HTMLButtonElement;
  private readonly maskSelect: HTMLSelectElement;
  private readonly maskCustom: HTMLInputElement;
  private readonly opacity: HTMLInputElement;
  private readonly opacityValue: HTMLOutputElement;
  private readonly info: HTMLElement;
  private readonly cleanups: Array<() => void> = [];

  constructor() {
    super();
    this.parSelect = el('select', {
      testId: 'format-par',
      attrs: { 'aria-label': 'Pixel aspect' },
    });
    for (const choice of PIXEL_ASPECTS)
      this.parSelect.append(
        el('option', {
          text: choice.label,
          attrs: { value: choice.value === null ? FILE : String(choice.value) },
        }),
      );
    this.parSelect.append(el('option', { text: 'Custom…', attrs: { value: CUSTOM } }));
    this.parCustom = inputOfType('number', {
      className: 'rs-format__number',
      testId: 'format-par-custom',
      attrs: {
        'aria-label': 'Custom pixel aspect',
        min: String(MIN_PIXEL_ASPECT),
        max: String(MAX_PIXEL_ASPECT),
        step: '0.01',
      },
    });

    const ccw = button({
      className: 'rs-button',
      testId: 'format-rotate-ccw',
      text: '⟲ 90°',
      title: 'Rotate 90° counter-clockwise (Shift+Alt+R)',
    });
    const cw = button({
      className: 'rs-button',
      testId: 'format-rotate-cw',
      text: '⟳ 90°',
      title: 'Rotate 90° clockwise (Alt+R)',
    });
    this.rotation = el('output', { className: 'rs-format__value', testId: 'format-rotation' });
    this.flip = button({
      className: 'rs-button rs-format__toggle',
      testId: 'format-flip',
      text: 'Flip',
      title: 'Upside down (Alt+F)',
    });
    this.flop = button({
      className: 'rs-button rs-format__toggle',
      testId: 'format-flop',
      text: 'Flop',
      title: 'Mirror left-right (Shift+Alt+F)',
    });

    this.maskSelect = el('select', { testId: 'format-mask', attrs: { 'aria-label': 'Mask' } });
    this.maskSelect.append(el('option', { text: 'No mask', attrs: { value: NONE } }));
    for (const choice of FORMAT_MASKS)
      this.maskSelect.append(el('option', { text: choice.label, attrs: { value: choice.mask } }));
    this.maskSelect.append(el('option', { text: 'Custom…', attrs: { value: CUSTOM } }));
    this.maskCustom = inputOfType('text', {
      className: 'rs-format__number',
      testId: 'format-mask-custom',
      attrs: { 'aria-label': 'Custom mask ratio (1.66, 16:9)', placeholder: '1.66 or 16:9' },
    });
    this.opacity = inputOfType('range', {
      testId: 'format-mask-opacity',
      attrs: { 'aria-label': 'Mask opacity', min: '0', max: '100', step: '1' },
    });
    this.opacityValue = el('output', { className: 'rs-format__value' });
    const reset = button({
      className: 'rs-button',
      testId: 'format-reset',
      text: 'Reset',
      title: 'As the file is: its pixel aspect, upright, no mask (Alt+0)',
    });
    this.info = el('p', { className: 'rs-side-panel__status', testId: 'format-info' });

    const row = (label: string, ...children: Node[]) =>
      el('div', { className: 'rs-format__row' }, [
        el('span', { className: 'rs-format__label', text: label }),
        ...children,
      ]);
    const frame = sidePanelFrame(
      {
        className: 'rs-format',
        testId: 'format-panel',
        title: 'Image format',
        closeLabel: 'Close image format (Alt+I)',
        closeTestId: 'format-close',
        ariaLabel: 'Image format',
      },
      [
        this.info,
        row('Pixel aspect', this.parSelect, this.parCustom),
        row('Rotation', ccw, this.rotation, cw),
        row('Mirror', this.flip, this.flop),
        row('Mask', this.maskSelect, this.maskCustom),
        row('Mask opacity', this.opacity, this.opacityValue),
        el('div', { className: 'rs-format__row' }, [reset]),
      ],
    );
    this.element = frame.element;
    this.cleanups.push(
      listen(frame.close, 'click', () => this.emit('closeRequested', undefined)),
      listen(this.parSelect, 'change', () => {
        const value = this.parSelect.value;
        if (value === CUSTOM) {
          this.parCustom.hidden = false;
          this.parCustom.focus();
          return;
        }
        this.emit('changed', { pixelAspect: value === FILE ? null : Number(value) });
      }),
      listen(this.parCustom, 'change', () => {
        const par = Number(this.parCustom.value);
        if (Number.isFinite(par) && par >= MIN_PIXEL_ASPECT && par <= MAX_PIXEL_ASPECT)
          this.emit('changed', { pixelAspect: par });
      }),
      listen(ccw, 'click', () => this.emit('rotate', -90)),
      listen(cw, 'click', () => this.emit('rotate', 90)),
      listen(this.flip, 'click', () =>
        this.emit('changed', { flip: this.flip.getAttribute('aria-pressed') !== 'true' }),
      ),
      listen(this.flop, 'click', () =>
        this.emit('changed', { flop: this.flop.getAttribute('aria-pressed') !== 'true' }),
      ),
      listen(this.maskSelect, 'change', () => {
        const value = this.maskSelect.value;
        if (value === CUSTOM) {
          this.maskCustom.hidden = false;
          this.maskCustom.focus();
          return;
        }
        const preset = FORMAT_MASKS.find((choice) => choice.mask === value)?.mask;
        this.emit('changed', { mask: preset ?? null });
      }),
      listen(this.maskCustom, 'change', () => {
        const ratio = parseRatio(this.maskCustom.value);
        this.maskCustom.setCustomValidity(ratio === null ? 'A ratio from 0.5 to 4, e.g. 1.66' : '');
        if (ratio !== null) this.emit('changed', { mask: ratio });
      }),
      listen(this.opacity, 'input', () =>
        this.emit('changed', { maskOpacity: Number(this.opacity.value) / 100 }),
      ),
      listen(reset, 'click', () => this.emit('reset', undefined)),
    );
  }

  render(view: FormatView): void {
    const { format, mask } = view;
    const parKnown = PIXEL_ASPECTS.some((choice) => choice.value === format.pixelAspect);
    this.parSelect.value =
      format.pixelAspect === null ? FILE : parKnown ? String(format.pixelAspect) : CUSTOM;
    this.parCustom.hidden = parKnown;
    if (!parKnown && document.activeElement !== this.parCustom)
      this.parCustom.value = String(format.pixelAspect);
    this.rotation.value = `${format.rotation}°`;
    this.flip.setAttribute('aria-pressed', String(format.flip));
    this.flop.setAttribute('aria-pressed', String(format.flop));
    const preset = FORMAT_MASKS.some((choice) => choice.mask === mask);
    // A scopes mask the list does not name (2.00, 1.00) or a custom ratio shows as custom.
    this.maskSelect.value = mask === null ? NONE : preset ? String(mask) : CUSTOM;
    this.maskCustom.hidden = mask === null || preset;
    if (mask !== null && !preset && document.activeElement !== this.maskCustom)
      this.maskCustom.value = String(maskRatio(mask));
    const percent = Math.round(format.maskOpacity * 100);
    if (document.activeElement !== this.opacity) this.opacity.value = String(percent);
    this.opacityValue.value = `${percent} %`;
    const what = describeFormat(format, mask, view.sourcePixelAspect);
    const size =
      view.image && view.shown
        ? ` — ${view.image.width}×${view.image.height} shown as ${Math.round(view.shown.width)}×${Math.round(view.shown.height)}`
        : '';
    const source =
      view.sourcePixelAspect !== 1 ? ` (the file says pixel aspect ${view.sourcePixelAspect})` : '';
    this.info.textContent = `${what}${size}${source}`;
  }

  dispose(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.element.remove();
    this.removeAllListeners();
  }
}
