// Header controls for an OpenEXR/DPX sequence: the layer/AOV picker (only when the file has more
// than its RGBA) and the overscan toggle (only when the data window reaches past the display).
import { el, listen } from '../../ui/components/shared/dom';
import type { VfxSequence } from './model';
import './vfxImages.css';

export interface VfxControlsActions {
  setLayer(label: string): void;
  setOverscan(show: boolean): void;
}

export class VfxControls {
  readonly element: HTMLElement;
  private readonly picker: HTMLSelectElement;
  private readonly overscan: HTMLButtonElement;
  private readonly cleanups: Array<() => void> = [];
  private sequence: VfxSequence | null = null;
  private unbind: (() => void) | null = null;

  constructor(actions: VfxControlsActions) {
    this.picker = el('select', {
      className: 'rs-select rs-vfx-layer',
      testId: 'layer-picker',
      title: 'Layer / AOV of this OpenEXR (Shift+A: next)',
      attrs: { 'aria-label': 'Layer' },
    });
    this.overscan = el('button', {
      className: 'rs-button rs-vfx-overscan',
      testId: 'overscan-toggle',
      text: 'Overscan',
      title: 'Show the picture outside the display window (Shift+W)',
      attrs: { type: 'button', 'aria-pressed': 'false' },
    });
    this.element = el('div', { className: 'rs-vfx-controls' }, [this.picker, this.overscan]);
    this.cleanups.push(
      listen(this.picker, 'change', () => actions.setLayer(this.picker.value)),
      listen(this.overscan, 'click', () =>
        actions.setOverscan(this.sequence?.decoder.window !== 'overscan'),
      ),
    );
    this.show(null);
  }

  /** Follows the sequence on screen (null: hides the controls). */
  show(sequence: VfxSequence | null): void {
    this.unbind?.();
    this.unbind = null;
    this.sequence = sequence;
    if (sequence) this.unbind = sequence.decoder.on('changed', () => this.render());
    this.render();
  }

  dispose(): void {
    this.unbind?.();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }

  private render(): void {
    const decoder = this.sequence?.decoder;
    const layers = decoder?.layers ?? [];
    this.picker.hidden = layers.length <= 1;
    const current = [...this.picker.options].map((option) => option.value);
    if (current.join('\n') !== layers.join('\n')) {
      this.picker.replaceChildren(
        ...layers.map((label) => {
          const option = el('option', { text: label });
          option.value = label;
          return option;
        }),
      );
    }
    if (decoder?.layer) this.picker.value = decoder.layer;
    const showing = decoder?.window === 'overscan';
    this.overscan.hidden = !decoder?.overscan && !showing;
    this.overscan.setAttribute('aria-pressed', String(showing));
    this.overscan.classList.toggle('rs-vfx-overscan--on', showing);
  }
}
