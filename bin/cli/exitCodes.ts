// The reelsync command's exit codes: stable, documented in --help and docs/sdk.md.
import { ReelSyncError } from '../../sdk/node';

export const EXIT = {
  OK: 0,
  /** Anything else (server error, timeout, room ended…). */
  FAILED: 1,
  /** Unknown command, bad flag or argument. */
  USAGE: 2,
  /** The server could not be reached. */
  UNREACHABLE: 3,
  /** No room with that code (or it ended). */
  ROOM_NOT_FOUND: 4,
  /** The room needs a PIN, the PIN was wrong, or too many attempts. */
  BAD_PIN: 5,
  /** Your role may not do that (viewer, host-only in presentation mode, adding media not allowed). */
  FORBIDDEN: 6,
} as const;

export class UsageError extends Error {}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.USAGE;
  if (!(error instanceof ReelSyncError)) return EXIT.FAILED;
  switch (error.code) {
    case 'UNREACHABLE':
      return EXIT.UNREACHABLE;
    case 'ROOM_NOT_FOUND':
      return EXIT.ROOM_NOT_FOUND;
    case 'BAD_PIN':
    case 'PIN_REQUIRED':
    case 'TOO_MANY_ATTEMPTS':
      return EXIT.BAD_PIN;
    case 'FORBIDDEN':
      return EXIT.FORBIDDEN;
    case 'BAD_ARGUMENT':
      return EXIT.USAGE;
    default:
      return EXIT.FAILED;
  }
}

/** What went wrong and what to do, for stderr. */
export function explain(error: unknown, context: { server: string; room?: string }): string {
  if (error instanceof UsageError) return error.message;
  if (!(error instanceof ReelSyncError))
    return `reelsync: ${error instanceof Error ? error.message : String(error)}`;
  switch (error.code) {
    case 'UNREACHABLE':
      return `reelsync: cannot reach the server at ${context.server}. Is it running? Pass --server URL.`;
    case 'ROOM_NOT_FOUND':
      return `reelsync: room ${context.room ?? ''} not found on ${context.server}; check the code (it may have ended).`;
    case 'PIN_REQUIRED':
      return `reelsync: room ${context.room ?? ''} needs a PIN; pass --pin.`;
    case 'BAD_PIN':
      return `reelsync: wrong PIN for room ${context.room ?? ''}; check --pin.`;
    case 'TOO_MANY_ATTEMPTS':
      return 'reelsync: too many PIN attempts; wait a while before trying again.';
    case 'FORBIDDEN':
      return `reelsync: refused by the room: ${error.message}. Your role may not do this (a viewer, playback host-only in presentation mode, or adding media not allowed); ask the host to make you a participant or to let participants add media.`;
    case 'AUTH_REQUIRED':
      return `reelsync: ${context.server} admits only its studio's accounts: pass an access token of its sign-in provider with --token or REELSYNC_TOKEN (${error.message}).`;
    case 'FILE_TOO_LARGE':
    case 'ROOM_QUOTA_EXCEEDED':
    case 'DISK_FULL':
      return `reelsync: the server refused the file: ${error.message}`;
    default:
      return `reelsync: ${error.code}: ${error.message}`;
  }
}
