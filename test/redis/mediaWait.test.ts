// Multi-instance (real Redis): "wait for everyone" when the host and a guest are on different
// instances. Runs in the Redis pass (npm run test:redis).
import { afterEach, describe, expect, it } from 'vitest';
import { createRoom, joinRoom } from '../server/helpers/rooms';
import { deletePrefix, uniquePrefix } from '../server/helpers/server';
import type { TestClient } from '../server/helpers/TestClient';
import { isWaiting, play } from '../server/helpers/mediaWait';
import { startRedisInstance } from './helpers/instances';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

// Two instances on one Redis: the hold lives where the play arrived, and follows the room's
// channel, so a guest on the other instance becoming ready starts it.
describe('wait for everyone across instances', () => {
  const prefix = uniquePrefix('media-wait');
  const instances: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const instance of instances.splice(0)) await instance.close();
    await deletePrefix(prefix);
  });

  it('a guest on another instance getting ready starts the play held on the host’s', async () => {
    const one = await startRedisInstance(prefix);
    instances.push(one);
    const two = await startRedisInstance(prefix);
    instances.push(two);
    const host = await createRoom(one.syncUrl, { displayName: 'Host' });
    const guest = await joinRoom(two.syncUrl, host.joined.payload.roomId, { displayName: 'Guest' });
    clients.push(host.client, guest.client);
    guest.client.send('user.presence', { mediaStatus: 'loading' });
    await host.client.next('room.users', (m) =>
      m.payload.users.some((u) => u.mediaStatus === 'loading'),
    );
    host.client.send('room.settings', { settings: { waitForEveryone: true } });
    await guest.client.next('room.settings', (m) => m.payload.settings.waitForEveryone);
    const playId = play(host.client, 0);
    await host.client.next('sync.rejected', (m) => m.replyTo === playId);
    await guest.client.next('room.waiting', isWaiting([guest.joined.payload.userId]), 8000);
    guest.client.send('user.presence', { mediaStatus: 'ready' });
    const started = await guest.client.next('sync.playback', (m) => m.payload.motion.playing, 8000);
    expect(started.userId).toBeUndefined();
    await host.client.next('sync.playback', (m) => m.payload.motion.playing, 8000);
  });
});
