// Uploads and streaming through the real server (local media store in a temp folder, real
// ffprobe/ffmpeg): tus uploads (tus-js-client and raw requests), resume after a connection cut
// halfway, hash mismatch, bytes that are not media, range requests (206/416), ETag and caching,
// media tokens (missing, expired, forged, another room's), name sanitising, upload limits, the
// same shot in a second room without a second upload, and the retention sweep.
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer, ServerOptions } from '../../server/index';
import {
  itemWhere,
  mediaMember,
  mediaToken,
  register,
  sha256,
  tusCreate,
  tusOffset,
  tusPatch,
  tusPatchCut,
  tusUpload,
} from './helpers/media';
import { joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

const clip = readFileSync(
  path.resolve(import.meta.dirname, '../../e2e/media/strip-48f-24fps.webm'),
);
const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
});

async function start(options: Partial<ServerOptions> = {}) {
  const server = await startTestServer(options);
  servers.push(server);
  const host = await mediaMember(server);
  clients.push(host.client);
  return { server, host };
}

const media = (server: RunningServer, sha: string, token: string, suffix = '', query = '') =>
  `${server.url}/api/media/${sha}${suffix}?token=${encodeURIComponent(token)}${query}`;

async function errorOf(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { code: string; message: string };
  expect(typeof body.message).toBe('string');
  return [response.status, body.code];
}

