// The header's "Video off" notice for pages that are not a secure context (a LAN address over
// plain http): a warning chip in the header that opens a panel saying why video cannot be
// decoded here and how to fix it. Lives in the chrome; the panel opens only when asked.
import {
  secureContextFixes,
  secureContextReason,
  type PageAddress,
  type SecureContextProblem,
} from '../../core/media/secureContext';
import { button, el, listen, onPointerDownOutside } from '../../ui/components/shared/dom';
import { iconSvg } from '../../ui/components/shared/Icons';
import './secureContext.css';

export class SecureContextNotice {
  readonly element: HTMLElement;
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(problem: SecureContextProblem, address: PageAddress) {
    const reason = secureContextReason(problem, address);
    const label = problem.insecure ? 'Video off: insecure address' : 'Video off: no WebCodecs';
    this.button = button({
      className: 'rs-secure-notice__button',
      testId: 'insecure-context-notice',
      title: reason,
      attrs: { 'aria-haspopup': 'dialog', 'aria-expanded': 'false' },
    });
    this.button.innerHTML = iconSvg('warning');
    this.button.append(el('span', { text: label }));

    const fixes = problem.insecure ? secureContextFixes(address) : [];
    this.panel = el(
      'div',
      {
        className: 'rs-secure-notice__panel',
        testId: 'insecure-context-details',
        attrs: { role: 'dialog', 'aria-label': 'Why video cannot play here' },
      },
      [
        el('p', { className: 'rs-secure-notice__reason', text: reason }),
        el('p', {
          text: 'Images and image sequences still open; video files and room media that is video do not.',
        }),
        ...(fixes.length > 0
          ? [
              el('p', { className: 'rs-secure-notice__heading', text: 'To fix it:' }),
              el(
                'ul',
                {},
                fixes.map((fix) => el('li', { text: fix })),
              ),
            ]
          : []),
      ],
    );
    this.panel.hidden = true;
    this.element = el('div', { className: 'rs-secure-notice' }, [this.button, this.panel]);
    this.cleanups.push(
      listen(this.button, 'click', () => this.setOpen(this.panel.hidden === true)),
      onPointerDownOutside(this.element, () => this.setOpen(false)),
    );
  }

  setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }
}
