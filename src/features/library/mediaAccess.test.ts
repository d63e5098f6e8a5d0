// MediaTokens and the authorised fetch against a real HTTP server on an ephemeral port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../core/media/remoteMedia';
import { MediaAccessError, MediaTokens, remoteMediaOf } from './mediaAccess';
import { libraryItem } from './testItems';

let server: Server;
let base = '';
let issued = 0;
/** Tokens the media route accepts (the test revokes them to simulate expiry). */
const valid = new Set<string>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/api/media/token') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const { room, sessionToken } = JSON.parse(body) as { room: string; sessionToken: string };
        if (sessionToken !== 'member') {
          response.writeHead(403, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify({ code: 'FORBIDDEN', message: 'not a member of that room' }));
          return;
        }
        const token = `${room}-${++issued}`;
        valid.add(token);
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ token, expiresAt: Date.now() + 600_000 }));
      });
      return;
    }
    const ok = valid.has(url.searchParams.get('token') ?? '');
    response.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
    response.end(
      ok ? '"bytes"' : JSON.stringify({ code: 'MEDIA_TOKEN_INVALID', message: 'expired' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const fetchHere: FetchLike = (path, init) => fetch(`${base}${path}`, init);

describe('media access', () => {
  it('fetches a token once and reuses it until it nears expiry', async () => {
    const tokens = new MediaTokens(() => ({ room: 'ROOM', sessionToken: 'member' }), fetchHere);
    const first = await tokens.token();
    expect(await tokens.token()).toBe(first);
    const later = new MediaTokens(
      () => ({ room: 'ROOM', sessionToken: 'member' }),
      fetchHere,
      () => Date.now() + 590_000,
    );
    const a = await later.token();
    expect(await later.token()).not.toBe(a);
  });

  it('streams first with the token the join answer granted, then asks the server once it is refused', async () => {
    valid.add('granted-at-join');
    const before = issued;
    const tokens = new MediaTokens(
      () => ({
        room: 'ROOM',
        sessionToken: 'member',
        granted: { token: 'granted-at-join', expiresAt: Date.now() + 600_000 },
      }),
      fetchHere,
    );
    expect(await tokens.token()).toBe('granted-at-join');
    const remote = remoteMediaOf(libraryItem(), tokens, fetchHere);
    const fetchMedia = remote?.fetch;
    if (!remote || !fetchMedia) throw new Error('no fetch');
    expect((await fetchMedia(remote.url)).status).toBe(200);
    expect(issued).toBe(before); // no POST /api/media/token before the first bytes
    valid.delete('granted-at-join'); // the server refuses it now: a fetched token replaces it
    expect((await fetchMedia(remote.url)).status).toBe(200);
    expect(issued).toBe(before + 1);
    expect(await tokens.token()).not.toBe('granted-at-join');
  });

  it('refuses outside a room and passes the server’s refusal on', async () => {
    const outside = new MediaTokens(() => null, fetchHere);
    await expect(outside.token()).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
    const stranger = new MediaTokens(() => ({ room: 'ROOM', sessionToken: 'x' }), fetchHere);
    const error = await stranger.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaAccessError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'not a member of that room' });
  });

  it('streams an item with a fresh token, renewing it once after a refusal', async () => {
    const tokens = new MediaTokens(() => ({ room: 'ROOM', sessionToken: 'member' }), fetchHere);
    const remote = remoteMediaOf(libraryItem(), tokens, fetchHere);
    expect(remote).toMatchObject({
      url: `/api/media/${'a'.repeat(64)}`,
      fingerprint: 'a'.repeat(64),
    });
    const fetchMedia = remote?.fetch;
    if (!fetchMedia) throw new Error('no fetch');
    expect((await fetchMedia(remote.url)).status).toBe(200);
    valid.clear(); // the server forgets every token (expired)
    expect((await fetchMedia(remote.url)).status).toBe(200);
  });

  it('streams URL items directly and nothing that is not ready', () => {
    const tokens = new MediaTokens(() => null, fetchHere);
    const url = libraryItem({
      kind: 'url',
      url: 'https://studio/shot.mp4',
      id: `url-${'b'.repeat(64)}`,
    });
    expect(remoteMediaOf(url, tokens)).toEqual({
      url: 'https://studio/shot.mp4',
      name: 'shot_v001.mp4',
      fingerprint: `url-${'b'.repeat(64)}`,
    });
    expect(remoteMediaOf(libraryItem({ state: 'uploading' }), tokens)).toBeNull();
  });
});
