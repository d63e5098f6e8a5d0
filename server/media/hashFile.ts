// SHA-256 of a stream (optionally copying the bytes to a file as they pass), and the check of
// a finished upload staged by @tus/file-store that the local media store runs before storing
// it (the S3 store hashes its uploads from the bucket: S3MediaStore.importUpload).
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from '@tus/file-store';
import type { ImportResult } from './MediaStore';
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

/**
 * Hashes a finished staged upload. When its SHA-256 is `sha`, `store(file, size)` puts it into
 * the media store (the staged file may be moved away); either way the upload is then gone.
 */
export async function importStagedUpload(
  uploads: FileStore,
  uploadId: string,
  sha: string,
  store: (file: string, size: number) => Promise<void>,
): Promise<ImportResult> {
  const staged = path.join(uploads.directory, uploadId);
  let size: number;
  try {
    size = (await stat(staged)).size;
  } catch {
    return { status: 'missing' };
  }
  const actualSha = await hashStream(createReadStream(staged));
  if (actualSha === sha) await store(staged, size);
  // Removes the staged bytes (when still there) and tus's record of the upload.
  await uploads.remove(uploadId).catch(() => uploads.configstore.delete(uploadId));
  return actualSha === sha ? { status: 'stored', size } : { status: 'mismatch', actualSha };
}
