// A share link opened at startup: ask first (JoinLinkDialog), then join under the name given.
// The room is looked up (room.peek) for its host's name and whether it needs a PIN; nothing
// joins until the person presses Join.
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import type { NetworkErrorCode } from '../../network/types';
import { JoinLinkDialog } from './JoinLinkDialog';
import { DISPLAY_NAME_KEY } from './RoomEntryForm';

export interface LinkJoinDeps {
  network: Pick<NetworkSyncManager, 'peekRoom' | 'joinRoom'>;
  container: HTMLElement;
  roomId: string;
  /** The PIN the link carries (the host chose to include it). */
  pin: string | null;
  /** Where the last used name is kept (localStorage). */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  errorText(code: NetworkErrorCode): string;
  /** The link was answered: joined under `displayName`, or cancelled (null). */
  done(displayName: string | null): void;
}

const errorCode = (error: unknown): NetworkErrorCode =>
  typeof error === 'object' && error !== null && 'code' in error
    ? (error as { code: NetworkErrorCode }).code
    : 'CONNECTION_FAILED';

export function askToJoinFromLink(deps: LinkJoinDeps): JoinLinkDialog {
  const { network, roomId } = deps;
  let lastName = '';
  try {
    lastName = deps.storage?.getItem(DISPLAY_NAME_KEY) ?? '';
  } catch {
    // No storage: the field starts empty.
  }
  const dialog = new JoinLinkDialog(
    deps.container,
    roomId,
    { name: lastName, pin: deps.pin },
    {
      join: ({ displayName, pin }) => {
        try {
          deps.storage?.setItem(DISPLAY_NAME_KEY, displayName);
        } catch {
          // The name then lasts for this visit only.
        }
        dialog.setBusy(true);
        network.joinRoom(roomId, pin ?? deps.pin ?? undefined, { displayName }).then(
          () => {
            dialog.close();
            deps.done(displayName);
          },
          (error: unknown) => {
            const code = errorCode(error);
            const pinProblem = code === 'PIN_REQUIRED' || code === 'BAD_PIN';
            dialog.showError(deps.errorText(code), {
              pin: pinProblem,
              retry: code !== 'ROOM_NOT_FOUND',
            });
          },
        );
      },
      cancel: () => deps.done(null),
    },
  );
  network.peekRoom(roomId).then(
    (info) => {
      if (!dialog.isOpen) return;
      dialog.showRoom({ ...info, pinRequired: info.pinRequired && !deps.pin });
    },
    (error: unknown) => {
      if (!dialog.isOpen) return;
      const code = errorCode(error);
      dialog.showError(deps.errorText(code), { retry: code !== 'ROOM_NOT_FOUND' });
    },
  );
  return dialog;
}
