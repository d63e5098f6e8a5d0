// Structured JSON logs (pino). Secrets are redacted by path, and message bodies are only
// logged at debug level through the same redaction, so PINs and tokens never reach a log.
import { createHash } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';

/** Every place a secret can appear in a log record. */
export const REDACT_PATHS = [
  'pin',
  'token',
  'sessionToken',
  'hostToken',
  '*.pin',
  '*.sessionToken',
  '*.hostToken',
  '*.token',
  'message.payload.pin',
  'message.payload.sessionToken',
  'message.payload.hostToken',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * A room code is the key to a room (with no PIN, the only one), so it is written in full only
 * at debug and below; at info and above a record carries `room`, a short one-way reference
 * that still ties the lines of one room together.
 */
export function roomRef(roomId: string): string {
  return createHash('sha256').update(roomId).digest('hex').slice(0, 10);
}

const DEBUG_LEVEL = 20;

function hideRoomCodes(
  this: Logger,
  args: Parameters<Logger['info']>,
  method: (...args: unknown[]) => void,
  level: number,
): void {
  const first = args[0] as unknown;
  if (level > DEBUG_LEVEL && typeof first === 'object' && first !== null && 'roomId' in first) {
    const { roomId, ...rest } = first as { roomId: unknown };
    const record = typeof roomId === 'string' ? { ...rest, room: roomRef(roomId) } : rest;
    method.apply(this, [record, ...args.slice(1)]);
    return;
  }
  method.apply(this, args);
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'reelsync' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { logMethod: hideRoomCodes },
    },
    destination,
  );
}
