// The look part of the color panel: the source's input space, CDL (fields, import, export) and
// look LUT, then the display stage (view transform, display LUT, 3D LUT interpolation, false color,
// zebra), and a status line for LUTs loading from the room and for refusals. Every control calls
// the LookController.
import type { Cdl, DisplaySettings, SourceLook } from '../../protocol/index';
import { IDENTITY_CDL } from '../../render/look/cdl';
import { DISPLAY_TRANSFORMS, INPUT_SPACES } from '../../render/look/colorSpaces';
import { LUT_ACCEPT } from '../../render/look/lutFormats';
import { button, el, inputOfType, listen } from '../../ui/components/shared/dom';
import './color.css';

export interface LookSectionActions {
  setInputSpace(name: string): void;
  setLookSpace(name: string): void;
  setCdl(cdl: Cdl | null): void;
  importCdl(file: File): void;
  exportCdl(): void;
  loadLut(file: File, target: 'look' | 'display'): void;
  clearLut(target: 'look' | 'display'): void;
  setDisplayTransform(name: string): void;
  setLutInterpolation(name: string): void;
  setFalseColor(on: boolean): void;
  setZebra(on: boolean): void;
  resetSource(): void;
}

const CDL_FIELDS = ['slope', 'offset', 'power'] as const;
const CHANNELS = ['r', 'g', 'b'] as const;

function select(testId: string, label: string, options: Record<string, string>): HTMLSelectElement {
  const element = el('select', {
    className: 'rs-look__select',
    testId,
    attrs: { 'aria-label': label },
  });
  for (const [value, text] of Object.entries(options))
    element.append(el('option', { text, attrs: { value } }));
  return element;
}

function row(label: string, ...controls: HTMLElement[]): HTMLElement {
  return el('div', { className: 'rs-look__row' }, [
    el('span', { className: 'rs-look__label', text: label }),
    ...controls,
  ]);
}

export class LookSection {
  readonly element: HTMLElement;
  private readonly cleanups: Array<() => void> = [];
  private readonly source = el('span', {
    className: 'rs-look__source',
    testId: 'color-look-source',
  });
  private readonly inputSpace: HTMLSelectElement;
  private readonly lookSpace: HTMLSelectElement;
  private readonly cdlInputs = new Map<string, HTMLInputElement>();
  private readonly lookLutName = el('span', {
    className: 'rs-look__lut',
    testId: 'color-look-lut-name',
  });
  private readonly displayLutName = el('span', {
    className: 'rs-look__lut',
    testId: 'color-display-lut-name',
  });
  private readonly transform: HTMLSelectElement;
  private readonly interpolation: HTMLSelectElement;
  private readonly falseColor = inputOfType('checkbox', { testId: 'color-false-color' });
  private readonly zebra = inputOfType('checkbox', { testId: 'color-zebra' });
  private readonly status = el('p', {
    className: 'rs-look__status',
    testId: 'color-look-status',
    attrs: { role: 'status' },
  });

  constructor(private readonly actions: LookSectionActions) {
    const spaces: Record<string, string> = { auto: 'Auto (sRGB, or linear for EXR/DPX)' };
    for (const [name, def] of Object.entries(INPUT_SPACES)) spaces[name] = def.label;
    this.inputSpace = select('color-input-space', 'Input color space', spaces);
    this.lookSpace = select('color-look-space', 'Look space (where the CDL and LUT act)', {
      linear: 'Scene-linear',
      acescct: 'ACEScct (log)',
    });
    this.transform = select('color-display-transform', 'Display transform', {
      ...DISPLAY_TRANSFORMS,
    });

    this.interpolation = select('color-lut-interpolation', '3D LUT interpolation', {
      tetrahedral: 'Tetrahedral',
      trilinear: 'Trilinear',
    });

    const cdlGrid = el('div', { className: 'rs-look__cdl' });
    for (const field of CDL_FIELDS) {
      const inputs = CHANNELS.map((channel) =>
        this.cdlInput(`${field}-${channel}`, `${field} ${channel.toUpperCase()}`),
      );
      cdlGrid.append(row(field[0]?.toUpperCase() + field.slice(1), ...inputs));
    }
    cdlGrid.append(row('Saturation', this.cdlInput('saturation', 'saturation')));

    const cdlFile = this.fileInput('color-cdl-input', '.cdl,.cc,.ccc', (file) =>
      actions.importCdl(file),
    );
    const lookLut = this.fileInput('color-look-lut-input', LUT_ACCEPT, (file) =>
      actions.loadLut(file, 'look'),
    );
    const displayLut = this.fileInput('color-display-lut-input', LUT_ACCEPT, (file) =>
      actions.loadLut(file, 'display'),
    );

    this.element = el(
      'section',
      { className: 'rs-look', testId: 'color-look', attrs: { 'aria-label': 'Look and display' } },
      [
        el('div', { className: 'rs-look__heading' }, [
          el('span', { text: 'Look of ' }),
          this.source,
        ]),
        row('Input', this.inputSpace),
        row('Look space', this.lookSpace),
        el('div', { className: 'rs-look__subheading', text: 'ASC CDL' }),
        cdlGrid,
        el('div', { className: 'rs-look__buttons' }, [
          cdlFile.label,
          this.action('color-cdl-export', 'Export .cc', () => actions.exportCdl()),
          this.action('color-cdl-clear', 'Clear CDL', () => actions.setCdl(null)),
        ]),
        row('Look LUT', this.lookLutName),
        el('div', { className: 'rs-look__buttons rs-look__buttons--indented' }, [
          lookLut.label,
          this.action('color-look-lut-clear', 'Clear', () => actions.clearLut('look')),
        ]),
        this.action('color-look-reset', 'Reset this source’s look', () => actions.resetSource()),
        el('div', { className: 'rs-look__subheading', text: 'Display' }),
        row('View', this.transform),
        row('Display LUT', this.displayLutName),
        el('div', { className: 'rs-look__buttons rs-look__buttons--indented' }, [
          displayLut.label,
          this.action('color-display-lut-clear', 'Clear', () => actions.clearLut('display')),
        ]),
        row('3D LUTs', this.interpolation),
        el('label', { className: 'rs-look__toggle' }, [
          this.falseColor,
          el('span', { text: 'False color (Shift+C)' }),
        ]),
        el('label', { className: 'rs-look__toggle' }, [
          this.zebra,
          el('span', { text: 'Zebra over 95 % (Shift+Z)' }),
        ]),
        this.status,
      ],
    );

    this.cleanups.push(
      listen(this.inputSpace, 'change', () => actions.setInputSpace(this.inputSpace.value)),
      listen(this.lookSpace, 'change', () => actions.setLookSpace(this.lookSpace.value)),
      listen(this.transform, 'change', () => actions.setDisplayTransform(this.transform.value)),
      listen(this.interpolation, 'change', () =>
        actions.setLutInterpolation(this.interpolation.value),
      ),
      listen(this.falseColor, 'change', () => actions.setFalseColor(this.falseColor.checked)),
      listen(this.zebra, 'change', () => actions.setZebra(this.zebra.checked)),
    );
  }

