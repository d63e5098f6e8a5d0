// The header's "drawings hidden" hint: with annotation sync off, the room's drawings (or someone
// drawing now) stay invisible here. The hint stays in the chrome, off the picture, until it is
// answered: Show drawings (turns annotation sync on) or Dismiss (for this room).
import { el, listen, textButton } from '../../ui/components/shared/dom';

export const HINT_TEXTS = {
  roomHasDrawings: 'This room has drawings on the picture.',
  othersDrawing: (name: string) => `${name} is drawing on the picture.`,
  why: 'Annotation sync is off, so you do not see them.',
  show: 'Show drawings',
  dismiss: 'Dismiss',
} as const;

export class DrawingsHint {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly cleanups: Array<() => void>;

  constructor(actions: { show(): void; dismiss(): void }) {
    this.text = el('span', {
      className: 'rs-room-hint__text',
      testId: 'annotation-sync-hint-text',
    });
    const show = textButton(HINT_TEXTS.show, 'annotation-sync-hint-show', true);
    const dismiss = textButton(HINT_TEXTS.dismiss, 'annotation-sync-hint-dismiss');
    this.element = el(
      'div',
      { className: 'rs-room-hint', testId: 'annotation-sync-hint', attrs: { role: 'status' } },
      [this.text, show, dismiss],
    );
    this.element.hidden = true;
    this.cleanups = [
      listen(show, 'click', () => {
        this.hide();
        actions.show();
      }),
      listen(dismiss, 'click', () => {
        this.hide();
        actions.dismiss();
      }),
    ];
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  show(what: string): void {
    this.text.textContent = `${what} ${HINT_TEXTS.why}`;
    this.element.title = this.text.textContent;
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }
}
