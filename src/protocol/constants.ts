// Protocol constants shared by player, server and tests: version, error codes, close codes.

/**
 * Wire protocol version. Bump on any incompatible change; the handshake (`hello`) refuses
 * clients that speak another version with VERSION_MISMATCH and close code 4001.
 */
export const PROTOCOL_VERSION = 1;

/** Path of the WebSocket endpoint on the ReelSync HTTP server. */
export const SYNC_PATH = '/sync';

/**
 * The closed set of error codes a server can reply with, each with the human message users
 * see. Codes are stable API: clients switch on them; messages may be reworded.
 */
export const ERROR_CODES = {
  INVALID_JSON: 'Message is not valid JSON',
  INVALID_MESSAGE: 'Message does not match the protocol',
  UNKNOWN_TYPE: 'Unknown message type',
  PAYLOAD_TOO_LARGE: 'Message is too large',
  VERSION_MISMATCH: 'This player speaks a different protocol version than the server',
  HANDSHAKE_REQUIRED: 'Send hello before anything else',
  RATE_LIMITED: 'Too many messages; slow down',
  FORBIDDEN: 'You are not allowed to do that',
  NOT_IN_ROOM: 'Join a room first',
  ALREADY_IN_ROOM: 'Already in a room; leave it first',
  ROOM_NOT_FOUND: 'Room not found',
  ROOM_FULL: 'Room is full',
  PIN_REQUIRED: 'This room needs a PIN',
  BAD_PIN: 'Wrong PIN',
  TOO_MANY_ATTEMPTS: 'Too many attempts; try again later',
  TOO_MANY_ROOMS: 'Too many rooms from this address',
  SERVER_BUSY: 'Server is at capacity; try again later',
  INVALID_SESSION: 'Session expired; join the room again',
  AUTH_REQUIRED: "Sign in first: this server admits only its studio's accounts",
  BAD_HOST_TOKEN: 'Host token is not valid for this room',
  USER_NOT_FOUND: 'No such user in this room',
  ITEM_NOT_FOUND: 'No such annotation or note',
  STALE_CHANGE: 'A newer change by the host took precedence',
  WAITING_FOR_USERS: 'Play starts when everyone in the room has the media ready',
  LIMIT_EXCEEDED: 'Room limit reached',
  ROOM_BUDGET_FULL: 'Room storage budget is full; clear old drawings or notes',
  FILE_TOO_LARGE: 'The file is larger than this server accepts',
  ROOM_QUOTA_EXCEEDED: "The room's media storage quota is full; remove items first",
  DISK_FULL: 'The server is out of disk space for media; try again later',
  MEDIA_NOT_FOUND: 'No such media in this room',
  MEDIA_TOKEN_INVALID: 'Media access token is missing, expired or for another room',
  NOT_MEDIA: 'The file is not a video or image the server can read',
  STORE_UNAVAILABLE: 'Room storage is unavailable; try again shortly',
  INTERNAL_ERROR: 'Something went wrong on the server',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/**
 * WebSocket close codes the server uses (4000–4999 is the application range).
 * `fatal: true` means reconnecting cannot help; clients must not retry automatically.
 */
export const CLOSE_CODES = {
  /** Client sent `hello` with another protocol version. */
  VERSION_MISMATCH: { code: 4001, fatal: true, reason: 'protocol version mismatch' },
  /** Repeated invalid or rate-limited messages. */
  ABUSE: { code: 4002, fatal: true, reason: 'too many invalid or excessive messages' },
  /** Too many wrong PINs from this address or for this room. */
  TOO_MANY_ATTEMPTS: { code: 4003, fatal: true, reason: 'too many PIN attempts' },
  /** The host ended the room, or it expired. */
  ROOM_ENDED: { code: 4004, fatal: true, reason: 'room ended' },
  /** No `hello` within the handshake timeout. */
  HANDSHAKE_TIMEOUT: { code: 4005, fatal: false, reason: 'handshake timeout' },
  /** The client did not read its messages fast enough (send buffer over the high-water mark). */
  SLOW_CONSUMER: { code: 4006, fatal: false, reason: 'slow consumer' },
  /** The server is at its connection limit. */
  SERVER_BUSY: { code: 4007, fatal: false, reason: 'server busy' },
  /** The same session was resumed on a newer connection. */
  REPLACED: { code: 4008, fatal: true, reason: 'session resumed elsewhere' },
  /** The server is shutting down (clients should reconnect, possibly to another instance). */
  SHUTDOWN: { code: 4009, fatal: false, reason: 'server shutting down' },
  /** The host removed this member from the room (its rejoin token no longer works). */
  REMOVED: { code: 4010, fatal: true, reason: 'removed by the host' },
  /** The server requires sign-in (OpenID Connect) and this connection has no valid session or token. */
  AUTH_REQUIRED: { code: 4011, fatal: true, reason: 'sign-in required' },
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;

/** True when a close code means "do not reconnect automatically". */
export function isFatalCloseCode(code: number): boolean {
  return Object.values(CLOSE_CODES).some((entry) => entry.code === code && entry.fatal);
}
