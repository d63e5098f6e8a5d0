// The room panel's and the Shift+N shortcuts' commands carried to the sync engine: create / join /
// leave, the sync switches and directions, the host's powers (roles, host transfer, removal, PIN,
// send locks), Follow host, Reconnect and the copy-link toast.
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import type { Toasts } from '../../ui/components/Toasts';
import type { KeyBindings } from '../../utils/KeyBindings';
import type { ConnectionFeedback } from './connectionFeedback';
import type { RoomPanel } from './RoomPanel';
import type { RoomPeople } from './roomPeople';

export interface RoomCommandsDeps {
  network: NetworkSyncManager;
  panel: RoomPanel;
  toasts: Toasts;
  keyBindings: KeyBindings;
  people: Pick<RoomPeople, 'chose'>;
  connection: Pick<ConnectionFeedback, 'attempt' | 'reconnect'>;
}

/** Subscribes the panel's events and registers the shortcuts; returns their cleanups. */
export function bindRoomCommands(deps: RoomCommandsDeps): Array<() => void> {
  const { network, panel, toasts, people, connection } = deps;

  const createRoom = (displayName: string, pin: string | null): void =>
    connection.attempt(() =>
      network.createRoom({ ...(displayName ? { displayName } : {}), ...(pin ? { pin } : {}) }),
    );
  const joinRoom = (code: string, pin: string | null, displayName: string): void =>
    connection.attempt(() =>
      network.joinRoom(code, pin ?? undefined, displayName ? { displayName } : {}),
    );

  const quickDisconnect = (): void => {
    if (network.roomCode) void network.leaveRoom();
  };

  return [
    panel.on('createRoom', ({ displayName, pin }) => {
      createRoom(displayName, pin);
      panel.setRoomPin(pin);
    }),
    panel.on('joinRoom', ({ code, pin, displayName }) => joinRoom(code, pin, displayName)),
    panel.on('leaveRoom', () => void network.leaveRoom()),
    panel.on('syncSettingsChanged', (patch) => {
      people.chose(patch);
      network.setSettings(patch);
    }),
    panel.on('syncDirectionChanged', ({ category, ...direction }) => {
      people.chose({ [category]: true });
      network.setDirections({ [category]: direction });
    }),
    panel.on('sendLockChanged', ({ userId, category, locked }) =>
      network.setSendLock(userId, category, locked),
    ),
    panel.on('roomSettingsChanged', (patch) => network.updateRoomSettings(patch)),
    panel.on('setRole', ({ userId, role }) => network.setUserRole(userId, role)),
    panel.on('transferHost', ({ userId }) => network.transferHost(userId)),
    panel.on('removeMember', ({ userId }) => network.removeMember(userId)),
    panel.on('setPin', ({ pin }) => {
      if (network.setRoomPin(pin)) panel.setRoomPin(pin);
    }),
    network.on('roomPinChanged', ({ pinProtected }) =>
      toasts.show(
        pinProtected
          ? 'The room PIN was changed; new joiners need the new PIN'
          : 'The room PIN was removed; anyone with the code can join',
        { kind: 'info' },
      ),
    ),
    panel.on('followHost', () => {
      network.setSettings({ playback: true });
      network.resync();
    }),
    panel.on('reconnect', () => connection.reconnect()),
    panel.on('linkCopied', (link) => {
      if (link) toasts.show('Link copied to clipboard', { kind: 'success' });
      else
        toasts.show('Could not copy the link; copy it from the address shown in the panel.', {
          kind: 'warning',
        });
    }),
    deps.keyBindings.register({
      id: 'network.togglePanel',
      keys: ['Shift+N'],
      group: 'Network',
      description: 'Open / close the network sync panel',
      handler: () => panel.toggle(),
    }),
    // Chrome keeps Ctrl+Shift+N for a new incognito window, so pages never see it there;
    // Alt+Shift+N is the same command and works in every browser.
    deps.keyBindings.register({
      id: 'network.disconnect',
      keys: ['Shift+Ctrl+N', 'Shift+Alt+N'],
      group: 'Network',
      description: 'Leave the room (quick disconnect)',
      handler: quickDisconnect,
    }),
  ];
}
