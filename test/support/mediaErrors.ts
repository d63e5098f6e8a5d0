// Assertions shared by the ffmpeg module's tests: a promise ends in a typed MediaToolError, and
// no process is left running on a given file.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { MediaToolError, type MediaToolErrorCode } from '../../server/media/ffmpeg/index';

const run = promisify(execFile);

/** The MediaToolError `promise` rejects with (fails the test when it resolves or throws another). */
export async function mediaToolRejection(promise: Promise<unknown>): Promise<MediaToolError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaToolError);
  return error as MediaToolError;
}

/** `promise` rejects with a MediaToolError of `code` and a message worth reading. */
export async function expectMediaToolError(
  promise: Promise<unknown>,
  code: MediaToolErrorCode,
): Promise<MediaToolError> {
  const error = await mediaToolRejection(promise);
  expect(error.code, error.message).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  return error;
}

/** Command lines of running processes that mention `text` (pgrep -f); empty when none. */
export async function processesMentioning(text: string): Promise<string> {
  return run('pgrep', ['-af', text]).then(
    (result) => result.stdout.trim(),
    () => '',
  );
}