  /** Shows the look of the source on screen (`sourceName` null: nothing open). */
  show(sourceName: string | null, look: SourceLook, display: DisplaySettings): void {
    this.source.textContent = sourceName ?? 'no picture open';
    this.inputSpace.value = look.inputSpace;
    this.lookSpace.value = look.lookSpace;
    const cdl = look.cdl ?? IDENTITY_CDL;
    for (const field of CDL_FIELDS)
      CHANNELS.forEach((channel, c) => this.setField(`${field}-${channel}`, cdl[field][c] ?? 0));
    this.setField('saturation', cdl.saturation);
    this.lookLutName.textContent = look.lut?.name ?? 'none';
    this.displayLutName.textContent = display.lut?.name ?? 'none';
    this.transform.value = display.transform;
    this.interpolation.value = display.interpolation ?? 'tetrahedral';
    this.falseColor.checked = display.falseColor;
    this.zebra.checked = display.zebra;
  }

  /** A line under the controls ('' clears it); errors are marked so they stand out. */
  setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.textContent = text;
    this.status.classList.toggle('rs-look__status--error', kind === 'error' && text !== '');
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }

  private setField(name: string, value: number): void {
    const input = this.cdlInputs.get(name);
    // Leave the field alone while it is being typed in and already means this value.
    if (input && !(document.activeElement === input && input.valueAsNumber === value))
      input.value = String(value);
  }

  private cdlInput(name: string, label: string): HTMLInputElement {
    const input = inputOfType('number', {
      className: 'rs-look__number',
      testId: `color-cdl-${name}`,
      attrs: { 'aria-label': `CDL ${label}`, step: '0.01' },
    });
    this.cdlInputs.set(name, input);
    this.cleanups.push(listen(input, 'change', () => this.actions.setCdl(this.cdlFromFields())));
    return input;
  }

  private cdlFromFields(): Cdl {
    const value = (name: string, fallback: number): number => {
      const number = this.cdlInputs.get(name)?.valueAsNumber;
      return number !== undefined && Number.isFinite(number) ? number : fallback;
    };
    const triple = (field: (typeof CDL_FIELDS)[number]) =>
      CHANNELS.map((channel, c) => value(`${field}-${channel}`, IDENTITY_CDL[field][c] ?? 0));
    return {
      slope: triple('slope'),
      offset: triple('offset'),
      power: triple('power'),
      saturation: value('saturation', 1),
    };
  }

  private action(testId: string, text: string, handler: () => void): HTMLButtonElement {
    const element = button({ className: 'rs-button rs-look__button', testId, text });
    this.cleanups.push(listen(element, 'click', handler));
    return element;
  }

  /** A file picker styled as a button (the input itself is visually hidden). */
  private fileInput(
    testId: string,
    accept: string,
    chosen: (file: File) => void,
  ): { label: HTMLElement } {
    const input = inputOfType('file', { className: 'rs-look__file', testId, attrs: { accept } });
    const label = el(
      'label',
      { className: 'rs-button rs-look__button', text: accept === LUT_ACCEPT ? 'Load…' : 'Import…' },
      [input],
    );
    this.cleanups.push(
      listen(input, 'change', () => {
        const file = input.files?.[0];
        input.value = '';
        if (file) chosen(file);
      }),
    );
    return { label };
  }
}
