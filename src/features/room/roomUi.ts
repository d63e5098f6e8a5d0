// Over 400 lines: the collaboration UI's wiring (panel, status, people, host powers, sync switches) in one place; a split is due.
// Wires the collaboration UI to the sync engine: the header's RoomPanel and status light, the
// presence avatars, the spec's toasts, error texts in the panel, Reconnect / retry, the Shift+N
// shortcuts and share links (?room=) opened at startup.
import type {
  NetworkSyncManager,
  NetworkSyncManagerOptions,
} from '../../network/NetworkSyncManager';
import type { NetworkErrorCode } from '../../network/types';
import type { KeyBindings } from '../../utils/KeyBindings';
import { RoomPanel } from './RoomPanel';
import { StatusIndicator, type StatusDetail } from './StatusIndicator';
import type { Toasts } from '../../ui/components/Toasts';
import { PresenceOverlay } from './PresenceOverlay';
import type { ShareBase } from './shareBase';
import { parseShareLink, withoutShareParams } from './shareLink';
import { mountRoomPeople } from './roomPeople';
import { mountSyncNotices } from './syncNotices';
import { askToJoinFromLink } from './linkJoin';
import type { JoinLinkDialog } from './JoinLinkDialog';

function storageOf(name: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return globalThis[name] ?? null;
  } catch {
    return null;
  }
}

/** The spec's toast texts (exact; join/leave name the person, see people.ts). */
export const NETWORK_TOASTS = {
  lost: 'Connection lost. Reconnecting...',
  reconnected: 'Reconnected successfully',
  failed: 'Failed to connect. Please try again.',
} as const;

export const OFFLINE_TEXT = 'No network connection';

/** Why a local playback change was put back. */

/** What the panel says for an error code (the spec's texts where it has them). */
export function networkErrorText(code: NetworkErrorCode): string {
  switch (code) {
    case 'ROOM_NOT_FOUND':
      return 'Room not found';
    case 'ROOM_FULL':
      return 'Room is full';
    case 'PIN_REQUIRED':
      return 'This room needs a PIN. Enter it and press Join Room.';
    case 'BAD_PIN':
      return 'Wrong PIN';
    case 'INVALID_ROOM_CODE':
      return 'Invalid room code. Use the format XXXX-XXXX.';
    case 'TOO_MANY_ATTEMPTS':
      return 'Too many attempts; try again later';
    case 'TOO_MANY_ROOMS':
      return 'Too many open rooms from your address. End one of them, then try again.';
    case 'SERVER_BUSY':
    case 'STORE_UNAVAILABLE':
    case 'INTERNAL_ERROR':
      return 'The sync server could not do that right now. Please try again.';
    case 'AUTH_REQUIRED':
      return 'Sign in first: this server admits only its studio’s accounts (the Sign in button, top right).';
    case 'INVALID_SESSION':
    case 'ROOM_LOST':
      return 'The room is no longer available. Create or join a room again.';
    default:
      return NETWORK_TOASTS.failed;
  }
}

/**
 * Test and deployment overrides read once at startup from `window.REELSYNC_CONFIG`, e.g.
 * `{ reconnect: { baseDelayMs: 50, maxAttempts: 3 } }` (the e2e suite shortens the retry
 * schedule this way). Unknown or malformed fields are ignored.
 */
