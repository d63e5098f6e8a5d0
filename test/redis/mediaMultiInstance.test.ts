// Two instances (separate processes) sharing Redis and one S3 bucket (s3rver): a shot uploaded
// through the first is processed there and streams, with ranges, to a participant connected to
// the second; media tokens from either instance work on both (signed with the shared secret).
// An upload started on one instance, which is then killed, is resumed and finished on the
// other: its parts are in the bucket (@tus/s3-store), not on the dead instance's disk.
import { mkdtempSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomString } from '../../src/protocol/index';
import {
  itemWhere,
  mediaMember,
  register,
  sha256,
  tusCreate,
  tusOffset,
  tusPatch,
  tusUpload,
} from '../server/helpers/media';
import { deletePrefix, uniquePrefix } from '../server/helpers/server';
import type { TestClient } from '../server/helpers/TestClient';
import { ffmpeg, tempMediaDir } from '../support/mediaFiles';
import { createTestBucket, ensureS3, s3ServerOptions, testBucketKeys } from '../support/s3';
import { spawnInstance, type Instance } from './helpers/instances';

const clip = readFileSync(
  path.resolve(import.meta.dirname, '../../e2e/media/strip-48f-24fps.webm'),
);
const prefix = uniquePrefix('media');
const instances: Instance[] = [];
const clients: TestClient[] = [];
let stopS3: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  stopS3 = await ensureS3();
}, 30_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(instances.map((instance) => instance.kill('SIGTERM')));
  await deletePrefix(prefix);
  await stopS3();
});

/** Two instances sharing Redis (under `prefix`), a new bucket and a room secret. */
async function twoInstances() {
  const s3 = await createTestBucket();
  const options = s3ServerOptions(s3);
  const secret = randomString(40);
  const args = () => [
    '--room-secret',
    secret,
    '--data-dir',
    mkdtempSync(path.join(tmpdir(), 'reelsync-data-')),
    '--s3-bucket',
    options.s3Bucket,
    '--s3-endpoint',
    options.s3Endpoint,
    '--s3-access-key-id',
    options.s3AccessKeyId,
    '--s3-secret-access-key',
    options.s3SecretAccessKey,
    '--s3-force-path-style',
  ];
  const first = await spawnInstance(prefix, args());
  const second = await spawnInstance(prefix, args());
  instances.push(first, second);
  expect(first.output()).toContain(`Media library: S3 bucket ${s3.bucket}`);
  return { s3, first, second };
}

describe('media across instances (Redis + S3)', () => {
  it('uploaded through one instance, streamed by a participant on another', async () => {
    const { first, second } = await twoInstances();

    const host = await mediaMember({ url: first.url, syncUrl: first.syncUrl });
    const guest = await mediaMember(
      { url: second.url, syncUrl: second.syncUrl } as never,
      host.roomId,
    );
    clients.push(host.client, guest.client);
    const sha = sha256(clip);
    await register(host.client, clip, 'strip.webm');
    await tusUpload(first.url, clip, {
      filename: 'strip.webm',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    const ready = await itemWhere(guest.client, sha, (item) => item.state === 'ready');
    expect(ready).toMatchObject({ thumbnail: true, media: { frames: 48 } });

    const fromSecond = `${second.url}/api/media/${sha}?token=${encodeURIComponent(guest.token)}`;
    const part = await fetch(fromSecond, { headers: { range: 'bytes=0-1023' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(clip.subarray(0, 1024));
    const whole = await fetch(fromSecond);
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha);
    // The host's token (issued by the first instance) works on the second too.
    const hostOnSecond = await fetch(
      `${second.url}/api/media/${sha}/thumbnail?token=${encodeURIComponent(host.token)}`,
    );
    expect(hostOnSecond.headers.get('content-type')).toBe('image/jpeg');
  }, 60_000);
});

describe('an upload resumed on another instance (Redis + S3)', () => {
  it('started on the first, which is killed; resumed and finished on the second; plays', async () => {
    const { s3, first, second } = await twoInstances();
    // 13 MB of lossless noise: past @tus/s3-store's 8 MiB part, so the first instance leaves
    // one complete multipart part and an incomplete remainder (<id>.part) in the bucket.
    const media = await tempMediaDir('resume');
    const file = path.join(media.dir, 'noise.mp4');
    await ffmpeg(
      ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=24', '-frames:v', '48'].concat(
        ['-vf', 'noise=alls=40:allf=t+u', '-c:v', 'libx264', '-preset', 'ultrafast'],
        ['-qp', '0', '-g', '1', '-pix_fmt', 'yuv420p', file],
      ),
    );
    const shot = await readFile(file);
    await media.remove();
    const cut = 9 * 1024 ** 2;
    expect(shot.length).toBeGreaterThan(cut + 1024 ** 2);

    const host = await mediaMember({ url: first.url, syncUrl: first.syncUrl });
    const guest = await mediaMember({ url: second.url, syncUrl: second.syncUrl }, host.roomId);
    clients.push(host.client, guest.client);
    const sha = sha256(shot);
    await register(host.client, shot, 'noise.mp4');
    const created = await tusCreate(first.url, shot.length, {
      filename: 'noise.mp4',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    expect(created.status).toBe(201);
    const onFirst = created.location ?? '';
    expect(await tusPatch(onFirst, 0, shot.subarray(0, cut))).toBe(204);
    expect(await testBucketKeys(s3)).toContain(
      `${new URL(onFirst).pathname.split('/').pop()}.part`,
    );
    await first.kill('SIGKILL');

    const onSecond = `${second.url}${new URL(onFirst).pathname}`;
    expect(await tusOffset(onSecond)).toBe(cut);
    expect(await tusPatch(onSecond, cut, shot.subarray(cut))).toBe(204);
    const ready = await itemWhere(
      guest.client,
      sha,
      (item) => item.state === 'ready' || item.state === 'failed',
    );
    expect(ready.error).toBeUndefined();
    expect(ready).toMatchObject({ state: 'ready', media: { frames: 48 } });

    const url = `${second.url}/api/media/${sha}?token=${encodeURIComponent(guest.token)}`;
    const part = await fetch(url, { headers: { range: `bytes=${cut - 10}-${cut + 9}` } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(shot.subarray(cut - 10, cut + 10));
    expect(sha256(Buffer.from(await (await fetch(url)).arrayBuffer()))).toBe(sha);
    // Only verified media stays in the bucket: the upload's objects are gone.
    expect((await testBucketKeys(s3)).filter((key) => !key.startsWith('media/'))).toEqual([]);
  }, 120_000);
});
