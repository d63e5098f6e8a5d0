// The error every media open/decode failure is reported with: a stable code plus a human message.
import { settleWithin } from '../../utils/settleWithin';

export type MediaErrorCode =
  /** No files, or only empty files. */
  | 'EMPTY'
  /** Not a file type the player opens (by MIME type and extension), or a mix it cannot combine. */
  | 'UNSUPPORTED_TYPE'
  /** A container the player reads, but with no video track or a codec this browser cannot decode. */
  | 'UNSUPPORTED_CODEC'
  /** Video in a page that is not a secure context (plain http from another machine): no WebCodecs. */
  | 'INSECURE_CONTEXT'
  /** The bytes could not be parsed or decoded (broken or truncated file). */
  | 'DECODE_FAILED'
  /** Parsing or decoding did not finish in time (treated as undecodable). */
  | 'TIMEOUT'
  /** Streamed media: the server refused the bytes (expired access, no longer in the room). */
  | 'REFUSED'
  /** Streamed media: the network failed and retrying did not help. */
  | 'NETWORK';

export class MediaError extends Error {
  override readonly name = 'MediaError';

  constructor(
    readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Rejects with a TIMEOUT MediaError if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return settleWithin(promise, ms, () => {
    throw new MediaError('TIMEOUT', `${what} did not finish within ${Math.round(ms / 1000)} s.`);
  });
}
