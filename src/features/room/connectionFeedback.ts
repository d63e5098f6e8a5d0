// The connection as the person sees it: create/join attempts and their errors in the panel (with
// Retry / Reconnect), and the toasts when the connection is lost, back, given up or the room ends.
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import type { NetworkErrorCode } from '../../network/types';
import type { Toasts } from '../../ui/components/Toasts';
import { NETWORK_TOASTS, networkErrorText, OFFLINE_TEXT } from './networkTexts';
import type { RoomPanel } from './RoomPanel';

export interface ConnectionFeedbackDeps {
  network: NetworkSyncManager;
  panel: RoomPanel;
  toasts: Toasts;
  /** The page's window, for its online state. */
  win: Pick<Window, 'navigator'>;
  /** Redraws the panel, the status light and the avatars. */
  render(): void;
  /** A create/join went through. */
  succeeded(): void;
}

export interface ConnectionFeedback {
  /** Runs a create/join; a failure is shown in the panel and the panel's retry runs it again. */
  attempt(run: () => Promise<unknown>): void;
  /** The panel's Reconnect: the room's connection, else the last failed create/join. */
  reconnect(): void;
  dispose(): void;
}

export function mountConnectionFeedback(deps: ConnectionFeedbackDeps): ConnectionFeedback {
  const { network, panel, toasts, render } = deps;
  let lostToast: { dismiss(): void } | null = null;
  /** Re-runs the last failed create/join (the panel's retry after a connection failure). */
  let retry: (() => void) | null = null;
  let disposed = false;

  const offline = (): boolean => deps.win.navigator.onLine === false;

  const dismissLost = (): void => {
    lostToast?.dismiss();
    lostToast = null;
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
      deps.succeeded();
    }, fail);
  };

  const cleanups = [
    network.on('roomJoined', () => {
      panel.clearError();
      render();
    }),
    network.on('roomLeft', () => {
      dismissLost();
      render();
    }),
    network.on('roomEnded', ({ reason }) => {
      dismissLost();
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
    network.on('reconnecting', () => {
      if (!lostToast && network.roomCode)
        lostToast = toasts.show(NETWORK_TOASTS.lost, { kind: 'warning', durationMs: 0 });
      render();
    }),
    network.on('reconnected', () => {
      dismissLost();
      panel.clearError();
      panel.setReconnectAvailable(false);
      toasts.show(NETWORK_TOASTS.reconnected, { kind: 'success' });
      render();
    }),
    network.on('reconnectExhausted', () => {
      dismissLost();
      toasts.show(NETWORK_TOASTS.failed, {
        kind: 'error',
        durationMs: 0,
        action: { label: 'Reconnect', run: () => network.reconnect() },
      });
      panel.showError(offline() ? OFFLINE_TEXT : NETWORK_TOASTS.failed, { reconnect: true });
      render();
    }),
  ];

  return {
    attempt,
    reconnect() {
      panel.clearError();
      panel.setReconnectAvailable(false);
      if (network.roomCode) network.reconnect();
      else retry?.();
    },
    dispose() {
      disposed = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
      lostToast?.dismiss();
    },
  };
}
