// The deep link's line in the status area atop the timeline bar (never over the picture): what
// the link waits for (joining its room, media) and what it could not do, with a dismiss button.
import { el, iconButton, listen } from '../../ui/components/shared/dom';
import { setIcon } from '../../ui/components/shared/Icons';
import type { LinkPhase } from './DeepLinkRunner';
import type { DeepLinkTarget } from '../../protocol/index';

export class LinkStatus {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly off: () => void;

  constructor(onDismiss: () => void) {
    this.text = el('span', { className: 'rs-deep-link__text', testId: 'deep-link-text' });
    const close = iconButton('Dismiss', { testId: 'deep-link-dismiss' });
    setIcon(close, 'close');
    this.element = el(
      'div',
      { className: 'rs-deep-link', testId: 'deep-link-status', attrs: { role: 'status' } },
      [this.text, close],
    );
    this.element.hidden = true;
    this.off = listen(close, 'click', onDismiss);
  }

  render(phase: LinkPhase, target: DeepLinkTarget): void {
    const text = describe(phase, target);
    this.element.hidden = text === null;
    this.element.dataset.phase = phase.kind;
    this.text.textContent = text ?? '';
  }

  dispose(): void {
    this.off();
    this.element.remove();
  }
}

/** What the link will do, in words: "frame 1012, in 1001–1100". */
export function describeTarget(target: DeepLinkTarget): string {
  const parts: string[] = [];
  if (target.item) parts.push(`item ${target.item}`);
  if (target.frame !== undefined) parts.push(`frame ${target.frame}`);
  if (target.inFrame !== undefined || target.outFrame !== undefined)
    parts.push(`in ${target.inFrame ?? '…'}–${target.outFrame ?? '…'}`);
  return parts.join(', ');
}

function describe(phase: LinkPhase, target: DeepLinkTarget): string | null {
  const what = describeTarget(target);
  switch (phase.kind) {
    case 'waiting-room':
      return `Link: ${what ? `${what} once` : 'waiting until'} you join room ${phase.roomId}`;
    case 'waiting-media':
      return `Link: ${what} once media is open`;
    case 'opening-item':
      return `Link: opening item ${phase.itemId}…`;
    case 'done':
      return phase.problems.length > 0 ? `Link: ${phase.problems.join('; ')}` : null;
    case 'dismissed':
      return null;
  }
}
