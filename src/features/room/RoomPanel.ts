// The header's room button and its 280 px panel: the entry form (RoomEntryForm) while not in a
// room, the room view (RoomConnectedView) while in one, and an error line with Reconnect. Pure
// view: it shows the state it is given and emits what the user asks.
import { DEFAULT_SYNC_SETTINGS } from '../../network/types';
import { EventEmitter } from '../../utils/EventEmitter';
import { buildShareLink } from './shareLink';
import { copyCommand } from '../../ui/components/shared/clipboard';
import {
  el,
  iconButton,
  listen,
  onPointerDownOutside,
  textButton,
} from '../../ui/components/shared/dom';
import { setIcon } from '../../ui/components/shared/Icons';
import type { RoomPanelEvents, RoomPanelState } from './roomPanelParts';
import { RoomEntryForm } from './RoomEntryForm';
import { RoomConnectedView } from './RoomConnectedView';
import './room.css';

export type { RoomPanelEvents, RoomPanelState } from './roomPanelParts';
export { DISPLAY_NAME_KEY } from './RoomEntryForm';

export interface RoomPanelOptions {
  /**
   * Base of share links: a URL, or a function read for each link (ShareBase.url: the server's
   * --public-url, else the page's address). Default: location.origin.
   */
  origin?: string | (() => string);
  /** Where the display name is remembered (default: localStorage when available). */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  clipboard?: Pick<Clipboard, 'writeText'> | null;
  /** Copies when the clipboard API is missing or refuses (default: the copy command, when `clipboard` is not given). */
  copyFallback?: ((text: string) => boolean) | null;
}

function defaultStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export class RoomPanel extends EventEmitter<RoomPanelEvents> {
  readonly element: HTMLElement;
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly entryForm: RoomEntryForm;
  private readonly connectedView: RoomConnectedView;
  private readonly errorRow: HTMLElement;
  private readonly errorText: HTMLElement;
  private readonly reconnectButton: HTMLButtonElement;
  private readonly clipboard: Pick<Clipboard, 'writeText'> | null;
  private readonly copyFallback: ((text: string) => boolean) | null;
  private readonly origin: () => string;
  private readonly cleanups: Array<() => void> = [];
  private state: RoomPanelState | null = null;
  /** The PIN this page created the room with (only then can the link carry it). */
  private roomPin: string | null = null;
  private open = false;
  /** The connected view has not shown `state` yet (it is drawn only while the panel is open). */
  private connectedStale = false;

  constructor(options: RoomPanelOptions = {}) {
    super();
    const storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.clipboard =
      options.clipboard === undefined
        ? (globalThis.navigator?.clipboard ?? null)
        : options.clipboard;
    this.copyFallback =
      options.copyFallback !== undefined
        ? options.copyFallback
        : options.clipboard === undefined
          ? copyCommand
          : null;
    const origin = options.origin ?? globalThis.location?.origin ?? 'http://localhost';
    this.origin = typeof origin === 'function' ? origin : () => origin;

    this.button = iconButton('Network sync (Shift+N)', {
      className: 'rs-network__button',
      testId: 'network-button',
      attrs: { 'aria-haspopup': 'dialog', 'aria-expanded': 'false' },
    });
    setIcon(this.button, 'users');
    this.badge = el('span', { className: 'rs-network__badge', testId: 'network-user-badge' });
    this.badge.hidden = true;
    this.button.append(this.badge);

    this.entryForm = new RoomEntryForm(
      {
        emitter: this,
        showError: (message) => this.showError(message),
        clearError: () => this.clearError(),
        creatingRoom: (pin) => {
          this.roomPin = pin;
        },
      },
      storage,
    );
    this.connectedView = new RoomConnectedView(this);

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
        this.entryForm.element,
        this.connectedView.element,
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
    const onKey = (event: KeyboardEvent): void => {
      if (this.open && event.key === 'Escape') {
        event.stopPropagation();
        this.setOpen(false);
        this.button.focus();
      }
    };
    doc.addEventListener('keydown', onKey, true);
    this.cleanups.push(
      onPointerDownOutside(
        () => [this.element, this.panel],
        () => {
          if (this.open) this.setOpen(false);
        },
      ),
      () => doc.removeEventListener('keydown', onKey, true),
      () => this.entryForm.dispose(),
      () => this.connectedView.dispose(),
      listen(this.button, 'click', () => this.toggle()),
      listen(this.connectedView.closeButton, 'click', () => this.setOpen(false)),
      listen(this.connectedView.copyButton, 'click', () => void this.copyLink()),
      listen(this.reconnectButton, 'click', () => this.emit('reconnect', undefined)),
    );
    this.update({
      connection: 'disconnected',
      roomCode: null,
      selfId: null,
      users: [],
      settings: { ...DEFAULT_SYNC_SETTINGS },
    });
  }

  /**
   * Moves the panel out of the header's popover into `container` (the side column), so the viewer
   * shrinks for it instead of being covered. It still closes on an outside click and on Escape.
   */
  dock(container: HTMLElement): void {
    this.panel.classList.add('rs-network__panel--docked');
    container.prepend(this.panel);
  }

  get isOpen(): boolean {
    return this.open;
  }

  get displayName(): string {
    return this.entryForm.displayName;
  }

  /** The name chosen elsewhere (a share link's question): the form shows it next time. */
  set displayName(name: string) {
    this.entryForm.displayName = name;
  }

  toggle(): void {
    this.setOpen(!this.open);
  }

  setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open && this.connectedStale && this.state) this.showConnected(this.state);
    if (open && this.state?.connection !== 'connected') this.entryForm.codeInput.focus();
    this.emit('panelToggled', open);
  }

  /** Shows the given network state (button look, badge, which view, users, settings). */
  update(state: RoomPanelState): void {
    this.state = state;
    const inRoom = state.roomCode !== null;
    this.element.dataset.state = state.connection;
    this.button.dataset.state = state.connection;
    const count = state.users.length;
    this.badge.hidden = !inRoom || count === 0;
    this.badge.textContent = String(count);
    this.entryForm.element.hidden = inRoom;
    this.connectedView.element.hidden = !inRoom;
    this.entryForm.setBusy(state.connection === 'connecting' && !inRoom);
    if (!inRoom) this.roomPin = null;
    // The user list, settings and sync boxes are drawn when seen (the room code always): a
    // closed panel waits for its opening, so joining a room does not rebuild DOM nobody sees
    // (30–40 ms of a join's page work: docs/performance.md, "streaming from the room library").
    if (this.open) this.showConnected(state);
    else {
      this.connectedStale = true;
      this.connectedView.noteState(state);
    }
    if (state.connection === 'connected') this.setReconnectAvailable(false);
  }

  private showConnected(state: RoomPanelState): void {
    this.connectedStale = false;
    this.connectedView.showPinOption(this.roomPin);
    this.connectedView.update(state);
  }

  /** Shows an error line in the panel (opening it); `reconnect` adds the Reconnect button. */
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
    this.entryForm.codeInput.value = code;
    if (options.pin) this.entryForm.pinInput.value = options.pin;
    this.setOpen(true);
    if (options.needPin) this.entryForm.pinInput.focus();
  }

  /** Remembers the PIN the room was created with, so Copy Link can offer to include it. */
  setRoomPin(pin: string | null): void {
    this.roomPin = pin;
    this.connectedView.setRoomPin(pin);
  }

  shareLink(): string | null {
    const code = this.state?.roomCode;
    if (!code) return null;
    return buildShareLink(
      this.origin(),
      code,
      this.connectedView.includePinChecked ? this.roomPin : null,
    );
  }

  async copyLink(): Promise<void> {
    const link = this.shareLink();
    if (!link) return;
    try {
      if (!this.clipboard) throw new Error('no clipboard');
      await this.clipboard.writeText(link);
      this.emit('linkCopied', link);
    } catch {
      // navigator.clipboard exists only in secure contexts (not at http://<lan-address>);
      // the older copy command still works there, from the click.
      this.emit('linkCopied', this.copyFallback?.(link) ? link : null);
    }
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.panel.remove();
    this.element.remove();
    this.removeAllListeners();
  }
}
