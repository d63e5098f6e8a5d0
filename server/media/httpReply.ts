// JSON error answers of the media routes: `{ code, message }` with the HTTP status, the same
// codes (and human messages) as the sync protocol's errors.
import type { ServerResponse } from 'node:http';
import { ERROR_CODES, type ErrorCode } from '../../src/protocol/index';

export class MediaHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ? `${ERROR_CODES[code]}: ${detail}` : ERROR_CODES[code]);
  }

  get body(): string {
    return JSON.stringify({ code: this.code, message: this.message });
  }
}

export function replyError(res: ServerResponse, error: MediaHttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .writeHead(error.status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...error.headers,
    })
    .end(error.body);
}

export function replyJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}