export function pageNetworkOptions(source: unknown): Partial<NetworkSyncManagerOptions> {
  if (typeof source !== 'object' || source === null) return {};
  const config = source as Record<string, unknown>;
  const options: Partial<NetworkSyncManagerOptions> = {};
  const reconnect = config.reconnect;
  if (typeof reconnect === 'object' && reconnect !== null) {
    const picked: Record<string, number> = {};
    for (const key of ['baseDelayMs', 'maxDelayMs', 'maxAttempts'] as const) {
      const value = (reconnect as Record<string, unknown>)[key];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) picked[key] = value;
    }
    options.reconnect = picked;
  }
  for (const key of ['heartbeatIntervalMs', 'heartbeatTimeoutMs', 'connectTimeoutMs'] as const) {
    const value = config[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) options[key] = value;
  }
  return options;
}

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
  const people = mountRoomPeople({
    network,
    toasts,
    slot: deps.slot,
    storage: storageOf('sessionStorage'),
  });
  let linkDialog: JoinLinkDialog | null = null;
  const cleanups: Array<() => void> = [];
  let lostToast: { dismiss(): void } | null = null;
  /** Re-runs the last failed create/join (the panel's retry after a connection failure). */
  let retry: (() => void) | null = null;
  let disposed = false;

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
      roomCode ? offlineDetail() : null,
    );
    presence.update(roomCode ? network.users : [], network.userId);
  };

  const offline = (): boolean => win.navigator.onLine === false;

  /** In a room but not connected: what is stale, said in the header beside the light. */
  const offlineDetail = (): StatusDetail | null => {
    const state = network.connectionState;
    if (state === 'connected') return null;
    if (network.waitingForHost)
      return {
        text: 'Reconnecting… (waiting for the host)',
        title:
          'The server restarted and lost the room; it comes back when the host reconnects. Until then nothing here is synced.',
      };
    if (state === 'reconnecting' || state === 'connecting')
      return {
        text: 'Reconnecting… (not synced)',
        title:
          'Offline: playback and changes here are local until the room is back; the user list shows who was there when last seen.',
      };
    return { text: 'Disconnected', title: 'Not connected to the room: nothing here is synced.' };
  };

  const fail = (error: unknown): void => {
    if (disposed) return;
    const code =
      typeof error === 'object' && error !== null && 'code' in error
        ? (error as { code: NetworkErrorCode }).code
        : 'CONNECTION_FAILED';
    if (code === 'DISPOSED') return;
    if (code === 'CONNECTION_FAILED' && offline()) {
      panel.showError(OFFLINE_TEXT, { reconnect: true });
      return;
    }
    panel.showError(networkErrorText(code), { reconnect: code === 'CONNECTION_FAILED' });
    if (code === 'CONNECTION_FAILED') toasts.show(NETWORK_TOASTS.failed, { kind: 'error' });
  };

  const attempt = (run: () => Promise<unknown>): void => {
    retry = () => attempt(run);
    if (offline()) {
      panel.showError(OFFLINE_TEXT, { reconnect: true });
      return;
    }
    panel.clearError();
    panel.setReconnectAvailable(false);
    run().then(() => {
      retry = null;
      clearShareParams();
    }, fail);
  };

  const createRoom = (displayName: string, pin: string | null): void =>
    attempt(() =>
      network.createRoom({ ...(displayName ? { displayName } : {}), ...(pin ? { pin } : {}) }),
    );
  const joinRoom = (code: string, pin: string | null, displayName: string): void =>
    attempt(() => network.joinRoom(code, pin ?? undefined, displayName ? { displayName } : {}));

  const clearShareParams = (): void => {
    if (win.location.search.includes('room=')) {
      win.history.replaceState(win.history.state, '', withoutShareParams(win.location.href));
    }
  };

  const quickDisconnect = (): void => {
    if (network.roomCode) void network.leaveRoom();
  };

  cleanups.push(
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
    panel.on('reconnect', () => {
      panel.clearError();
      panel.setReconnectAvailable(false);
      if (network.roomCode) network.reconnect();
      else retry?.();
    }),
    panel.on('linkCopied', (link) => {
      if (link) toasts.show('Link copied to clipboard', { kind: 'success' });
      else
        toasts.show('Could not copy the link; copy it from the address shown in the panel.', {
          kind: 'warning',
        });
    }),
    network.on('connectionStateChanged', render),
    network.on('waitingForHost', render),
    network.on('syncStatusChanged', render),
    network.on('usersChanged', render),
    network.on('roomSettingsChanged', render),
    network.on('settingsChanged', render),
    network.on('roleChanged', render),
    network.on('roomJoined', () => {
      panel.clearError();
      render();
    }),
    network.on('roomLeft', () => {
      lostToast?.dismiss();
      lostToast = null;
      render();
    }),
    network.on('roomEnded', ({ reason }) => {
      lostToast?.dismiss();
      lostToast = null;
      toasts.show(
        reason === 'removed'
          ? 'The host removed you from this room. Ask the host if you should rejoin.'
          : reason === 'host'
            ? 'The host ended the room'
            : 'The room has ended',
        { kind: 'warning' },
      );
      render();
    }),
    network.on('roomRecreated', ({ roomId }) =>
      toasts.show(`The server restarted; the room is now ${roomId}`, { kind: 'info' }),
    ),
    mountSyncNotices(network, toasts, render),
    network.on('reconnecting', () => {
      if (!lostToast && network.roomCode)
        lostToast = toasts.show(NETWORK_TOASTS.lost, { kind: 'warning', durationMs: 0 });
      render();
    }),
    network.on('reconnected', () => {
      lostToast?.dismiss();
      lostToast = null;
      panel.clearError();
      panel.setReconnectAvailable(false);
      toasts.show(NETWORK_TOASTS.reconnected, { kind: 'success' });
      render();
    }),
    network.on('reconnectExhausted', () => {
      lostToast?.dismiss();
      lostToast = null;
      toasts.show(NETWORK_TOASTS.failed, {
        kind: 'error',
        durationMs: 0,
        action: { label: 'Reconnect', run: () => network.reconnect() },
      });
      panel.showError(offline() ? OFFLINE_TEXT : NETWORK_TOASTS.failed, { reconnect: true });
      render();
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
  );
  render();

  // A share link (?room=XXXX-XXXX[&pin=…]) asks to join once a reload's own room resume settled.
  const link = parseShareLink(win.location.search);
  if (link.kind === 'invalid') {
    panel.showError(`This link's room code "${link.raw.slice(0, 20)}" is not valid (XXXX-XXXX).`);
    clearShareParams();
  } else if (link.kind === 'room') {
    void deps.resumed.then(() => {
      if (disposed) return;
      if (network.roomCode === link.roomId) {
        clearShareParams();
        return;
      }
      if (network.roomCode) return; // already in another room (a reload): leave it to the user
      // Ask first: a link (or a page framing one) must not put anyone in a room unasked.
      linkDialog = askToJoinFromLink({
        network,
        container: deps.dialogHost ?? document.body,
        roomId: link.roomId,
        pin: link.pin,
        storage: storageOf('localStorage'),
        errorText: networkErrorText,
        done: (displayName) => {
          linkDialog = null;
          if (displayName) panel.displayName = displayName;
          clearShareParams();
          render();
        },
      });
    });
  }

  return {
    panel,
    status,
    presence,
    get linkDialog() {
      return linkDialog;
    },
    dispose() {
      disposed = true;
      linkDialog?.close();
      people.dispose();
      for (const cleanup of cleanups.splice(0)) cleanup();
      lostToast?.dismiss();
      panel.dispose();
      status.dispose();
      presence.dispose();
    },
  };
}
