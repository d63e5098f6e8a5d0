// The text tool's input box: appears where the user clicked, commits on Enter or when it loses
// focus, cancels on Escape. The text then becomes an annotation anchored at that image point.
import { el } from '../../ui/components/shared/dom';
import type { Point } from './types';

export class TextEntry {
  private input: HTMLInputElement | null = null;
  private finish: ((keep: boolean) => void) | null = null;

  constructor(private readonly stage: HTMLElement) {}

  get isOpen(): boolean {
    return this.input !== null;
  }

  /** Opens at `client` (page px); `commit` gets the trimmed text (never empty). */
  open(
    client: Point,
    style: { color: string; fontPx: number },
    commit: (text: string) => void,
  ): void {
    this.close();
    const rect = this.stage.getBoundingClientRect();
    const input = el('input', {
      className: 'rs-annotations__text-input',
      testId: 'annotate-text-input',
      attrs: {
        type: 'text',
        'aria-label': 'Annotation text',
        maxlength: '2000',
        placeholder: 'Type, then Enter',
      },
    });
    input.style.left = `${client.x - rect.left}px`;
    input.style.top = `${client.y - rect.top}px`;
    input.style.color = style.color;
    input.style.fontSize = `${Math.max(10, style.fontPx)}px`;
    let done = false;
    const finish = (keep: boolean): void => {
      if (done) return;
      done = true;
      const text = input.value.trim();
      this.input = null;
      input.remove();
      if (keep && text.length > 0) commit(text);
    };
    input.addEventListener('keydown', (event) => {
      // The player's shortcuts must not see keys typed here.
      event.stopPropagation();
      if (event.key === 'Enter') finish(true);
      else if (event.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
    this.stage.append(input);
    this.input = input;
    this.finish = finish;
    // The overlay cancels mousedown's default, so the click that opened the box keeps it focused.
    input.focus();
  }

  /** Closes the box, keeping what was typed. */
  close(): void {
    this.finish?.(true);
    this.finish = null;
  }

  /** Closes the box and drops what was typed. */
  cancel(): void {
    this.finish?.(false);
    this.finish = null;
  }
}
