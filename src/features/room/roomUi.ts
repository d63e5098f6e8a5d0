// Wires the collaboration UI to the sync engine: the header's RoomPanel and status light and the
// presence avatars, redrawn from the engine's state, with the parts that react to it mounted here:
// the people side (roomPeople.ts), the sync notices (syncNotices.ts), the connection's toasts and
// errors (connectionFeedback.ts), the panel's and shortcuts' commands (roomCommands.ts) and share
// links (?room=) opened at startup (startupLink.ts).
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import type { KeyBindings } from '../../utils/KeyBindings';
import { RoomPanel } from './RoomPanel';
import { StatusIndicator } from './StatusIndicator';
import type { Toasts } from '../../ui/components/Toasts';
import { sessionStore } from '../../ui/components/shared/storage';
import { PresenceOverlay } from './PresenceOverlay';
import type { ShareBase } from './shareBase';
import { mountRoomPeople } from './roomPeople';
import { mountSyncNotices } from './syncNotices';
import type { JoinLinkDialog } from './JoinLinkDialog';
import { offlineDetail } from './networkTexts';
import { mountConnectionFeedback } from './connectionFeedback';
import { bindRoomCommands } from './roomCommands';
import { clearShareParams, openStartupLink } from './startupLink';

export interface RoomUiDeps {
  network: NetworkSyncManager;
  /** Header slot for the button and the status light. */
  slot: HTMLElement;
  /** Positioned viewer area for the presence avatars. */
  stage: HTMLElement;
  /** The side column beside the viewer: the panel docks there, never over the picture. */
  side?: HTMLElement;
  toasts: Toasts;
  keyBindings: KeyBindings;
  /** Settles once a stored room (page reload) was resumed or not; share links wait for it. */
  resumed: Promise<unknown>;
  /** The base of share links (--public-url or the page's address); default: location.origin. */
  shareBase?: Pick<ShareBase, 'url'>;
  /** The page's window (location, history, online state); default: globalThis.window. */
  window?: Pick<Window, 'location' | 'history' | 'navigator'>;
  /** Where the link-join question opens (default: document.body). */
  dialogHost?: HTMLElement;
}

export interface RoomUi {
  readonly panel: RoomPanel;
  readonly status: StatusIndicator;
  readonly presence: PresenceOverlay;
  /** The question asked before joining from a share link (null: none open). */
  readonly linkDialog: JoinLinkDialog | null;
  dispose(): void;
}

export function mountRoomUi(deps: RoomUiDeps): RoomUi {
  const { network, toasts } = deps;
  const win = deps.window ?? window;
  const panel = new RoomPanel(deps.shareBase ? { origin: () => deps.shareBase?.url ?? '' } : {});
  const status = new StatusIndicator();
  deps.slot.append(panel.element, status.element);
  if (deps.side) panel.dock(deps.side);
  const presence = new PresenceOverlay(deps.stage);
  const people = mountRoomPeople({ network, toasts, slot: deps.slot, storage: sessionStore() });

  const render = (): void => {
    const roomCode = network.roomCode;
    panel.update({
      connection: network.connectionState,
      roomCode,
      selfId: network.userId,
      users: network.users,
      settings: network.settings,
      directions: network.directions,
      sendLocks: network.sendLocks,
      roomSettings: network.roomSettings,
    });
    status.set(
      network.syncStatus,
      roomCode !== null || network.connectionState !== 'disconnected',
      roomCode ? offlineDetail(network) : null,
    );
    presence.update(roomCode ? network.users : [], network.userId);
  };

  const connection = mountConnectionFeedback({
    network,
    panel,
    toasts,
    win,
    render,
    succeeded: () => clearShareParams(win),
  });
  const cleanups: Array<() => void> = [
    ...bindRoomCommands({
      network,
      panel,
      toasts,
      keyBindings: deps.keyBindings,
      people,
      connection,
    }),
    network.on('connectionStateChanged', render),
    network.on('waitingForHost', render),
    network.on('syncStatusChanged', render),
    network.on('usersChanged', render),
    network.on('roomSettingsChanged', render),
    network.on('settingsChanged', render),
    network.on('roleChanged', render),
    mountSyncNotices(network, toasts, render),
  ];
  render();

  const link = openStartupLink({
    network,
    panel,
    win,
    resumed: deps.resumed,
    dialogHost: deps.dialogHost,
    render,
  });

  return {
    panel,
    status,
    presence,
    get linkDialog() {
      return link.dialog;
    },
    dispose() {
      link.dispose();
      people.dispose();
      connection.dispose();
      for (const cleanup of cleanups.splice(0)) cleanup();
      panel.dispose();
      status.dispose();
      presence.dispose();
    },
  };
}
