// The Compare side panel: the compare mode, the B source (a playlist item, a room library item
// or a local file), the difference gain, blend and wipe angle, and the stereo settings; the
// status line names B's problems (cannot open, another rate or size). Chrome only: nothing here
// covers the picture.
import type { CompareMode, StereoDisplay, StereoInput } from '../../protocol/index';
import { sidePanelFrame } from '../../ui/components/SidePanel';
import { el, inputOfType } from '../../ui/components/shared/dom';
import { EventEmitter } from '../../utils/EventEmitter';
import { COMPARE_MODE_NAMES, COMPARE_MODES, type CompareModel } from './model';

/** A B candidate the panel offers: its key (see sourceKey) and name. */
export interface SourceChoice {
  key: string;
  name: string;
  group: 'Playlist' | 'Library' | 'Local';
}

export type ComparePanelEvents = {
  closeRequested: void;
  sourceChosen: string | null;
  filesChosen: File[];
};

const STEREO_INPUTS: Record<StereoInput, string> = {
  sideBySide: 'Side-by-side packed frame',
  overUnder: 'Over/under packed frame',
  twoFiles: 'Two files (A left, B right)',
};
const STEREO_DISPLAYS: Record<StereoDisplay, string> = {
  off: 'Off (mono)',
  left: 'Left eye',
  right: 'Right eye',
  sideBySide: 'Side by side',
  overUnder: 'Over/under',
  anaglyph: 'Anaglyph (red/cyan)',
  checkerboard: 'Checkerboard',
  rows: 'Row-interleaved',
  mirror: 'Mirror (right eye flipped)',
};

function select<T extends string>(testId: string, options: Record<T, string>): HTMLSelectElement {
  const element = el('select', { testId, className: 'rs-compare__select' });
  for (const [value, text] of Object.entries(options) as Array<[T, string]>)
    element.append(el('option', { text, attrs: { value } }));
  return element;
}

function row(label: string, control: HTMLElement): HTMLElement {
  return el('label', { className: 'rs-compare__row' }, [
    el('span', { className: 'rs-compare__label', text: label }),
    control,
  ]);
}

export class ComparePanel extends EventEmitter<ComparePanelEvents> {
  readonly element: HTMLElement;
  private readonly mode = select(
    'compare-mode',
    Object.fromEntries(COMPARE_MODES.map((m) => [m, COMPARE_MODE_NAMES[m]])) as Record<
      CompareMode,
      string
    >,
  );
  private readonly source = el('select', {
    testId: 'compare-source',
    className: 'rs-compare__select',
  });
  private readonly files = inputOfType('file', { testId: 'compare-file' });
  private readonly gain = inputOfType('range', { testId: 'compare-gain' });
  private readonly blend = inputOfType('range', { testId: 'compare-blend' });
  private readonly angle = inputOfType('number', { testId: 'compare-wipe-angle' });
  private readonly status = el('p', { className: 'rs-compare__status', testId: 'compare-status' });
  private readonly stereoInput = select('stereo-input', STEREO_INPUTS);
  private readonly stereoDisplay = select('stereo-display', STEREO_DISPLAYS);
  private readonly swap = inputOfType('checkbox', { testId: 'stereo-swap' });
  private readonly convergence = inputOfType('number', { testId: 'stereo-convergence' });
  private choices: readonly SourceChoice[] = [];

