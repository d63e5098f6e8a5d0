// The people side of rooms through the real server: room.peek (what a share link asks before
// joining) and the host's defaults for people who join, kept in room state.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

describe('room people', () => {
  it('room.peek names the host and whether a PIN is needed, and nothing else', async () => {
    server = await startTestServer();
    const host = await createRoom(server.syncUrl, { displayName: 'Ana', pin: '4711' });
    clients.push(host.client);
    const visitor = await TestClient.greeted(server.syncUrl);
    clients.push(visitor);
    const info = await visitor.request(
      'room.peek',
      { roomId: host.joined.payload.roomId },
      'room.info',
    );
    expect(info.payload).toEqual({
      roomId: host.joined.payload.roomId,
      hostName: 'Ana',
      pinRequired: true,
      full: false,
    });
    // Peeking does not join: the host still sees one member, and no state came to the visitor.
    expect(host.client.all('room.users').at(-1)?.payload.users).toHaveLength(1);
    expect(visitor.all('sync.state')).toHaveLength(0);
    const missing = visitor.send('room.peek', { roomId: 'ZZZZ-2222' });
    expect((await visitor.errorFor(missing)).payload.code).toBe('ROOM_NOT_FOUND');
  });

  it('the host sets defaults for people who join; they are room state every joiner reads', async () => {
    server = await startTestServer();
    const host = await createRoom(server.syncUrl, { displayName: 'Ana' });
    clients.push(host.client);
    const joinDefaults = {
      playback: true,
      view: true,
      color: false,
      annotations: true,
      audio: false,
    };
    host.client.send('room.settings', { settings: { joinDefaults } });
    const change = await host.client.next('room.settings');
    expect(change.payload.settings.joinDefaults).toEqual(joinDefaults);
    const guest = await joinRoom(server.syncUrl, host.joined.payload.roomId, { displayName: 'Bo' });
    clients.push(guest.client);
    const snapshot = guest.state.payload;
    expect(snapshot.mode === 'snapshot' && snapshot.state.settings.joinDefaults).toEqual(
      joinDefaults,
    );
    // Only the host may set them.
    const refused = guest.client.send('room.settings', {
      settings: { joinDefaults: { ...joinDefaults, annotations: false } },
    });
    expect((await guest.client.errorFor(refused)).payload.code).toBe('FORBIDDEN');
  });
});
