// The SDK's playlist against the real server: a library shot appended to the playlist, edits
// reaching a second client, and refusals carrying the server's reason.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { connect, ReelSyncError, type ReelSyncClient } from '../../sdk/node';
import { startTestServer } from '../server/helpers/server';

let server: RunningServer;
const clients: ReelSyncClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await server?.close();
});

async function client(): Promise<ReelSyncClient> {
  const c = await connect(server.url, { timeoutMs: 5000 });
  clients.push(c);
  return c;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('ReelSyncClient.playlist', () => {
  it('lists, adds, renames, moves and removes; a refused move says why', async () => {
    server = await startTestServer();
    const host = await client();
    const room = await host.createRoom({ name: 'Host' });
    await host.library.add({ id: sha('one'), kind: 'upload', name: 'sh010_v001.mov', size: 5 });
    await host.library.add({ id: sha('two'), kind: 'upload', name: 'sh020_v001.mov', size: 5 });
    const guest = await client();
    await guest.joinRoom(room.roomId, { name: 'Guest' });
    const appended = () => guest.playlist.items.map((item) => item.name);
    expect(appended()).toEqual(['sh010_v001.mov', 'sh020_v001.mov']);
    expect(guest.playlist.currentId).toBe(host.playlist.items[0]?.id);

    await host.playlist.addFromLibrary([{ libraryId: sha('one'), name: 'sh010 again' }], 0);
    const [again, first, second] = host.playlist.items.map((item) => item.id);
    await host.playlist.rename(second ?? '', 'sh020 (client cut)');
    await host.playlist.move(again ?? '', 2);
    await host.playlist.remove(first ?? '');
    const end = Date.now() + 3000;
    while (guest.playlist.items.length !== 2 && Date.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(guest.playlist.items.map((item) => item.name)).toEqual([
      'sh020 (client cut)',
      'sh010 again',
    ]);
    // The shots are still uploading: moving to one is refused with the reason.
    const refused = await host.playlist.goTo(again ?? '').then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ReelSyncError);
    expect((refused as ReelSyncError).message).toContain('not ready to play yet (uploading)');
    const forbidden = await guest.playlist.remove(again ?? '').then(
      () => null,
      (error: unknown) => error,
    );
    expect((forbidden as ReelSyncError).message).toContain('only the host may change the playlist');
  });
});
