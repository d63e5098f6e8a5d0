// The room panel while in a room: room code and close button, the user list (with the host's
// role menu), sync settings, the host's room settings, Follow host, Copy Link (optionally with the
// PIN) and Leave. Shows the state it is given and emits what the user asks.
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../../network/types';
import { el, iconButton, inputOfType, listen, textButton } from '../../ui/components/shared/dom';
import { setIcon } from '../../ui/components/shared/Icons';
import { addRemoveButtons, ChangePinControl } from './hostControls';
import { addSendLockControls, SyncSection } from './syncSection';
import {
  ROOM_SETTING_LABELS,
  SETTING_LABELS,
  userItems,
  type RoomFlag,
  type RoomPanelEmitter,
  type RoomPanelState,
} from './roomPanelParts';

export class RoomConnectedView {
  readonly element: HTMLElement;
  readonly closeButton: HTMLButtonElement;
  readonly copyButton: HTMLButtonElement;
  private readonly roomCodeDisplay: HTMLElement;
  private readonly userList: HTMLElement;
  /** While the connection is down: the list is the last one seen, and since when. */
  private readonly staleNote: HTMLElement;
  private lastLive = Date.now();
  private readonly followButton: HTMLButtonElement;
  private readonly includePin: HTMLInputElement;
  private readonly includePinRow: HTMLElement;
  private readonly syncSection: SyncSection;
  /** Host: whose "May share…" is open in the user list. */
  private readonly openLocks = new Set<string>();
  private readonly roomBoxes = new Map<RoomFlag, HTMLInputElement>();
  /** Host: the sync settings people who join start with. */
  private readonly defaultBoxes = new Map<keyof SyncSettings, HTMLInputElement>();
  private joinDefaults: SyncSettings = { ...DEFAULT_SYNC_SETTINGS };
  private readonly roomSection: HTMLElement;
  private readonly cleanups: Array<() => void> = [];
  private readonly changePin: ChangePinControl;
  private removeCleanups: Array<() => void> = [];

  constructor(private readonly emitter: RoomPanelEmitter) {
    this.roomCodeDisplay = el('span', {
      className: 'rs-network__code',
      testId: 'network-room-code-display',
    });
    this.closeButton = iconButton('Close panel', { className: 'rs-network__close' });
    setIcon(this.closeButton, 'close');
    this.userList = el('ul', { className: 'rs-network__users', testId: 'network-user-list' });
    this.staleNote = el('div', {
      className: 'rs-network__stale',
      testId: 'network-users-stale',
      attrs: { role: 'status', hidden: '' },
    });
    this.syncSection = new SyncSection(emitter);
    this.roomSection = el('div', { className: 'rs-network__settings', testId: 'network-room' }, [
      el('div', { className: 'rs-network__label', text: 'Room (host):' }),
    ]);
    for (const [key, label, testId, hint] of ROOM_SETTING_LABELS) {
      this.roomSection.append(
        this.checkbox(this.roomBoxes, key, testId, label, hint, (checked) =>
          emitter.emit('roomSettingsChanged', { [key]: checked }),
        ),
      );
    }
    const defaults = el(
      'details',
      { className: 'rs-network__defaults', testId: 'network-room-defaults' },
      [
        el('summary', {
          text: 'People who join start with…',
          title: 'Sync settings for people who join (each can still change their own)',
        }),
      ],
    );
    for (const [key, label] of SETTING_LABELS)
      defaults.append(
        this.checkbox(
          this.defaultBoxes,
          key,
          `network-room-default-${key}`,
          label,
          undefined,
          (checked) =>
            emitter.emit('roomSettingsChanged', {
              joinDefaults: { ...this.joinDefaults, [key]: checked },
            }),
        ),
      );
    this.roomSection.append(defaults);
    this.changePin = new ChangePinControl(emitter);
    this.roomSection.append(this.changePin.element);
    this.followButton = textButton('Follow host', 'network-follow-button');
    this.followButton.title = 'Turn playback sync back on and jump to where the room is';
    this.includePin = inputOfType('checkbox', { testId: 'network-include-pin' });
    this.includePinRow = el('label', { className: 'rs-network__check' }, [
      this.includePin,
      document.createTextNode('Include PIN in link'),
    ]);
    this.copyButton = textButton('Copy Link', 'network-copy-link-button', true);
    const leaveButton = textButton('Leave', 'network-leave-button');
    leaveButton.classList.add('rs-network__leave');
    this.element = el('div', { className: 'rs-network__view' }, [
      el('div', { className: 'rs-network__row rs-network__title' }, [
        el('span', {}, [document.createTextNode('Room: '), this.roomCodeDisplay]),
        this.closeButton,
      ]),
      el('div', { className: 'rs-network__label', text: 'Connected Users:' }),
      this.staleNote,
      this.userList,
      this.syncSection.element,
      this.roomSection,
      this.followButton,
      this.includePinRow,
      el('div', { className: 'rs-network__row' }, [this.copyButton, leaveButton]),
    ]);
    this.cleanups.push(
      listen(leaveButton, 'click', () => emitter.emit('leaveRoom', undefined)),
      listen(this.followButton, 'click', () => emitter.emit('followHost', undefined)),
    );
  }

