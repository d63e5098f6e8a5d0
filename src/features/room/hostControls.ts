// The host's room powers in the room panel: "Remove from room" on each member of the user list
// (a second click confirms, so a slip does not remove anyone) and "Change PIN" in the room
// section. Kept apart from the user list layout (roomPanelParts.ts): they add to it.
import { el, inputOfType, listen, textButton } from '../../ui/components/shared/dom';
import type { RoomPanelEmitter } from './roomPanelParts';

/** The protocol's PIN length (`Pin` in src/protocol/schemas/primitives.ts). */
const MIN_PIN_LENGTH = 4;
const MAX_PIN_LENGTH = 32;

/** How long "Click again to remove" waits for the confirming click. */
const CONFIRM_MS = 4000;

/**
 * Adds a "Remove from room" button to every other member's row of `list` (rows are found by
 * their `network-user-<userId>` test id). Returns the cleanups of the listeners it added.
 */
export function addRemoveButtons(
  list: HTMLElement,
  userIds: readonly string[],
  names: ReadonlyMap<string, string>,
  emitter: RoomPanelEmitter,
): Array<() => void> {
  const cleanups: Array<() => void> = [];
  for (const userId of userIds) {
    const row = list.querySelector(`[data-testid="network-user-${CSS.escape(userId)}"]`);
    if (!row) continue;
    const name = names.get(userId) ?? 'this member';
    const remove = el('button', {
      className: 'rs-network__remove',
      testId: `network-user-remove-${userId}`,
      text: 'Remove from room',
      attrs: {
        type: 'button',
        title: `Remove ${name} from the room (their rejoin link stops working)`,
      },
    });
    let armed: ReturnType<typeof setTimeout> | null = null;
    const disarm = () => {
      if (armed) clearTimeout(armed);
      armed = null;
      remove.textContent = 'Remove from room';
      remove.dataset.armed = 'false';
    };
    cleanups.push(
      listen(remove, 'click', () => {
        if (!armed) {
          remove.textContent = 'Click again to remove';
          remove.dataset.armed = 'true';
          armed = setTimeout(disarm, CONFIRM_MS);
          return;
        }
        disarm();
        emitter.emit('removeMember', { userId });
      }),
      disarm,
    );
    row.append(remove);
  }
  return cleanups;
}

/** "Change PIN": a button that opens a PIN field with Set / Remove PIN / Cancel (host only). */
export class ChangePinControl {
  readonly element: HTMLElement;
  private readonly form: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly message: HTMLElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(emitter: RoomPanelEmitter) {
    const open = textButton('Change PIN', 'network-change-pin-button');
    open.title = 'Set a new PIN for whoever joins next; members already here stay';
    this.input = inputOfType('password', { testId: 'network-change-pin-input' });
    this.input.placeholder = `New PIN (${MIN_PIN_LENGTH}–${MAX_PIN_LENGTH} characters)`;
    this.input.autocomplete = 'new-password';
    this.input.maxLength = MAX_PIN_LENGTH;
    const save = textButton('Set PIN', 'network-change-pin-save', true);
    const clear = textButton('Remove PIN', 'network-change-pin-remove');
    const cancel = textButton('Cancel', 'network-change-pin-cancel');
    this.message = el('div', {
      className: 'rs-network__hint',
      testId: 'network-change-pin-message',
      attrs: { role: 'status' },
    });
    this.form = el('div', { className: 'rs-network__pin-form' }, [
      this.input,
      el('div', { className: 'rs-network__row' }, [save, clear, cancel]),
      this.message,
    ]);
    this.form.hidden = true;
    this.element = el('div', { className: 'rs-network__pin', testId: 'network-change-pin' }, [
      open,
      this.form,
    ]);
    const submit = () => {
      const pin = this.input.value;
      if (pin.length < MIN_PIN_LENGTH || pin.length > MAX_PIN_LENGTH || /\s/.test(pin)) {
        this.message.textContent = `A PIN has ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} characters and no spaces.`;
        return;
      }
      emitter.emit('setPin', { pin });
      this.close();
    };
    this.cleanups.push(
      listen(open, 'click', () => {
        this.form.hidden = false;
        this.message.textContent = '';
        this.input.focus();
      }),
      listen(save, 'click', submit),
      listen(this.input, 'keydown', (event) => {
        if (event.key === 'Enter') submit();
      }),
      listen(clear, 'click', () => {
        emitter.emit('setPin', { pin: null });
        this.close();
      }),
      listen(cancel, 'click', () => this.close()),
    );
  }

  /** Shown to the host only; closing it forgets what was typed. */
  setVisible(visible: boolean): void {
    this.element.hidden = !visible;
    if (!visible) this.close();
  }

  close(): void {
    this.form.hidden = true;
    this.input.value = '';
    this.message.textContent = '';
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
