// The room media library through the real server (memory, or Redis with
// REELSYNC_TEST_STORE=redis): library.add / library.remove / room.setLibraryPolicy, who may do
// what, name sanitising, the per-file limit, the room quota, the item cap, the room-state budget.
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  roomLibrary,
  type ClientPayload,
  type ErrorCode,
  type LibraryItem,
} from '../../src/protocol/index';
import { parseConfig } from '../../server/config';
import type { RunningServer, ServerOptions } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
});

async function start(options: Partial<ServerOptions> = {}) {
  const server = await startTestServer(options);
  servers.push(server);
  const host = await createRoom(server.syncUrl, { displayName: 'Hana' });
  const roomId = host.joined.payload.roomId;
  const guest = await joinRoom(server.syncUrl, roomId, { displayName: 'Gus' });
  clients.push(host.client, guest.client);
  return { server, host: host.client, guest: guest.client, roomId };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const upload = (seed: string, size = 1000, name = `${seed}.mov`): ClientPayload<'library.add'> => ({
  item: { id: sha(seed), kind: 'upload', name, size },
});

/** Sends library.add and resolves to the item the room now has. */
async function add(
  client: TestClient,
  payload: ClientPayload<'library.add'>,
): Promise<LibraryItem> {
  const reply = await client.request('library.add', payload, 'sync.library');
  if (reply.payload.op !== 'upsert') throw new Error(`unexpected ${reply.payload.op}`);
  return reply.payload.item;
}

async function refusal(client: TestClient, id: string): Promise<[ErrorCode, string]> {
  const error = await client.errorFor(id);
  return [error.payload.code, error.payload.message];
}

describe('room media library', () => {
  it('the host adds an upload; everyone sees it with a sanitised name; late joiners get it', async () => {
    const { server, host, guest, roomId } = await start();
    const item = await add(host, upload('a', 4096, '../../secret/\u0000sh010\u202e_v001.mov'));
    expect(item).toMatchObject({
      id: sha('a'),
      kind: 'upload',
      name: 'sh010_v001.mov',
      size: 4096,
      addedByName: 'Hana',
      state: 'uploading',
      progress: 0,
      thumbnail: false,
      browserPlayable: false,
    });
    const seen = await guest.next('sync.library');
    expect(seen.payload).toEqual({ op: 'upsert', item });
    const late = await joinRoom(server.syncUrl, roomId, { displayName: 'Lea' });
    clients.push(late.client);
    const snapshot = late.state.payload;
    expect(snapshot.mode).toBe('snapshot');
    if (snapshot.mode === 'snapshot') expect(roomLibrary(snapshot.state).items).toEqual([item]);
    // Registering it again (a reload resuming the upload) answers with the item as it is.
    expect(await add(host, upload('a', 4096, 'other.mov'))).toEqual(item);
  });

  it('participants add only when the host allows; removal by the host or the one who added', async () => {
    const { server, host, guest, roomId } = await start();
    const denied = guest.send('library.add', upload('g1'));
    expect(await refusal(guest, denied)).toEqual(['FORBIDDEN', expect.stringContaining('host')]);
    const notHost = guest.send('room.setLibraryPolicy', { participantsMayAdd: true });
    expect((await refusal(guest, notHost))[0]).toBe('FORBIDDEN');

    const policy = await host.request(
      'room.setLibraryPolicy',
      { participantsMayAdd: true },
      'sync.library',
    );
    expect(policy.payload).toEqual({ op: 'policy', participantsMayAdd: true });
    await guest.next('sync.library', (m) => m.payload.op === 'policy');
    const mine = await add(guest, upload('g1'));
    expect(mine.addedByName).toBe('Gus');
    const hosts = await add(host, upload('h1'));

    const viewer = await joinRoom(server.syncUrl, roomId, { role: 'viewer' });
    clients.push(viewer.client);
    const viewerAdd = viewer.client.send('library.add', upload('v1'));
    expect((await refusal(viewer.client, viewerAdd))[0]).toBe('FORBIDDEN');

    const othersItem = guest.send('library.remove', { id: hosts.id });
    expect(await refusal(guest, othersItem)).toEqual([
      'FORBIDDEN',
      expect.stringContaining('whoever added it'),
    ]);
    const removed = await guest.request('library.remove', { id: mine.id }, 'sync.library');
    expect(removed.payload).toEqual({ op: 'remove', id: mine.id });
    await host.request('library.remove', { id: hosts.id }, 'sync.library');
    const missing = host.send('library.remove', { id: sha('nothing') });
    expect((await refusal(host, missing))[0]).toBe('MEDIA_NOT_FOUND');
    const snapshot = await host.request('sync.requestState', {}, 'sync.state');
    if (snapshot.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(roomLibrary(snapshot.payload.state)).toEqual({ items: [], participantsMayAdd: true });
  });

  it('refuses a file over the per-file limit and one that would overrun the room quota', async () => {
    const { host } = await start({ maxFileBytes: 1000, roomQuotaBytes: 1500 });
    const big = host.send('library.add', upload('big', 1001));
    expect(await refusal(host, big)).toEqual([
      'FILE_TOO_LARGE',
      expect.stringContaining('1001 bytes is over'),
    ]);
    await add(host, upload('one', 1000));
    const over = host.send('library.add', upload('two', 600));
    expect(await refusal(host, over)).toEqual([
      'ROOM_QUOTA_EXCEEDED',
      expect.stringContaining('1000 bytes of'),
    ]);
    // URL items take no room storage.
    const url = 'https://studio.example/dailies/sh010_v002.mp4';
    const byUrl = await add(host, {
      item: { id: `url-${sha(url)}`, kind: 'url', name: 'sh010_v002.mp4', size: 0, url },
    });
    expect(byUrl).toMatchObject({ state: 'ready', url, browserPlayable: true });
  });

  it('refuses bad URL items, an empty file, too many items and a full room-state budget', async () => {
    const { host } = await start({ maxLibraryItems: 2, maxRoomStateBytes: 1250 });
    // Only the library's own bytes here: its additions are not appended to the playlist.
    await host.request('playlist.setPolicy', { appendLibraryAdditions: false }, 'sync.playlist');
    const script = 'javascript:alert(1)';
    const cases: Array<[ClientPayload<'library.add'>, string]> = [
      [
        { item: { id: `url-${sha(script)}`, kind: 'url', name: 'x', size: 0, url: script } },
        'only http(s)',
      ],
      [
        {
          item: {
            id: `url-${sha('https://a.example/x')}`,
            kind: 'url',
            name: 'x',
            size: 0,
            url: 'https://a.example/y',
          },
        },
        'SHA-256 of the url',
      ],
      [upload('empty', 0), 'empty'],
      [{ item: { ...upload('u').item, url: 'https://a.example/' } }, 'no url'],
    ];
    for (const [payload, detail] of cases) {
      const id = host.send('library.add', payload);
      expect(await refusal(host, id)).toEqual(['INVALID_MESSAGE', expect.stringContaining(detail)]);
    }
    await add(host, upload('one'));
    const budget = host.send('library.add', upload('two', 1000, 'n'.repeat(200)));
    expect((await refusal(host, budget))[0]).toBe('ROOM_BUDGET_FULL');
    await add(host, upload('two'));
    const third = host.send('library.add', upload('three'));
    expect(await refusal(host, third)).toEqual(['LIMIT_EXCEEDED', expect.stringContaining('2')]);
  });

  it('URL items on other origins: --media-origins lets the player stream them (CSP)', async () => {
    const { config } = parseConfig(
      ['--media-origins', 'https://studio.example/dailies/, http://nas:8080'],
      {},
    );
    expect(config.mediaOrigins).toEqual(['https://studio.example', 'http://nas:8080']);
    expect(() => parseConfig(['--media-origins', 'ftp://nas'], {})).toThrow('http(s) origins');
    const { server } = await start({ mediaOrigins: config.mediaOrigins });
    const policy = (await fetch(server.url)).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("media-src 'self' blob: data: https://studio.example http://nas:8080");
    expect(policy).toMatch(/connect-src [^;]*https:\/\/studio\.example http:\/\/nas:8080/);
    const plain = await start();
    expect((await fetch(plain.server.url)).headers.get('content-security-policy')).toContain(
      "media-src 'self' blob: data:;",
    );
  });
});
