// Two instances (separate processes) sharing Redis and one S3 bucket (s3rver): a shot uploaded
// through the first is processed there and streams, with ranges, to a participant connected to
// the second; media tokens from either instance work on both (signed with the shared secret).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomString } from '../../src/protocol/index';
import { itemWhere, mediaMember, register, sha256, tusUpload } from '../server/helpers/media';
import { deletePrefix, uniquePrefix } from '../server/helpers/server';
import type { TestClient } from '../server/helpers/TestClient';
import { createTestBucket, ensureS3, s3ServerOptions } from '../support/s3';
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

describe('media across instances (Redis + S3)', () => {
  it('uploaded through one instance, streamed by a participant on another', async () => {
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
