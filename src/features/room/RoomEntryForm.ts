// The room panel's form while not in a room: display name (remembered), Create Room, then room
// code and optional PIN for Join Room. Checks what was typed and emits createRoom / joinRoom.
import { normalizeRoomCode } from '../../protocol/index';
import { el, listen, textButton } from '../../ui/components/shared/dom';
import { PIN_PATTERN } from './shareLink';
import { field, textInput, type RoomPanelEmitter } from './roomPanelParts';

export const DISPLAY_NAME_KEY = 'reelsync.displayName';

/** What the form needs from the panel around it: its events and its error line. */
export interface RoomEntryFormHost {
  readonly emitter: RoomPanelEmitter;
  showError(message: string): void;
  clearError(): void;
  /** Called just before createRoom is emitted: the PIN the room is being created with. */
  creatingRoom(pin: string | null): void;
}

export class RoomEntryForm {
  readonly element: HTMLElement;
  readonly codeInput: HTMLInputElement;
  readonly pinInput: HTMLInputElement;
  private readonly nameInput: HTMLInputElement;
  private readonly createButton: HTMLButtonElement;
  private readonly joinButton: HTMLButtonElement;
  private readonly cleanups: Array<() => void>;

  constructor(
    private readonly host: RoomEntryFormHost,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null,
  ) {
    this.nameInput = textInput('network-name-input', 'Your name', 'text');
    this.nameInput.maxLength = 32;
    this.nameInput.value = storage?.getItem(DISPLAY_NAME_KEY) ?? '';
    this.createButton = textButton('Create Room', 'network-create-room-button', true);
    this.codeInput = textInput('network-room-code-input', 'XXXX-XXXX', 'text');
    this.codeInput.maxLength = 9;
    this.codeInput.autocomplete = 'off';
    this.codeInput.spellcheck = false;
    this.pinInput = textInput('network-pin-input', 'PIN (optional)', 'password');
    this.pinInput.maxLength = 32;
    this.pinInput.autocomplete = 'off';
    this.joinButton = textButton('Join Room', 'network-join-room-button');
    this.element = el('div', { className: 'rs-network__view' }, [
      field('Your name', this.nameInput),
      el('div', { className: 'rs-network__row' }, [
        el('span', { text: 'Start a review' }),
        this.createButton,
      ]),
      el('div', { className: 'rs-network__or', text: '— or —' }),
      field('Room Code', this.codeInput),
      field('PIN', this.pinInput),
      this.joinButton,
    ]);
    this.cleanups = [
      listen(this.createButton, 'click', () => this.create()),
      listen(this.joinButton, 'click', () => this.join()),
      listen(this.codeInput, 'keydown', (event) => {
        if (event.key === 'Enter') this.join();
      }),
      listen(this.pinInput, 'keydown', (event) => {
        if (event.key === 'Enter') this.join();
      }),
      listen(this.codeInput, 'input', () => {
        this.codeInput.removeAttribute('aria-invalid');
        this.host.clearError();
      }),
      listen(this.nameInput, 'change', () => this.rememberName()),
    ];
  }

  get displayName(): string {
    return this.nameInput.value.trim();
  }

  set displayName(name: string) {
    this.nameInput.value = name;
  }

  /** While a create / join is under way, both buttons are disabled. */
  setBusy(busy: boolean): void {
    this.createButton.disabled = busy;
    this.joinButton.disabled = busy;
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private create(): void {
    const pin = this.pinValue();
    if (pin === undefined) return;
    this.rememberName();
    this.host.clearError();
    this.host.creatingRoom(pin);
    this.host.emitter.emit('createRoom', { displayName: this.displayName, pin });
  }

  private join(): void {
    const code = normalizeRoomCode(this.codeInput.value);
    if (!code) {
      this.host.showError('Invalid room code. Use the format XXXX-XXXX.');
      this.codeInput.setAttribute('aria-invalid', 'true');
      this.codeInput.focus();
      return;
    }
    this.codeInput.removeAttribute('aria-invalid');
    const pin = this.pinValue();
    if (pin === undefined) return;
    this.codeInput.value = code;
    this.rememberName();
    this.host.clearError();
    this.host.emitter.emit('joinRoom', { code, pin, displayName: this.displayName });
  }

  /** The PIN field: null when empty, undefined (with an error shown) when malformed. */
  private pinValue(): string | null | undefined {
    const pin = this.pinInput.value.trim();
    if (pin === '') return null;
    if (PIN_PATTERN.test(pin)) return pin;
    this.host.showError('A PIN has 4 to 32 characters and no spaces.');
    this.pinInput.focus();
    return undefined;
  }

  private rememberName(): void {
    try {
      this.storage?.setItem(DISPLAY_NAME_KEY, this.displayName);
    } catch {
      // Storage may be full or blocked; the name then only lasts for this visit.
    }
  }
}
