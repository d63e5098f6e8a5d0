// Library items that would wait forever, against the real server (local store, real ffprobe):
// an item left `processing` (as a restart leaves it) is processed again once it has shown no
// progress for ten minutes, or fails as lost when its bytes are gone; an upload nobody finishes
// fails as abandoned after the partial upload's expiry and no longer counts against the quota.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer, ServerOptions } from '../../server/index';
import { itemWhere, mediaMember, register, sha256, tusUpload } from './helpers/media';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

const clip = readFileSync(
  path.resolve(import.meta.dirname, '../../e2e/media/strip-48f-24fps.webm'),
);
const MINUTE = 60_000;
const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
});

async function start(options: Partial<ServerOptions>) {
  const server = await startTestServer(options);
  servers.push(server);
  // The test drives the sweeps itself, on its own clock.
  server.media.recovery.stop();
  const host = await mediaMember(server);
  clients.push(host.client);
  return { server, host };
}

describe('stalled library items', () => {
  it('an item left processing is processed again once stalled, or fails as lost without its bytes', async () => {
    let clock = Date.now();
    const { server, host } = await start({
      mediaClock: () => clock,
      mediaTokenTtlMs: 24 * 60 * MINUTE,
    });
    const sha = sha256(clip);
    await register(host.client, clip, 'sh010.webm');
    await tusUpload(server.url, clip, {
      filename: 'sh010.webm',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    await itemWhere(host.client, sha, (item) => item.state === 'ready');

    // What a restart mid-processing leaves in the room: `processing`, and nobody working on it.
    const { pipeline, recovery } = server.media;
    await pipeline.update(host.roomId, sha, { state: 'processing', progress: 0.3 });
    await itemWhere(host.client, sha, (item) => item.state === 'processing');
    expect(await recovery.sweep()).toEqual({ resumed: [], abandoned: [] });
    clock += 10 * MINUTE - 1;
    expect(await recovery.sweep()).toEqual({ resumed: [], abandoned: [] });
    clock += 1;
    const ready = itemWhere(host.client, sha, (item) => item.state === 'ready');
    expect(await recovery.sweep()).toEqual({ resumed: [sha], abandoned: [] });
    expect(await ready).toMatchObject({ thumbnail: true, browserPlayable: true });

    // The same, with the original gone from the store: a clear failure, not a wait.
    await server.media.store.delete({ sha, variant: 'original' });
    await pipeline.update(host.roomId, sha, { state: 'processing', progress: 0.5 });
    await itemWhere(host.client, sha, (item) => item.state === 'processing');
    await recovery.sweep();
    clock += 10 * MINUTE;
    const failed = itemWhere(host.client, sha, (item) => item.state === 'failed');
    expect((await recovery.sweep()).resumed).toEqual([sha]);
    expect((await failed).error).toEqual({
      code: 'UPLOAD_LOST',
      message: 'The upload could not be stored. Add the file again.',
    });
  });

  it('an upload nobody finishes is abandoned after the upload expiry and frees its quota', async () => {
    let clock = Date.now();
    const { server, host } = await start({
      mediaClock: () => clock,
      roomQuotaBytes: Math.floor(clip.length * 1.5),
    });
    const sha = sha256(clip);
    expect((await register(host.client, clip, 'never-sent.webm')).state).toBe('uploading');
    const other = Buffer.concat([clip.subarray(0, clip.length - 1), Buffer.from([7])]);
    const refused = await host.client.errorFor(
      host.client.send('library.add', {
        item: { id: sha256(other), kind: 'upload', name: 'other.webm', size: other.length },
      }),
    );
    expect(refused.payload.code).toBe('ROOM_QUOTA_EXCEEDED');

    const { recovery } = server.media;
    expect(await recovery.sweep()).toEqual({ resumed: [], abandoned: [] });
    clock += 7 * 24 * 60 * MINUTE - 1; // the partial upload's expiry: at least a week
    expect(await recovery.sweep()).toEqual({ resumed: [], abandoned: [] });
    clock += 1;
    const abandoned = itemWhere(host.client, sha, (item) => item.state === 'failed');
    expect(await recovery.sweep()).toEqual({ resumed: [], abandoned: [sha] });
    expect((await abandoned).error).toEqual({
      code: 'UPLOAD_ABANDONED',
      message: 'Nobody finished uploading this file in 7 days. Add it again.',
    });
    // A failed item holds no bytes and no quota.
    expect((await register(host.client, other, 'other.webm')).state).toBe('uploading');
  });
});
