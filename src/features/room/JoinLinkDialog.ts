// Opening a share link (?room=CODE) asks before joining: "Join room CODE hosted by Ana?", with
// the name to join under (prefilled from the last one used) and the PIN field when the room needs
// one and the link has none. Nothing joins until Join is pressed; Cancel stays alone.
import { el, inputOfType, listen, textButton } from '../../ui/components/shared/dom';
import { PIN_PATTERN } from './shareLink';
import { field } from './roomPanelParts';

export interface RoomPeekInfo {
  hostName: string | null;
  pinRequired: boolean;
  full: boolean;
}

export const JOIN_LINK_TEXTS = {
  question: (code: string, host: string | null) =>
    host ? `Join room ${code} hosted by ${host}?` : `Join room ${code}?`,
  asking: 'Looking up the room…',
  full: 'This room is full. Ask the host to make space, then try again.',
  badPin: 'A PIN has 4 to 32 characters and no spaces.',
  needName: 'Enter the name the others will see.',
} as const;

export interface JoinLinkAnswer {
  displayName: string;
  pin: string | null;
}

export class JoinLinkDialog {
  readonly element: HTMLElement;
  readonly nameInput: HTMLInputElement;
  readonly pinInput: HTMLInputElement;
  private readonly title: HTMLElement;
  private readonly error: HTMLElement;
  private readonly pinField: HTMLElement;
  private readonly joinButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly cleanups: Array<() => void>;

  constructor(
    container: HTMLElement,
    private readonly code: string,
    options: { name: string; pin: string | null },
    private readonly actions: { join(answer: JoinLinkAnswer): void; cancel(): void },
  ) {
    this.title = el('h2', {
      className: 'rs-join-link__title',
      testId: 'join-link-title',
      text: JOIN_LINK_TEXTS.question(code, null),
      attrs: { id: 'rs-join-link-title' },
    });
    this.nameInput = inputOfType('text', {
      className: 'rs-input rs-network__input',
      testId: 'join-link-name',
      attrs: { placeholder: 'Your name', maxlength: '32', autocomplete: 'nickname' },
    });
    this.nameInput.value = options.name;
    this.pinInput = inputOfType('password', {
      className: 'rs-input rs-network__input',
      testId: 'join-link-pin',
      attrs: { placeholder: 'PIN', maxlength: '32', autocomplete: 'off' },
    });
    if (options.pin) this.pinInput.value = options.pin;
    this.pinField = field('PIN', this.pinInput);
    this.pinField.hidden = true;
    this.error = el('p', {
      className: 'rs-join-link__error',
      testId: 'join-link-error',
      attrs: { role: 'alert' },
    });
    this.error.hidden = true;
    this.joinButton = textButton('Join', 'join-link-join', true);
    this.joinButton.disabled = true;
    const cancel = textButton('Cancel', 'join-link-cancel');
    const status = (this.status = el('p', {
      className: 'rs-join-link__status',
      testId: 'join-link-status',
      text: JOIN_LINK_TEXTS.asking,
    }));
    const form = el('form', { className: 'rs-join-link__form' }, [
      field('Your name', this.nameInput),
      this.pinField,
      this.error,
      el('div', { className: 'rs-join-link__buttons' }, [cancel, this.joinButton]),
    ]);
    this.element = el('div', { className: 'rs-join-link', testId: 'join-link-dialog' }, [
      el(
        'div',
        {
          className: 'rs-join-link__dialog',
          attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'rs-join-link-title' },
        },
        [this.title, status, form],
      ),
    ]);
    container.append(this.element);
    this.cleanups = [
      listen(form, 'submit', (event) => {
        event.preventDefault();
        this.submit();
      }),
      listen(this.joinButton, 'click', () => this.submit()),
      listen(cancel, 'click', () => {
        this.close();
        actions.cancel();
      }),
      listen(this.element, 'keydown', (event) => {
        // Keys typed here are not player shortcuts.
        event.stopPropagation();
        if (event.key === 'Escape') {
          this.close();
          actions.cancel();
        }
      }),
    ];
    this.nameInput.focus();
  }

  /** The room answered: name its host, ask for the PIN when needed, allow joining. */
  showRoom(info: RoomPeekInfo): void {
    this.title.textContent = JOIN_LINK_TEXTS.question(this.code, info.hostName);
    this.status.hidden = true;
    if (info.pinRequired) this.askPin(null);
    if (info.full) this.showError(JOIN_LINK_TEXTS.full);
    this.joinButton.disabled = false;
  }

  /** Shows why the last attempt failed; `pin` also asks for the PIN (again). */
  showError(message: string, options: { pin?: boolean; retry?: boolean } = {}): void {
    this.status.hidden = true;
    this.error.textContent = message;
    this.error.hidden = false;
    if (options.pin) this.askPin(message);
    this.joinButton.disabled = options.retry === false;
  }

  setBusy(busy: boolean): void {
    this.joinButton.disabled = busy;
  }

  get isOpen(): boolean {
    return this.element.isConnected;
  }

  close(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }

  private askPin(message: string | null): void {
    this.pinField.hidden = false;
    if (message !== null) this.pinInput.value = '';
    this.pinInput.focus();
  }

  private submit(): void {
    if (this.joinButton.disabled) return;
    const displayName = this.nameInput.value.trim();
    if (!displayName) {
      this.showError(JOIN_LINK_TEXTS.needName);
      this.nameInput.focus();
      return;
    }
    const pin = this.pinInput.value.trim();
    if (pin && !PIN_PATTERN.test(pin)) {
      this.showError(JOIN_LINK_TEXTS.badPin, { pin: false });
      this.pinInput.focus();
      return;
    }
    this.error.hidden = true;
    this.actions.join({ displayName, pin: pin || null });
  }
}
