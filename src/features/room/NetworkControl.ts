// The header's network button and its 280 px panel: create / join a room (code, optional PIN,
// display name) while disconnected; room code, users, sync settings, Copy Link, Follow host and
// Leave while connected. Pure view: it shows the state it is given and emits what the user asks.
import type { AssignableRole, RoomSettings, User } from '../../protocol/index';
import type { ConnectionState, SyncSettings } from '../../network/types';
import { normalizeRoomCode } from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';
import { buildShareLink, PIN_PATTERN } from './shareLink';
import { el, iconButton, listen } from '../../ui/components/shared/dom';
import {
  field,
  ROOM_SETTING_LABELS,
  SETTING_LABELS,
  textButton,
  textInput,
  userItems,
} from './networkPanelParts';
import { setIcon } from '../../ui/components/shared/Icons';
import type { UserAction } from './networkPanelParts';
import './room.css';

export type NetworkControlEvents = {
  createRoom: { displayName: string; pin: string | null };
  joinRoom: { code: string; pin: string | null; displayName: string };
  leaveRoom: void;
  syncSettingsChanged: Partial<SyncSettings>;
  /** Re-follow the room (turn playback sync back on and snap to the room's state). */
  followHost: void;
  reconnect: void;
  /** The share link was written to the clipboard (or `null` when the clipboard refused). */
  linkCopied: string | null;
  panelToggled: boolean;
  /** Host: change a room setting. */
  roomSettingsChanged: Partial<RoomSettings>;
  /** Host: make a user participant or viewer. */
  setRole: { userId: string; role: AssignableRole };
  /** Host: hand the host role to a user. */
  transferHost: { userId: string };
};

export interface NetworkControlState {
  connection: ConnectionState;
  roomCode: string | null;
  selfId: string | null;
  users: readonly User[];
  settings: SyncSettings;
  /** The room's settings (only the host may change them). */
  roomSettings?: RoomSettings;
}

export interface NetworkControlOptions {
  /** Page origin for share links (default: location.origin). */
  origin?: string;
  /** Where the display name is remembered (default: localStorage when available). */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  clipboard?: Pick<Clipboard, 'writeText'> | null;
}

export const DISPLAY_NAME_KEY = 'reelsync.displayName';

function defaultStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export class NetworkControl extends EventEmitter<NetworkControlEvents> {
  readonly element: HTMLElement;
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly disconnectedView: HTMLElement;
  private readonly connectedView: HTMLElement;
  private readonly nameInput: HTMLInputElement;
  private readonly codeInput: HTMLInputElement;
  private readonly pinInput: HTMLInputElement;
  private readonly createButton: HTMLButtonElement;
  private readonly joinButton: HTMLButtonElement;
  private readonly errorRow: HTMLElement;
  private readonly errorText: HTMLElement;
  private readonly reconnectButton: HTMLButtonElement;
  private readonly roomCodeDisplay: HTMLElement;
  private readonly userList: HTMLElement;
  private readonly followButton: HTMLButtonElement;
  private readonly includePin: HTMLInputElement;
  private readonly includePinRow: HTMLElement;
  private readonly checkboxes = new Map<keyof SyncSettings, HTMLInputElement>();
  private readonly roomBoxes = new Map<keyof RoomSettings, HTMLInputElement>();
  private readonly roomSection: HTMLElement;
  private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  private readonly clipboard: Pick<Clipboard, 'writeText'> | null;
  private readonly origin: string;
  private readonly cleanups: Array<() => void> = [];
  private state: NetworkControlState | null = null;
  /** The PIN this page created the room with (only then can the link carry it). */
  private roomPin: string | null = null;
  private open = false;

  constructor(options: NetworkControlOptions = {}) {
    super();
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.clipboard =
      options.clipboard === undefined
        ? (globalThis.navigator?.clipboard ?? null)
        : options.clipboard;
    this.origin = options.origin ?? globalThis.location?.origin ?? 'http://localhost';

    this.button = iconButton('Network sync (Shift+N)', {
      className: 'rs-network__button',
      testId: 'network-button',
      attrs: { 'aria-haspopup': 'dialog', 'aria-expanded': 'false' },
    });
    setIcon(this.button, 'users');
    this.badge = el('span', { className: 'rs-network__badge', testId: 'network-user-badge' });
    this.badge.hidden = true;
    this.button.append(this.badge);

    // Disconnected view: name, Create Room, "or", code + PIN, Join Room.
    this.nameInput = textInput('network-name-input', 'Your name', 'text');
    this.nameInput.maxLength = 32;
    this.nameInput.value = this.storage?.getItem(DISPLAY_NAME_KEY) ?? '';
    this.createButton = textButton('Create Room', 'network-create-room-button', true);
    this.codeInput = textInput('network-room-code-input', 'XXXX-XXXX', 'text');
    this.codeInput.maxLength = 9;
    this.codeInput.autocomplete = 'off';
    this.codeInput.spellcheck = false;
    this.pinInput = textInput('network-pin-input', 'PIN (optional)', 'password');
    this.pinInput.maxLength = 32;
    this.pinInput.autocomplete = 'off';
    this.joinButton = textButton('Join Room', 'network-join-room-button');
    this.disconnectedView = el('div', { className: 'rs-network__view' }, [
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

    // Connected view.
    this.roomCodeDisplay = el('span', {
      className: 'rs-network__code',
      testId: 'network-room-code-display',
    });
    const closeButton = iconButton('Close panel', { className: 'rs-network__close' });
    setIcon(closeButton, 'close');
    this.userList = el('ul', { className: 'rs-network__users', testId: 'network-user-list' });
    const settings = el('div', { className: 'rs-network__settings' }, [
      el('div', { className: 'rs-network__label', text: 'Sync Settings:' }),
    ]);
    for (const [key, label] of SETTING_LABELS) {
      const box = el('input', { testId: `network-sync-${key}` });
      box.type = 'checkbox';
      this.checkboxes.set(key, box);
      settings.append(
        el('label', { className: 'rs-network__check' }, [box, document.createTextNode(label)]),
      );
      this.cleanups.push(
        listen(box, 'change', () => this.emit('syncSettingsChanged', { [key]: box.checked })),
      );
    }
    this.roomSection = el('div', { className: 'rs-network__settings', testId: 'network-room' }, [
      el('div', { className: 'rs-network__label', text: 'Room (host):' }),
    ]);
    for (const [key, label, testId, hint] of ROOM_SETTING_LABELS) {
      const box = el('input', { testId });
      box.type = 'checkbox';
      this.roomBoxes.set(key, box);
      this.roomSection.append(
        el('label', { className: 'rs-network__check', attrs: { title: hint } }, [
          box,
          document.createTextNode(label),
        ]),
      );
      this.cleanups.push(
        listen(box, 'change', () => this.emit('roomSettingsChanged', { [key]: box.checked })),
      );
    }
    this.followButton = textButton('Follow host', 'network-follow-button');
    this.followButton.title = 'Turn playback sync back on and jump to where the room is';
    this.includePin = el('input', { testId: 'network-include-pin' });
    this.includePin.type = 'checkbox';
    this.includePinRow = el('label', { className: 'rs-network__check' }, [
      this.includePin,
      document.createTextNode('Include PIN in link'),
    ]);
    const copyButton = textButton('Copy Link', 'network-copy-link-button', true);
    const leaveButton = textButton('Leave', 'network-leave-button');
    leaveButton.classList.add('rs-network__leave');
    this.connectedView = el('div', { className: 'rs-network__view' }, [
      el('div', { className: 'rs-network__row rs-network__title' }, [
        el('span', {}, [document.createTextNode('Room: '), this.roomCodeDisplay]),
        closeButton,
      ]),
      el('div', { className: 'rs-network__label', text: 'Connected Users:' }),
      this.userList,
      settings,
      this.roomSection,
      this.followButton,
      this.includePinRow,
      el('div', { className: 'rs-network__row' }, [copyButton, leaveButton]),
    ]);

    this.errorText = el('span', { className: 'rs-network__error-text' });
    this.reconnectButton = textButton('Reconnect', 'network-reconnect-button');
    this.reconnectButton.hidden = true;
    this.errorRow = el(
      'div',
      { className: 'rs-network__error', testId: 'network-error', attrs: { role: 'alert' } },
      [this.errorText],
    );
    this.errorRow.hidden = true;

    this.panel = el(
      'div',
      {
        className: 'rs-network__panel',
        testId: 'network-panel',
        attrs: { role: 'dialog', 'aria-label': 'Network Sync' },
      },
      [
        el('div', { className: 'rs-network__heading', text: 'Network Sync' }),
        this.disconnectedView,
        this.connectedView,
        this.errorRow,
        this.reconnectButton,
      ],
    );
    this.panel.hidden = true;
    this.element = el('div', { className: 'rs-network', testId: 'network-control' }, [
      this.button,
      this.panel,
    ]);

    const doc = globalThis.document;
    const onDocumentDown = (event: Event): void => {
      if (this.open && event.target instanceof Node && !this.element.contains(event.target))
        this.setOpen(false);
    };
    const onKey = (event: KeyboardEvent): void => {
      if (this.open && event.key === 'Escape') {
        event.stopPropagation();
        this.setOpen(false);
        this.button.focus();
      }
    };
    doc.addEventListener('pointerdown', onDocumentDown, true);
    doc.addEventListener('keydown', onKey, true);
    this.cleanups.push(
      () => doc.removeEventListener('pointerdown', onDocumentDown, true),
      () => doc.removeEventListener('keydown', onKey, true),
      listen(this.button, 'click', () => this.toggle()),
      listen(closeButton, 'click', () => this.setOpen(false)),
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
        this.clearError();
      }),
      listen(this.nameInput, 'change', () => this.rememberName()),
      listen(leaveButton, 'click', () => this.emit('leaveRoom', undefined)),
      listen(copyButton, 'click', () => void this.copyLink()),
      listen(this.followButton, 'click', () => this.emit('followHost', undefined)),
      listen(this.reconnectButton, 'click', () => this.emit('reconnect', undefined)),
    );
    this.update({
      connection: 'disconnected',
      roomCode: null,
      selfId: null,
      users: [],
      settings: { playback: true, view: true, color: false, annotations: false, audio: false },
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  get displayName(): string {
    return this.nameInput.value.trim();
  }

  toggle(): void {
    this.setOpen(!this.open);
  }

  setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open && this.state?.connection !== 'connected') this.codeInput.focus();
    this.emit('panelToggled', open);
  }

  /** Shows the given network state (button look, badge, which view, users, settings). */
  update(state: NetworkControlState): void {
    this.state = state;
    const inRoom = state.roomCode !== null;
    this.element.dataset.state = state.connection;
    this.button.dataset.state = state.connection;
    const count = state.users.length;
    this.badge.hidden = !inRoom || count === 0;
    this.badge.textContent = String(count);
    this.disconnectedView.hidden = inRoom;
    this.connectedView.hidden = !inRoom;
    const busy = state.connection === 'connecting' && !inRoom;
    this.createButton.disabled = busy;
    this.joinButton.disabled = busy;
    this.roomCodeDisplay.textContent = state.roomCode ?? '';
    if (!inRoom) this.roomPin = null;
    this.includePinRow.hidden = this.roomPin === null;
    for (const [key, box] of this.checkboxes) box.checked = state.settings[key];
    const self = state.users.find((user) => user.userId === state.selfId);
    this.followButton.hidden = !inRoom || self?.role === 'host';
    const isHost = self?.role === 'host';
    const room = state.roomSettings;
    this.roomSection.hidden = !inRoom || !room;
    for (const [key, box] of this.roomBoxes) {
      box.checked = room?.[key] ?? false;
      box.disabled = !isHost;
    }
    this.userList.replaceChildren(
      ...userItems(state.users, state.selfId, isHost ? (action) => this.userAction(action) : null),
    );
    if (state.connection === 'connected') this.setReconnectAvailable(false);
  }

  private userAction(action: UserAction): void {
    if (action.kind === 'host') this.emit('transferHost', { userId: action.userId });
    else this.emit('setRole', { userId: action.userId, role: action.kind });
  }

  /** Shows an error line in the panel (opening it); `retry` adds the Reconnect button. */
  showError(message: string, options: { reconnect?: boolean } = {}): void {
    this.errorText.textContent = message;
    this.errorRow.hidden = false;
    this.setReconnectAvailable(options.reconnect ?? false);
    this.setOpen(true);
  }

  clearError(): void {
    this.errorRow.hidden = true;
    this.errorText.textContent = '';
  }

  get errorMessage(): string | null {
    return this.errorRow.hidden ? null : this.errorText.textContent;
  }

  setReconnectAvailable(available: boolean): void {
    this.reconnectButton.hidden = !available;
  }

  /** Fills the join form (from a share link) and asks for the PIN when `needPin`. */
  prefill(code: string, options: { pin?: string | null; needPin?: boolean } = {}): void {
    this.codeInput.value = code;
    if (options.pin) this.pinInput.value = options.pin;
    this.setOpen(true);
    if (options.needPin) this.pinInput.focus();
  }

  /** Remembers the PIN the room was created with, so Copy Link can offer to include it. */
  setRoomPin(pin: string | null): void {
    this.roomPin = pin;
    this.includePin.checked = false;
    this.includePinRow.hidden = pin === null;
  }

  shareLink(): string | null {
    const code = this.state?.roomCode;
    if (!code) return null;
    return buildShareLink(this.origin, code, this.includePin.checked ? this.roomPin : null);
  }

  async copyLink(): Promise<void> {
    const link = this.shareLink();
    if (!link) return;
    try {
      if (!this.clipboard) throw new Error('no clipboard');
      await this.clipboard.writeText(link);
      this.emit('linkCopied', link);
    } catch {
      this.emit('linkCopied', null);
    }
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
    this.removeAllListeners();
  }

  private create(): void {
    const pin = this.pinValue();
    if (pin === undefined) return;
    this.rememberName();
    this.clearError();
    this.roomPin = pin;
    this.emit('createRoom', { displayName: this.displayName, pin });
  }

  private join(): void {
    const code = normalizeRoomCode(this.codeInput.value);
    if (!code) {
      this.showError('Invalid room code. Use the format XXXX-XXXX.');
      this.codeInput.setAttribute('aria-invalid', 'true');
      this.codeInput.focus();
      return;
    }
    this.codeInput.removeAttribute('aria-invalid');
    const pin = this.pinValue();
    if (pin === undefined) return;
    this.codeInput.value = code;
    this.rememberName();
    this.clearError();
    this.emit('joinRoom', { code, pin, displayName: this.displayName });
  }

  /** The PIN field: null when empty, undefined (with an error shown) when malformed. */
  private pinValue(): string | null | undefined {
    const pin = this.pinInput.value.trim();
    if (pin === '') return null;
    if (PIN_PATTERN.test(pin)) return pin;
    this.showError('A PIN has 4 to 32 characters and no spaces.');
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
