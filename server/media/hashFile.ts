// SHA-256 of a stream, optionally copying the bytes to a file as they pass (S3 read-back).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Hex SHA-256 of everything `source` yields; with `copyTo`, also writes it there. */
export async function hashStream(source: Readable, copyTo?: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new PassThrough();
  tap.on('data', (chunk: Buffer) => hash.update(chunk));
  if (copyTo) await pipeline(source, tap, createWriteStream(copyTo));
  else {
    tap.resume();
    await pipeline(source, tap);
  }
  return hash.digest('hex');
}
