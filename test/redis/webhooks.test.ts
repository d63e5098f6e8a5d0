// Webhooks with several instances on one Redis: every instance has the same webhook URL, yet
// each room event is posted once — by the instance whose atomic step applied it — whichever
// instance its author is connected to; the room's end is posted once with its notes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../server/webhooks/signature';
import { waitFor } from '../support/waitFor';
import { createRoom, joinRoom, type Joined } from '../server/helpers/rooms';
import { deletePrefix, uniquePrefix } from '../server/helpers/server';
import { Receiver } from '../server/helpers/webhookReceiver';
import { startRedisInstance } from './helpers/instances';

const SECRET = 'multi-instance-secret';
const prefix = uniquePrefix('webhooks');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(() => deletePrefix(prefix));

function track<T extends { close(): Promise<unknown> }>(item: T): T {
  cleanups.push(() => item.close());
  return item;
}

async function note(member: Joined, id: string, text: string): Promise<void> {
  member.client.send('sync.note', { op: 'add', note: { id, frame: 1, text } });
  await member.client.next(
    'sync.note',
    (message) => message.payload.op === 'upsert' && message.payload.note.id === id,
  );
}

describe('webhooks across instances', () => {
  it('posts each event once, from the instance that applied it', async () => {
    const hook = track(await Receiver.start());
    // One shared --data-dir: the event log of a room is complete whoever applied its changes.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-shared-data-'));
    const options = { webhookUrls: [hook.url], webhookSecret: SECRET, dataDir };
    const first = track(await startRedisInstance(prefix, options));
    const second = track(await startRedisInstance(prefix, options));

    const host = await createRoom(first.syncUrl, { displayName: 'Hana' });
    track(host.client);
    const roomId = host.joined.payload.roomId;
    const guest = await joinRoom(second.syncUrl, roomId, { displayName: 'Gus' });
    track(guest.client);
    await note(host, 'n-a', 'from the first instance');
    await note(guest, 'n-b', 'from the second instance');
    await note(host, 'n-c', 'first again');
    host.client.send('room.end', {});
    await waitFor(() => hook.types().includes('room.ended'), { what: 'room.ended' });
    await Promise.all([first.events.delivery.idle(), second.events.delivery.idle()]);

    const ids = hook.received.map((entry) => entry.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(hook.types()).toEqual(['note.added', 'note.added', 'note.added', 'room.ended']);
    expect(hook.received.map((entry) => entry.event.actor?.displayName ?? null)).toEqual([
      'Hana',
      'Gus',
      'Hana',
      null,
    ]);
    for (const { body, headers } of hook.received)
      expect(
        verifyWebhookSignature(SECRET, body, headers['x-reelsync-signature'] as string).ok,
      ).toBe(true);
    const ended = hook.received.at(-1)?.event;
    expect(ended?.type === 'room.ended' && ended.data.notes.map((entry) => entry.id)).toEqual([
      'n-a',
      'n-b',
      'n-c',
    ]);

    await first.events.log?.flushed();
    await second.events.log?.flushed();
    const log = await first.events.log?.read(roomId);
    expect(log?.trim().split('\n')).toHaveLength(4);
  });
});
