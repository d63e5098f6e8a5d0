// Integration (real server, protocol level): the room's media descriptor. Only the host sets it,
// everyone (late joiners too) gets it, bad descriptors are refused with a clear error and change
// nothing, and presence carries each user's media state to everybody.
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaDescriptor } from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

const MEDIA: MediaDescriptor = {
  name: 'shot010_v3.mov',
  frameStart: 1001,
  frameEnd: 1100,
  fps: 23.976,
  width: 2048,
  height: 858,
  fingerprint: 'a'.repeat(64),
  hasAudio: true,
};

async function room() {
  server = await startTestServer();
  const host = await createRoom(server.syncUrl, { displayName: 'Host' });
  const guest = await joinRoom(server.syncUrl, host.joined.payload.roomId, {
    displayName: 'Guest',
  });
  clients.push(host.client, guest.client);
  return { host, guest, url: server.syncUrl, roomId: host.joined.payload.roomId };
}

describe('media descriptor', () => {
  it('the host sets it, everyone gets it, a late joiner finds it in the snapshot', async () => {
    const { host, guest, url, roomId } = await room();
    const id = host.client.send('sync.media', { media: MEDIA });
    const change = await guest.client.next('sync.media');
    expect(change.payload.media).toEqual(MEDIA);
    expect((await host.client.next('sync.media')).replyTo).toBe(id);
    const late = await joinRoom(url, roomId);
    clients.push(late.client);
    expect(late.state.payload.mode === 'snapshot' && late.state.payload.state.media).toEqual(MEDIA);
  });

  it('participants may not set it; bad descriptors are refused and change nothing', async () => {
    const { host, guest } = await room();
    host.client.send('sync.media', { media: MEDIA });
    await guest.client.next('sync.media');
    const forbidden = guest.client.send('sync.media', { media: { ...MEDIA, name: 'mine.mov' } });
    expect((await guest.client.errorFor(forbidden)).payload.code).toBe('FORBIDDEN');
    const backwards = host.client.send('sync.media', {
      media: { ...MEDIA, frameStart: 50, frameEnd: 10 },
    });
    const refused = await host.client.errorFor(backwards);
    expect(refused.payload.code).toBe('INVALID_MESSAGE');
    const tooLong = host.client.send('sync.media', { media: { ...MEDIA, name: 'x'.repeat(300) } });
    expect((await host.client.errorFor(tooLong)).payload.code).toBe('INVALID_MESSAGE');
    // Nothing changed: a fresh look at the room still has the host's descriptor.
    const state = await guest.client.request('sync.requestState', {}, 'sync.state');
    expect(state.payload.mode === 'snapshot' && state.payload.state.media).toEqual(MEDIA);
  });

  it('each user’s media state reaches everybody; a new host keeps the room media until it announces', async () => {
    const { host, guest } = await room();
    host.client.send('sync.media', { media: MEDIA });
    await guest.client.next('sync.media');
    guest.client.send('user.presence', { mediaStatus: 'mismatch' });
    const users = await host.client.next('room.users', (m) =>
      m.payload.users.some((u) => u.mediaStatus === 'mismatch'),
    );
    expect(
      users.payload.users.find((u) => u.userId === guest.joined.payload.userId)?.mediaStatus,
    ).toBe('mismatch');
    const bogus = guest.client.send('user.presence', { mediaStatus: 'broken' as never });
    expect((await guest.client.errorFor(bogus)).payload.code).toBe('INVALID_MESSAGE');

    host.client.send('room.transferHost', { userId: guest.joined.payload.userId });
    await guest.client.next('room.users', (m) =>
      m.payload.users.some((u) => u.userId === guest.joined.payload.userId && u.role === 'host'),
    );
    const id = guest.client.send('sync.media', { media: { ...MEDIA, name: 'other.mov' } });
    expect(
      (await host.client.next('sync.media', (m) => m.replyTo === id)).payload.media?.name,
    ).toBe('other.mov');
  });
});
