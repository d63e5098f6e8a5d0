// What the room UI says about the connection: the spec's toast texts, the panel's text for each
// error code, and the header's note beside the status light while a room is not connected.
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import type { NetworkErrorCode } from '../../network/types';
import type { StatusDetail } from './StatusIndicator';

/** The spec's toast texts (exact; join/leave name the person, see people.ts). */
export const NETWORK_TOASTS = {
  lost: 'Connection lost. Reconnecting...',
  reconnected: 'Reconnected successfully',
  failed: 'Failed to connect. Please try again.',
} as const;

export const OFFLINE_TEXT = 'No network connection';

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

/** In a room but not connected: what is stale, said in the header beside the light. */
export function offlineDetail(
  network: Pick<NetworkSyncManager, 'connectionState' | 'waitingForHost'>,
): StatusDetail | null {
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
}