describe('media uploads and streaming', () => {
  it('library.open makes a ready item the room shot (host, or anyone the room lets add)', async () => {
    const { server, host } = await start();
    const sha = sha256(clip);
    await register(host.client, clip, 'shot.webm');
    const guest = await mediaMember(server, host.roomId);
    clients.push(guest.client);
    // Registered, not uploaded yet: not ready to play.
    const notReady = await host.client.errorFor(host.client.send('library.open', { id: sha }));
    expect(notReady.payload.code).toBe('INVALID_MESSAGE');
    await tusUpload(server.url, clip, {
      filename: 'shot.webm',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    await itemWhere(host.client, sha, (item) => item.state === 'ready');
    const refused = await guest.client.errorFor(guest.client.send('library.open', { id: sha }));
    expect(refused.payload.code).toBe('FORBIDDEN');
    const missing = await host.client.errorFor(
      host.client.send('library.open', { id: sha256('nothing') }),
    );
    expect(missing.payload.code).toBe('MEDIA_NOT_FOUND');
    await host.client.request(
      'room.setLibraryPolicy',
      { participantsMayAdd: true },
      'sync.library',
    );
    const opened = await guest.client.request('library.open', { id: sha }, 'sync.media');
    expect(opened.payload.media).toEqual({
      name: 'shot.webm',
      frameStart: 1,
      frameEnd: 48,
      fps: 24,
      width: 640,
      height: 360,
      fingerprint: sha,
      hasAudio: true,
    });
    const seen = await host.client.next(
      'sync.media',
      (message) => message.version === opened.version,
    );
    expect(seen.payload.media?.fingerprint).toBe(sha);
  });

  it('a tus upload is verified, probed and streamed with ranges, ETag and immutable caching', async () => {
    const { server, host } = await start();
    const sha = sha256(clip);
    await register(host.client, clip, 'sh010/../strip\u0007.webm');
    await tusUpload(
      server.url,
      clip,
      { filename: 'strip.webm', sha256: sha, room: host.roomId, token: host.token },
      64 * 1024,
    );
    const ready = await itemWhere(
      host.client,
      sha,
      (item) => item.state !== 'processing' && item.state !== 'uploading',
    );
    expect(ready).toMatchObject({
      state: 'ready',
      name: 'strip.webm',
      browserPlayable: true,
      thumbnail: true,
      media: { codec: 'vp9', width: 640, height: 360, frames: 48, fps: 24, hasAudio: true },
    });
    expect(ready.progress).toBeUndefined();

    const whole = await fetch(media(server, sha, host.token));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/webm');
    expect(whole.headers.get('etag')).toBe(`"${sha}"`);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha);

    const part = await fetch(media(server, sha, host.token), {
      headers: { range: 'bytes=100-199' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${clip.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(clip.subarray(100, 200));
    const tail = await fetch(media(server, sha, host.token), { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(clip.subarray(clip.length - 10));

    const beyond = await fetch(media(server, sha, host.token), {
      headers: { range: `bytes=${clip.length}-` },
    });
    expect(beyond.headers.get('content-range')).toBe(`bytes */${clip.length}`);
    expect(await errorOf(beyond)).toEqual([416, 'INVALID_MESSAGE']);

    const head = await fetch(media(server, sha, host.token), { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(clip.length));
    const cached = await fetch(media(server, sha, host.token), {
      headers: { 'if-none-match': `"${sha}"` },
    });
    expect(cached.status).toBe(304);

    const thumbnail = await fetch(media(server, sha, host.token, '/thumbnail'));
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await thumbnail.arrayBuffer()).subarray(0, 2)).toEqual(
      Buffer.from([0xff, 0xd8]),
    );
    expect(await errorOf(await fetch(media(server, sha, host.token, '/proxy')))).toEqual([
      404,
      'MEDIA_NOT_FOUND',
    ]);
    const download = await fetch(media(server, sha, host.token, '', '&download=1'), {
      method: 'HEAD',
    });
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="strip.webm"; filename*=UTF-8''strip.webm`,
    );
    // Uploads themselves are never readable.
    expect((await fetch(`${server.url}/api/uploads/abc`)).status).toBe(405);

    // A joiner streams with the media token its join answer carried: no token request first.
    const guest = await joinRoom(server.syncUrl, host.roomId);
    clients.push(guest.client);
    const granted = guest.joined.payload.media;
    expect(granted?.expiresAt).toBeGreaterThan(Date.now());
    const streamed = await fetch(media(server, sha, granted?.token ?? ''), {
      headers: { range: 'bytes=0-99' },
    });
    expect(streamed.status).toBe(206);
  });

  it('an upload cut halfway resumes from the offset the server kept', async () => {
    const { server, host } = await start();
    const sha = sha256(clip);
    await register(host.client, clip, 'strip.webm');
    const created = await tusCreate(server.url, clip.length, {
      filename: 'strip.webm',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    expect(created.status).toBe(201);
    const url = created.location ?? '';
    const half = Math.floor(clip.length / 2);
    await tusPatchCut(url, clip.subarray(0, half));
    const offset = await tusOffset(url);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(half);
    // Nothing half-written is served meanwhile.
    expect(await errorOf(await fetch(media(server, sha, host.token)))).toEqual([
      404,
      'MEDIA_NOT_FOUND',
    ]);
    expect(await tusPatch(url, offset, clip.subarray(offset))).toBe(204);
    await itemWhere(host.client, sha, (item) => item.state === 'ready');
    const whole = await fetch(media(server, sha, host.token));
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha);
  });

  it('bytes that do not match the claimed SHA-256, or are not media, fail the item and are not served', async () => {
    const { server, host } = await start();
    const claimed = Buffer.alloc(4096, 7);
    const sent = Buffer.alloc(4096, 8);
    await register(host.client, claimed, 'claimed.mov');
    await tusUpload(server.url, sent, {
      filename: 'claimed.mov',
      sha256: sha256(claimed),
      room: host.roomId,
      token: host.token,
    });
    const mismatch = await itemWhere(
      host.client,
      sha256(claimed),
      (item) => item.state === 'failed',
    );
    expect(mismatch.error?.code).toBe('HASH_MISMATCH');
    expect((await fetch(media(server, sha256(claimed), host.token))).status).toBe(404);

    const lying = Buffer.from('this is a text file with a video extension\n'.repeat(50));
    await register(host.client, lying, 'lying.mov');
    await tusUpload(server.url, lying, {
      filename: 'lying.mov',
      sha256: sha256(lying),
      room: host.roomId,
      token: host.token,
    });
    const notMedia = await itemWhere(host.client, sha256(lying), (item) => item.state === 'failed');
    expect(notMedia.error?.code).toBe('NOT_MEDIA');
    expect(await errorOf(await fetch(media(server, sha256(lying), host.token)))).toEqual([
      404,
      'MEDIA_NOT_FOUND',
    ]);
  });

  it('media tokens: refused without a session, missing, forged, expired or for another room', async () => {
    let clock = Date.now();
    const { server, host } = await start({ mediaClock: () => clock, mediaTokenTtlMs: 60_000 });
    const sha = sha256(clip);
    await register(host.client, clip, 'strip.webm');
    await tusUpload(server.url, clip, {
      filename: 'a',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    await itemWhere(host.client, sha, (item) => item.state === 'ready');

    expect((await mediaToken(server.url, host.roomId, 'x'.repeat(32))).status).toBe(403);
    expect(await errorOf(await fetch(`${server.url}/api/media/${sha}`))).toEqual([
      401,
      'MEDIA_TOKEN_INVALID',
    ]);
    const forged = host.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await errorOf(await fetch(media(server, sha, forged)))).toEqual([
      401,
      'MEDIA_TOKEN_INVALID',
    ]);

    // A member of another room cannot read this room's media, nor upload into it.
    const stranger = await mediaMember(server);
    clients.push(stranger.client);
    expect(await errorOf(await fetch(media(server, sha, stranger.token)))).toEqual([
      404,
      'MEDIA_NOT_FOUND',
    ]);
    const intoOther = await tusCreate(server.url, clip.length, {
      filename: 'a',
      sha256: sha,
      room: host.roomId,
      token: stranger.token,
    });
    expect([intoOther.status, JSON.parse(intoOther.body).code]).toEqual([
      403,
      'MEDIA_TOKEN_INVALID',
    ]);

    // A guest of the room reads it with its own token.
    const guest = await mediaMember(server, host.roomId);
    clients.push(guest.client);
    expect((await fetch(media(server, sha, guest.token), { method: 'HEAD' })).status).toBe(200);

    clock += 61_000;
    expect(await errorOf(await fetch(media(server, sha, host.token)))).toEqual([
      401,
      'MEDIA_TOKEN_INVALID',
    ]);
  });

  it('uploads must be registered, of the registered size, within the rate limit and the free disk', async () => {
    const { server, host } = await start({ uploadsPerMinute: 3 });
    const bytes = Buffer.alloc(2048, 1);
    const meta = { filename: 'a.mov', sha256: sha256(bytes), room: host.roomId, token: host.token };
    const unregistered = await tusCreate(server.url, bytes.length, meta);
    expect([unregistered.status, JSON.parse(unregistered.body).code]).toEqual([
      404,
      'MEDIA_NOT_FOUND',
    ]);
    await register(host.client, bytes, 'a.mov');
    const wrongSize = await tusCreate(server.url, bytes.length + 1, meta);
    expect([wrongSize.status, JSON.parse(wrongSize.body).code]).toEqual([400, 'INVALID_MESSAGE']);
    expect((await tusCreate(server.url, bytes.length, meta)).status).toBe(201);
    const limited = await tusCreate(server.url, bytes.length, meta);
    expect([limited.status, JSON.parse(limited.body).code]).toEqual([429, 'RATE_LIMITED']);

    const full = await start({ minFreeDiskBytes: Number.MAX_SAFE_INTEGER });
    const refused = full.host.client.send('library.add', {
      item: { id: sha256(bytes), kind: 'upload', name: 'a.mov', size: bytes.length },
    });
    const error = await full.host.client.errorFor(refused);
    expect(error.payload.code).toBe('DISK_FULL');
    expect(error.payload.message).toContain('reserve');
  });

  it('a second room adding a stored shot gets it ready without an upload; retention deletes unreferenced media', async () => {
    let clock = Date.now();
    const { server, host } = await start({
      mediaClock: () => clock,
      mediaRetentionHours: 1,
      mediaTokenTtlMs: 10 * 3_600_000,
    });
    const sha = sha256(clip);
    await register(host.client, clip, 'strip.webm');
    await tusUpload(server.url, clip, {
      filename: 'a',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    await itemWhere(host.client, sha, (item) => item.state === 'ready');

    const other = await mediaMember(server);
    clients.push(other.client);
    // Registered straight into processing: the bytes are there, nothing to upload.
    expect((await register(other.client, clip, 'same-shot.webm')).state).toBe('processing');
    const reused = await itemWhere(other.client, sha, (item) => item.state === 'ready');
    expect(reused).toMatchObject({
      name: 'same-shot.webm',
      thumbnail: true,
      browserPlayable: true,
    });

    await host.client.request('library.remove', { id: sha }, 'sync.library');
    expect(await server.media.retention.sweep()).toEqual([]); // still in the other room
    await other.client.request('library.remove', { id: sha }, 'sync.library');
    expect(await server.media.retention.sweep()).toEqual([]); // unreferenced from now on
    clock += 3_600_000 - 1000;
    expect(await server.media.retention.sweep()).toEqual([]);
    clock += 1000;
    expect(await server.media.retention.sweep()).toEqual([sha]);
    expect(await server.media.store.stat({ sha, variant: 'original' })).toBeNull();
    expect(await server.media.store.stat({ sha, variant: 'thumbnail' })).toBeNull();
  });

  it('a ProRes upload gets a frame-accurate browser proxy, with its progress shown to the room', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-prores-'));
    const file = path.join(dir, 'sh020.mov');
    execFileSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
      ...['-i', 'testsrc2=size=320x180:rate=24:duration=1', '-c:v', 'prores_ks', '-profile:v', '0'],
      ...['-timecode', '01:00:00:00', file],
    ]);
    const prores = readFileSync(file);
    const { server, host } = await start();
    const sha = sha256(prores);
    await register(host.client, prores, 'sh020.mov');
    await tusUpload(server.url, prores, {
      filename: 'sh020.mov',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    const pending = await itemWhere(host.client, sha, (item) => item.proxy !== undefined);
    expect(pending).toMatchObject({
      state: 'processing',
      browserPlayable: false,
      media: { codec: 'prores', frames: 24 },
    });
    const ready = await itemWhere(
      host.client,
      sha,
      (item) => item.state === 'ready' || item.state === 'failed',
      60_000,
    );
    expect(ready).toMatchObject({
      state: 'ready',
      proxy: { state: 'ready' },
      media: { startTimecode: '01:00:00:00' },
    });
    const proxy = await fetch(media(server, sha, host.token, '/proxy'));
    expect(proxy.headers.get('content-type')).toBe('video/mp4');
    expect(proxy.headers.get('etag')).toBe(`"${sha}-proxy"`);
    const bytes = Buffer.from(await proxy.arrayBuffer());
    expect(bytes.subarray(4, 8).toString()).toBe('ftyp');
    // The original stays downloadable.
    const original = await fetch(media(server, sha, host.token, '', '&download=1'));
    expect(original.headers.get('content-type')).toBe('video/quicktime');
    expect(sha256(Buffer.from(await original.arrayBuffer()))).toBe(sha);
  }, 90_000);

  it('an abandoned partial upload is swept once past its expiry (a week at least)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-data-'));
    const { server, host } = await start({ dataDir });
    const sha = sha256(clip);
    await register(host.client, clip, 'strip.webm');
    const created = await tusCreate(server.url, clip.length, {
      filename: 'strip.webm',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    const uploadUrl = created.location ?? '';
    expect(await tusPatch(uploadUrl, 0, clip.subarray(0, 1000))).toBe(204);
    await server.media.retention.sweep();
    expect(await tusOffset(uploadUrl)).toBe(1000); // young: kept
    // Its record as tus keeps it, made eight days old (tus expiry runs on the real clock).
    const id = uploadUrl.split('/').pop() ?? '';
    const record = path.join(dataDir, 'uploads', `${id}.json`);
    const info = JSON.parse(readFileSync(record, 'utf8')) as { creation_date: string };
    info.creation_date = new Date(Date.now() - 8 * 24 * 3_600_000).toISOString();
    writeFileSync(record, JSON.stringify(info));
    await server.media.retention.sweep();
    const head = await fetch(uploadUrl, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    expect([404, 410]).toContain(head.status);
    expect(existsSync(path.join(dataDir, 'uploads', id))).toBe(false);
  });

  it('an upload body may take longer than the request timeout while it keeps arriving', async () => {
    const { server, host } = await start({ requestTimeoutMs: 1000 });
    const sha = sha256(clip);
    await register(host.client, clip, 'strip.webm');
    const created = await tusCreate(server.url, clip.length, {
      filename: 'strip.webm',
      sha256: sha,
      room: host.roomId,
      token: host.token,
    });
    // Ten slices 250 ms apart: 2.5 s for one PATCH, each pause well under the socket timeout.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(created.location ?? '', {
        method: 'PATCH',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': String(clip.length),
        },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      const slice = Math.ceil(clip.length / 10);
      let sent = 0;
      const timer = setInterval(() => {
        req.write(clip.subarray(sent, sent + slice));
        sent += slice;
        if (sent >= clip.length) {
          clearInterval(timer);
          req.end();
        }
      }, 250);
    });
    expect(status).toBe(204);
    await itemWhere(host.client, sha, (item) => item.state === 'ready');
  });
});
