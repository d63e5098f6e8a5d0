// The media library on S3: the same uploads, resume, hash check and range requests as
// mediaUpload.test.ts, with the server's media in a bucket of s3rver (a separate
// S3-compatible server process; test/support/s3.ts). Only verified media lands under media/;
// the tus upload objects are gone after, and after a cancelled or an abandoned upload.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Upload } from '@tus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { S3MediaStore } from '../../server/media/S3MediaStore';
import { createTestBucket, ensureS3, s3ServerOptions, testBucketKeys } from '../support/s3';
import {
  itemWhere,
  mediaMember,
  register,
  sha256,
  tusCreate,
  tusOffset,
  tusPatch,
  tusPatchCut,
  tusUpload,
} from './helpers/media';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

const clip = readFileSync(
  path.resolve(import.meta.dirname, '../../e2e/media/strip-48f-24fps.webm'),
);
let stopS3: () => Promise<void> = async () => undefined;
const servers: RunningServer[] = [];
const clients: TestClient[] = [];
beforeAll(async () => {
  stopS3 = await ensureS3();
}, 30_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
  await stopS3();
});

async function start() {
  const s3 = await createTestBucket();
  const server = await startTestServer(s3ServerOptions(s3));
  servers.push(server);
  const host = await mediaMember(server);
  clients.push(host.client);
  const objects = () => testBucketKeys(s3);
  return { s3, server, host, objects };
}

describe('media on S3 (s3rver)', () => {
  it('uploads through tus into the bucket, streams with ranges, leaves no upload objects', async () => {
    const { server, host, objects } = await start();
    expect(server.mediaBanner[0]).toContain('S3 bucket');
    const sha = sha256(clip);
    await register(host.client, clip, 'strip.webm');
    await tusUpload(server.url, clip, {
      filename: 'strip.webm',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    const ready = await itemWhere(
      host.client,
      sha,
      (item) => item.state === 'ready' || item.state === 'failed',
    );
    expect(ready.error).toBeUndefined();
    expect(ready).toMatchObject({ state: 'ready', thumbnail: true, media: { frames: 48 } });
    expect(await objects()).toEqual([
      `media/${sha}`,
      `media/${sha}.info.json`,
      `media/${sha}.thumb.jpg`,
    ]);

    const url = `${server.url}/api/media/${sha}?token=${encodeURIComponent(host.token)}`;
    const part = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('etag')).toBe(`"${sha}"`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(clip.subarray(1000, 2000));
    const whole = await fetch(url);
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha);
    expect((await fetch(url, { headers: { range: `bytes=${clip.length + 5}-` } })).status).toBe(
      416,
    );
  });

  it('resumes an upload cut halfway; a hash mismatch stores nothing', async () => {
    const { server, host, objects } = await start();
    const sha = sha256(clip);
    await register(host.client, clip, 'strip.webm');
    const created = await tusCreate(server.url, clip.length, {
      filename: 'strip.webm',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    const uploadUrl = created.location ?? '';
    await tusPatchCut(uploadUrl, clip.subarray(0, Math.floor(clip.length / 2)));
    const offset = await tusOffset(uploadUrl);
    expect(offset).toBeGreaterThan(0);
    expect(await tusPatch(uploadUrl, offset, clip.subarray(offset))).toBe(204);
    await itemWhere(host.client, sha, (item) => item.state === 'ready');
    const whole = await fetch(
      `${server.url}/api/media/${sha}?token=${encodeURIComponent(host.token)}`,
    );
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha);

    const claimed = Buffer.alloc(5000, 1);
    await register(host.client, claimed, 'claimed.mov');
    await tusUpload(server.url, Buffer.alloc(5000, 2), {
      filename: 'claimed.mov',
      sha256: sha256(claimed),
      room: host.roomId,
      token: host.token,
    });
    const failed = await itemWhere(host.client, sha256(claimed), (item) => item.state === 'failed');
    expect(failed.error?.code).toBe('HASH_MISMATCH');
    expect((await objects()).filter((key) => key.includes(sha256(claimed)))).toEqual([]);
    expect((await objects()).filter((key) => !key.startsWith('media/'))).toEqual([]);
  });

  it('a cancelled upload and an abandoned one leave nothing in the bucket', async () => {
    const { s3, server, host, objects } = await start();
    const sha = sha256(clip);
    await register(host.client, clip, 'strip.webm');
    const created = await tusCreate(server.url, clip.length, {
      filename: 'strip.webm',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    const uploadUrl = created.location ?? '';
    const id = new URL(uploadUrl).pathname.split('/').pop() ?? '';
    expect(await tusPatch(uploadUrl, 0, clip.subarray(0, 1000))).toBe(204);
    expect(await objects()).toEqual([`${id}.info`, `${id}.part`]);
    // Cancel (what the player's cancel sends): the multipart upload is aborted, objects gone.
    const cancelled = await fetch(uploadUrl, {
      method: 'DELETE',
      headers: { 'tus-resumable': '1.0.0' },
    });
    expect(cancelled.status).toBe(204);
    expect(await objects()).toEqual([]);
    const gone = await fetch(uploadUrl, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    expect(gone.status).toBe(404);

    // Abandoned: the retention sweep's deleteExpired on a store whose uploads expire at once.
    const store = new S3MediaStore(s3, 1);
    try {
      await store.uploads.create(new Upload({ id: 'abandoned', size: 10, offset: 0 }));
      expect(await objects()).toEqual(['abandoned.info']);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await store.uploads.deleteExpired()).toBeGreaterThan(0);
      expect(await objects()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
