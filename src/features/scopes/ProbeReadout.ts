// The pixel probe's readout in the status area (chrome, never over the picture): one line per
// probe, ours first, then the others' in their colours.
import { el } from '../../ui/components/shared/dom';

export interface ProbeLine {
  key: string;
  text: string;
  color?: string;
}

export class ProbeReadout {
  readonly element: HTMLElement;

  constructor(container: HTMLElement) {
    this.element = el('div', { className: 'rs-probe-readout', testId: 'probe-readout' });
    this.element.setAttribute('aria-live', 'off');
    this.element.hidden = true;
    container.append(this.element);
  }

  setLines(lines: readonly ProbeLine[]): void {
    this.element.hidden = lines.length === 0;
    this.element.replaceChildren(
      ...lines.map((line) => {
        const row = el('p', { className: 'rs-probe-readout__line', text: line.text });
        row.dataset.probe = line.key;
        if (line.color) row.style.setProperty('--rs-probe-color', line.color);
        return row;
      }),
    );
  }

  dispose(): void {
    this.element.remove();
  }
}
