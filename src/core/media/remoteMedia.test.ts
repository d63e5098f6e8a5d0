// remoteMedia against a real HTTP server on an ephemeral port: range reads, refusals as typed
// errors that never show the URL (it carries the access token), sizes from HEAD.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError } from './MediaError';
import { guardedFetch, remoteReader, remoteRetryDelay, remoteSize } from './remoteMedia';

const BYTES = new Uint8Array(1000).map((_, i) => i % 251);
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.searchParams.get('token') !== 'good') {
      response.writeHead(403, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ code: 'MEDIA_TOKEN_INVALID', message: 'the token expired' }));
      return;
    }
    if (url.pathname === '/no-range') {
      response.writeHead(200, { 'Content-Length': BYTES.length });
      response.end(BYTES);
      return;
    }
    const range = /bytes=(\d+)-(\d+)/.exec(request.headers.range ?? '');
    if (!range) {
      response.writeHead(200, { 'Content-Length': BYTES.length, 'Accept-Ranges': 'bytes' });
      response.end(request.method === 'HEAD' ? undefined : BYTES);
      return;
    }
    const start = Number(range[1]);
    const end = Math.min(Number(range[2]), BYTES.length - 1);
    response.writeHead(206, {
      'Content-Range': `bytes ${start}-${end}/${BYTES.length}`,
      'Content-Length': end - start + 1,
    });
    response.end(BYTES.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const media = (path: string, token: string) => ({
  url: `${base}${path}?token=${token}`,
  name: 'shot.mp4',
  fingerprint: 'f'.repeat(64),
});

describe('remoteMedia', () => {
  it('reads byte ranges and learns the size from HEAD', async () => {
    const remote = media('/media', 'good');
    expect(await remoteSize(remote)).toBe(1000);
    expect([...(await remoteReader(remote)(10, 5))]).toEqual([10, 11, 12, 13, 14]);
  });

  it('turns a refusal into REFUSED with the server message and without the URL', async () => {
    const remote = media('/media', 'secret-token');
    const error = await guardedFetch(remote)(remote.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('REFUSED');
    expect((error as MediaError).message).toContain('the token expired');
    expect((error as MediaError).message).not.toContain('secret-token');
    expect(remoteRetryDelay(1, error)).toBeNull();
  });

  it('gives up on a server that ignores Range instead of downloading everything', async () => {
    const error = await remoteReader(media('/no-range', 'good'))(0, 16).catch((e: unknown) => e);
    expect((error as MediaError).code).toBe('NETWORK');
  });

  it('reports an unreachable server as NETWORK and retries it a bounded number of times', async () => {
    const remote = { ...media('/media', 'good'), url: 'http://127.0.0.1:1/media' };
    const error = await guardedFetch(remote)(remote.url).catch((e: unknown) => e);
    expect((error as MediaError).code).toBe('NETWORK');
    expect(remoteRetryDelay(1, error)).toBeGreaterThan(0);
    expect(remoteRetryDelay(6, error)).toBeNull();
  });
});
