// Structured JSON logs (pino). Secrets are redacted by path, and message bodies are only
// logged at debug level through the same redaction, so PINs and tokens never reach a log.
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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'reelsync' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
