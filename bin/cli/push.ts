// reelsync push (rvpush): files into the room's media library. Each file is hashed (its SHA-256
// is its identity in the room's store, so a file the server already has is not sent again),
// registered with library.add, uploaded with the tus protocol (tus-js-client: resumable, retried)
// and followed until the server has probed it (and made its browser proxy): ready or failed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Upload } from 'tus-js-client';
import type { LibraryItem, ReelSyncClient } from '../../sdk/node';
import { joinFromFlags, type Flags, type Output } from './context';
import { UsageError } from './exitCodes';

/** Uploads are sent in PATCH requests of this size (what a retry sends again at most). */
const CHUNK_BYTES = 16 * 1024 * 1024;

export class PushFailedError extends Error {}

export async function push(flags: Flags, io: Output, files: readonly string[]): Promise<void> {
  if (files.length === 0) throw new UsageError('reelsync: push needs one or more files.');
  const sizes = await Promise.all(files.map(fileSize));
  const { client } = await joinFromFlags(flags, io, true);
  try {
    const failed: string[] = [];
    for (const [i, file] of files.entries()) {
      const item = await pushOne(client, file, sizes[i] as number, io);
      if (item.state === 'failed') failed.push(`${item.name}: ${item.error?.message ?? 'failed'}`);
      io.out(flags.json ? JSON.stringify(describe(item)) : line(item));
    }
    if (failed.length > 0)
      throw new PushFailedError(`reelsync: the server could not use ${failed.join('; ')}`);
  } finally {
    await client.close();
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`reelsync: ${file} is not a file.`);
    return info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`reelsync: cannot read ${file}.`);
  }
}

async function pushOne(
  client: ReelSyncClient,
  file: string,
  size: number,
  io: Output,
): Promise<LibraryItem> {
  const name = path.basename(file);
  io.err(`reelsync: hashing ${name} (${megabytes(size)})`);
  const id = await sha256Of(file);
  const item = await client.library.add({ id, kind: 'upload', name, size });
  if (item.state === 'uploading') {
    const { token } = await client.library.mediaToken();
    await upload(
      client,
      file,
      size,
      { filename: name, sha256: id, room: roomOf(client), token },
      io,
    );
  } else io.err(`reelsync: the server already has ${name}; not sending it again`);
  io.err(`reelsync: ${name} uploaded; waiting for the server to probe it`);
  return client.library.waitFor(id, (entry) => entry.state === 'ready' || entry.state === 'failed');
}

function roomOf(client: ReelSyncClient): string {
  const room = client.room?.roomId;
  if (!room) throw new Error('not in a room');
  return room;
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function upload(
  client: ReelSyncClient,
  file: string,
  size: number,
  metadata: Record<string, string>,
  io: Output,
): Promise<void> {
  const started = Date.now();
  let lastReport = 0;
  return new Promise((resolve, reject) => {
    const transfer = new Upload(createReadStream(file), {
      endpoint: new URL('/api/uploads', client.library.httpBase).toString(),
      uploadSize: size,
      chunkSize: CHUNK_BYTES,
      metadata,
      retryDelays: [0, 1000, 3000, 5000, 10_000],
      onProgress: (sent, total) => {
        const now = Date.now();
        if (now - lastReport < 1000 && sent < total) return;
        lastReport = now;
        const rate = sent / Math.max(0.001, (now - started) / 1000);
        const left = rate > 0 ? Math.ceil((total - sent) / rate) : null;
        io.err(
          `reelsync: ${metadata.filename} ${Math.floor((sent / total) * 100)} % (${megabytes(rate)}/s${left !== null && sent < total ? `, ${left} s left` : ''})`,
        );
      },
      onSuccess: () => resolve(),
      onError: (error) =>
        reject(new Error(`upload of ${metadata.filename} failed: ${error.message}`)),
    });
    transfer.start();
  });
}

function describe(item: LibraryItem) {
  return {
    id: item.id,
    name: item.name,
    state: item.state,
    size: item.size,
    media: item.media ?? null,
    proxy: item.proxy?.state ?? null,
    error: item.error ?? null,
  };
}

function line(item: LibraryItem): string {
  const media = item.media
    ? ` ${item.media.codec} ${item.media.width}×${item.media.height}, ${item.media.frames} frames at ${item.media.fps} fps`
    : '';
  const proxy = item.proxy ? `, proxy ${item.proxy.state}` : '';
  return `${item.state.padEnd(6)} ${item.id.slice(0, 12)} ${item.name}${media}${proxy}${item.error ? ` (${item.error.message})` : ''}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
