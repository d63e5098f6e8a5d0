// Lost channel messages: a change that arrives after a gap is held until the missing
// changes are sent from the store's log, so every client still sees 1..N in order.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { LossyStore } from './helpers/LossyStore';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

const closers: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const item of closers.splice(0).reverse()) await item.close();
});

const stroke = (id: string) => ({
  op: 'add' as const,
  annotation: { id, frame: 1, tool: 'pen' as const, color: '#ffffff', width: 1, points: [1, 1, 1] },
});

function changeVersions(client: TestClient): Array<number | undefined> {
  return client.received
    .filter((m) => m.type === 'sync.annotation' || m.type === 'sync.view')
    .map((m) => m.version);
}

describe('gap repair', () => {
  it('changes lost on the channel are delivered from the log, in order, before later ones', async () => {
    const store = new LossyStore();
    const server: RunningServer = await startTestServer({ store });
    closers.push(server);
    const host = await createRoom(server.syncUrl);
    const guest = await joinRoom(server.syncUrl, host.joined.payload.roomId);
    closers.push(host.client, guest.client);
    store.drop = 2;
    const g = guest.joined.payload.userId;
    guest.client.send('sync.annotation', stroke(`${g}-1`));
    guest.client.send('sync.annotation', stroke(`${g}-2`));
    const last = guest.client.send('sync.annotation', stroke(`${g}-3`));
    await guest.client.next('sync.annotation', (m) => m.replyTo === last);
    await host.client.next('sync.annotation', (m) => m.version === 3);
    expect(changeVersions(host.client)).toEqual([1, 2, 3]);
    expect(changeVersions(guest.client)).toEqual([1, 2, 3]);
  });
});
