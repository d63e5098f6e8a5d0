// Typed errors of the SDK: every failed request rejects with a ReelSyncError carrying the
// server's error code (ERROR_CODES in src/protocol) or one of the client-side codes below.
import type { ErrorCode } from '../src/protocol/index';

/** Failures the client detects itself (no server answer to carry a code). */
export type ClientErrorCode =
  /** The server could not be reached or refused the WebSocket upgrade. */
  | 'UNREACHABLE'
  /** The connection closed before the answer arrived. */
  | 'CLOSED'
  /** No answer within the request timeout. */
  | 'TIMEOUT'
  /** The call needs a room and the client is not in one. */
  | 'NOT_IN_ROOM'
  /** A bad argument (caught before anything is sent). */
  | 'BAD_ARGUMENT';

export type ReelSyncErrorCode = ErrorCode | ClientErrorCode;

export class ReelSyncError extends Error {
  override readonly name = 'ReelSyncError';
  constructor(
    readonly code: ReelSyncErrorCode,
    message: string,
    /** The server's retry hint (RATE_LIMITED), when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