  constructor(private readonly model: CompareModel) {
    super();
    this.files.multiple = true;
    this.files.hidden = true;
    Object.assign(this.gain, { min: '1', max: '64', step: '1' });
    Object.assign(this.blend, { min: '0', max: '1', step: '0.05' });
    Object.assign(this.angle, { min: '-180', max: '180', step: '1' });
    Object.assign(this.convergence, { min: '-1000', max: '1000', step: '1' });
    const frame = sidePanelFrame(
      {
        className: 'rs-compare',
        testId: 'compare-panel',
        title: 'Compare & stereo',
        closeLabel: 'Close compare',
        closeTestId: 'compare-close',
      },
      [
        el('h3', { className: 'rs-compare__heading', text: 'A/B compare' }),
        row('Mode', this.mode),
        row('B', this.source),
        this.files,
        row('Difference gain', this.gain),
        row('Blend (B over A)', this.blend),
        row('Wipe angle (°)', this.angle),
        this.status,
        el('h3', { className: 'rs-compare__heading', text: 'Stereo' }),
        row('Source eyes', this.stereoInput),
        row('Display', this.stereoDisplay),
        row('Swap eyes', this.swap),
        row('Convergence (px)', this.convergence),
      ],
    );
    this.element = frame.element;
    frame.close.addEventListener('click', () => this.emit('closeRequested', undefined));
    this.mode.addEventListener('change', () => model.setMode(this.mode.value as CompareMode));
    this.source.addEventListener('change', () => {
      const value = this.source.value;
      if (value === 'file') {
        this.files.click();
        this.render();
      } else this.emit('sourceChosen', value === '' ? null : value);
    });
    this.files.addEventListener('change', () => {
      const chosen = [...(this.files.files ?? [])];
      this.files.value = '';
      if (chosen.length > 0) this.emit('filesChosen', chosen);
    });
    this.gain.addEventListener('input', () => model.setCompare({ gain: Number(this.gain.value) }));
    this.blend.addEventListener('input', () =>
      model.setCompare({ blend: Number(this.blend.value) }),
    );
    this.angle.addEventListener('change', () =>
      model.setCompare({ wipe: { ...model.compare.wipe, angle: Number(this.angle.value) } }),
    );
    this.stereoInput.addEventListener('change', () =>
      model.setStereo({ input: this.stereoInput.value as StereoInput }),
    );
    this.stereoDisplay.addEventListener('change', () =>
      model.setStereo({ display: this.stereoDisplay.value as StereoDisplay }),
    );
    this.swap.addEventListener('change', () => model.setStereo({ swapEyes: this.swap.checked }));
    this.convergence.addEventListener('change', () =>
      model.setStereo({ convergence: Number(this.convergence.value) }),
    );
  }

  /** The B candidates (rebuilt when the room's playlist or library changes). */
  setChoices(choices: readonly SourceChoice[]): void {
    this.choices = choices;
    this.render();
  }

  setStatus(text: string, problem: boolean): void {
    this.status.textContent = text;
    this.status.classList.toggle('rs-compare__status--problem', problem);
  }

  /** Shows the model's values (and the chosen source: `currentKey`). */
  render(currentKey: string | null = this.currentKey): void {
    this.currentKey = currentKey;
    const { compare, stereo } = this.model;
    this.mode.value = compare.mode;
    this.gain.value = String(compare.gain);
    this.blend.value = String(compare.blend);
    this.angle.value = String(compare.wipe.angle);
    this.stereoInput.value = stereo.input;
    this.stereoDisplay.value = stereo.display;
    this.swap.checked = stereo.swapEyes;
    this.convergence.value = String(stereo.convergence);
    const options: HTMLElement[] = [el('option', { text: 'None', attrs: { value: '' } })];
    const known = new Set<string>();
    for (const group of ['Playlist', 'Library', 'Local'] as const) {
      const inGroup = this.choices.filter((choice) => choice.group === group);
      if (inGroup.length === 0) continue;
      options.push(
        el(
          'optgroup',
          { attrs: { label: group } },
          inGroup.map((choice) => {
            known.add(choice.key);
            return el('option', { text: choice.name, attrs: { value: choice.key } });
          }),
        ),
      );
    }
    if (currentKey && !known.has(currentKey))
      options.push(el('option', { text: 'The room’s B (not here)', attrs: { value: currentKey } }));
    options.push(el('option', { text: 'Local file…', attrs: { value: 'file' } }));
    this.source.replaceChildren(...options);
    this.source.value = currentKey ?? '';
  }

  private currentKey: string | null = null;
}