  /** Whether the user asked for the PIN in the share link. */
  get includePinChecked(): boolean {
    return this.includePin.checked;
  }

  /** Offers "Include PIN in link" (unticked) only when this page knows the room's PIN. */
  setRoomPin(pin: string | null): void {
    this.includePin.checked = false;
    this.showPinOption(pin);
  }

  showPinOption(pin: string | null): void {
    this.includePinRow.hidden = pin === null;
  }

  /**
   * What stays current while the panel is closed (cheap): the room code, and when the room was
   * last live (the "last seen" line needs it once the list is drawn).
   */
  noteState(state: RoomPanelState): void {
    this.roomCodeDisplay.textContent = state.roomCode ?? '';
    if (state.roomCode === null || state.connection === 'connected') this.lastLive = Date.now();
  }

  update(state: RoomPanelState): void {
    const inRoom = state.roomCode !== null;
    this.noteState(state);
    this.syncSection.update(state.settings, state.directions, state.sendLocks ?? []);
    const self = state.users.find((user) => user.userId === state.selfId);
    const isHost = self?.role === 'host';
    this.followButton.hidden = !inRoom || isHost;
    const room = state.roomSettings;
    this.roomSection.hidden = !inRoom || !room;
    for (const [key, box] of this.roomBoxes) {
      box.checked = room?.[key] === true;
      box.disabled = !isHost;
    }
    this.joinDefaults = { ...DEFAULT_SYNC_SETTINGS, ...room?.joinDefaults };
    for (const [key, box] of this.defaultBoxes) {
      box.checked = this.joinDefaults[key];
      box.disabled = !isHost;
    }
    // Offline: the list is what was last seen; say so and grey it out until the room is back.
    const stale = inRoom && state.connection !== 'connected';
    this.userList.classList.toggle('rs-network__users--stale', stale);
    this.staleNote.hidden = !stale;
    if (stale)
      this.staleNote.textContent = `Reconnecting… Last seen at ${new Date(this.lastLive).toLocaleTimeString()}; this list may be out of date.`;
    this.userList.replaceChildren(
      ...userItems(
        state.users,
        state.selfId,
        isHost
          ? (action) => {
              if (action.kind === 'host')
                this.emitter.emit('transferHost', { userId: action.userId });
              else this.emitter.emit('setRole', { userId: action.userId, role: action.kind });
            }
          : null,
      ),
    );
    this.changePin.setVisible(isHost);
    for (const cleanup of this.removeCleanups.splice(0)) cleanup();
    if (isHost) {
      const others = state.users.filter((user) => user.userId !== state.selfId);
      this.removeCleanups = addRemoveButtons(
        this.userList,
        others.map((user) => user.userId),
        new Map(others.map((user) => [user.userId, user.displayName])),
        this.emitter,
      );
      this.removeCleanups.push(
        ...addSendLockControls(
          this.userList,
          others.map((user) => user.userId),
          room?.sendLocks,
          this.emitter,
          this.openLocks,
        ),
      );
    }
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const cleanup of this.removeCleanups.splice(0)) cleanup();
    this.changePin.dispose();
    this.syncSection.dispose();
  }

  /** One labelled checkbox, kept in `boxes` under `key`, reporting its changes to `onChange`. */
  private checkbox<K extends string>(
    boxes: Map<K, HTMLInputElement>,
    key: K,
    testId: string,
    label: string,
    hint: string | undefined,
    onChange: (checked: boolean) => void,
  ): HTMLElement {
    const box = inputOfType('checkbox', { testId });
    boxes.set(key, box);
    this.cleanups.push(listen(box, 'change', () => onChange(box.checked)));
    return el(
      'label',
      { className: 'rs-network__check', ...(hint ? { attrs: { title: hint } } : {}) },
      [box, document.createTextNode(label)],
    );
  }
}
