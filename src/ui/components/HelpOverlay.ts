// The keyboard-shortcut overlay (`?`): generated from the KeyBindings registry, grouped by section.
import { formatCombo, type KeyBindings } from '../../utils/KeyBindings';
import { el, iconButton, listen } from './shared/dom';
import { setIcon } from './shared/Icons';
import '../styles/help.css';

export class HelpOverlay {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly cleanups: Array<() => void> = [];
  private removeKeyListener: (() => void) | null = null;

  constructor(
    container: HTMLElement,
    private readonly bindings: KeyBindings,
  ) {
    const close = iconButton('Close', { className: 'rs-help__close', testId: 'help-close' });
    setIcon(close, 'close');
    this.list = el('div', { className: 'rs-help__groups' });
    const dialog = el(
      'div',
      {
        className: 'rs-help__dialog',
        attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'rs-help-title' },
      },
      [
        el('div', { className: 'rs-help__head' }, [
          el('h2', {
            className: 'rs-help__title',
            text: 'Keyboard shortcuts',
            attrs: { id: 'rs-help-title' },
          }),
          close,
        ]),
        this.list,
        el('p', {
          className: 'rs-help__foot',
          text: 'Shortcuts are ignored while you type in a text field. Esc closes this.',
        }),
      ],
    );
    this.element = el(
      'div',
      { className: 'rs-help', testId: 'help-overlay', attrs: { hidden: '' } },
      [dialog],
    );
    container.append(this.element);

    this.cleanups.push(
      listen(close, 'click', () => this.close()),
      // A click on the backdrop (outside the dialog) closes.
      listen(this.element, 'pointerdown', (event) => {
        if (event.target === this.element) this.close();
      }),
      bindings.on('changed', () => this.render()),
    );
    this.render();
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  open(): void {
    if (this.isOpen) return;
    this.render();
    this.element.hidden = false;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      this.close();
    };
    window.addEventListener('keydown', onKey, true);
    this.removeKeyListener = () => window.removeEventListener('keydown', onKey, true);
  }

  close(): void {
    this.element.hidden = true;
    this.removeKeyListener?.();
    this.removeKeyListener = null;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  dispose(): void {
    this.close();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }

  private render(): void {
    const groups = new Map<string, HTMLElement>();
    for (const binding of this.bindings.list()) {
      let rows = groups.get(binding.group);
      if (!rows) {
        rows = el('dl', { className: 'rs-help__rows' });
        groups.set(binding.group, rows);
      }
      const keys = binding.combos.map((combo) =>
        el('kbd', { className: 'rs-kbd', text: formatCombo(combo) }),
      );
      const separated = keys.flatMap((kbd, i) =>
        i === 0 ? [kbd] : [document.createTextNode(' '), kbd],
      );
      rows.append(
        el(
          'div',
          { className: 'rs-help__row', testId: 'help-row', attrs: { 'data-binding': binding.id } },
          [
            el('dt', { className: 'rs-help__keys' }, separated),
            el('dd', { className: 'rs-help__description', text: binding.description }),
          ],
        ),
      );
    }
    this.list.replaceChildren(
      ...[...groups].map(([name, rows]) =>
        el('section', { className: 'rs-help__group' }, [
          el('h3', { className: 'rs-help__group-title', text: name }),
          rows,
        ]),
      ),
    );
  }
}
