// Per-media audio slip and soundtrack (sync.audioTrack) through the real server: broadcast to the
// room and kept in its state for late joiners, volume changes keep them, a user the host locked
// out of the Audio category is refused with FORBIDDEN, and bad values never reach the room.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];
const SHOT = 'a'.repeat(64);
const SOUNDTRACK = { id: 'b'.repeat(64), name: 'temp.wav', offsetMs: 500 };

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

async function hostAndGuest() {
  server = await startTestServer();
  const host = await createRoom(server.syncUrl, { displayName: 'Ana' });
  const guest = await joinRoom(server.syncUrl, host.joined.payload.roomId, { displayName: 'Bo' });
  clients.push(host.client, guest.client);
  return { host, guest, syncUrl: server.syncUrl, roomId: host.joined.payload.roomId };
}

describe('sync.audioTrack', () => {
  it('reaches the room, survives a volume change and is in a late joiner’s snapshot', async () => {
    const { host, guest, syncUrl, roomId } = await hostAndGuest();

    const sent = guest.client.send('sync.audioTrack', {
      media: SHOT,
      settings: { slipMs: -40, soundtrack: SOUNDTRACK },
    });
    const change = await host.client.next('sync.audioTrack', (m) => m.replyTo === sent);
    expect(change.payload).toEqual({
      media: SHOT,
      settings: { slipMs: -40, soundtrack: SOUNDTRACK },
    });
    const volume = host.client.send('sync.audio', { audio: { volume: 0.3, muted: false } });
    await guest.client.next('sync.audio', (m) => m.replyTo === volume);

    const late = await joinRoom(syncUrl, roomId, { displayName: 'Cy' });
    clients.push(late.client);
    const state = late.state.payload;
    if (state.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(state.state.audio).toEqual({
      volume: 0.3,
      muted: false,
      tracks: { [SHOT]: { slipMs: -40, soundtrack: SOUNDTRACK } },
    });
  });

  it('refuses a user locked out of the Audio category, and offsets out of range', async () => {
    const { host, guest } = await hostAndGuest();
    const guestId = guest.joined.payload.userId;
    host.client.send('room.settings', { settings: { sendLocks: { [guestId]: ['audio'] } } });
    await guest.client.next('room.settings', (m) => Boolean(m.payload.settings.sendLocks));

    const locked = guest.client.send('sync.audioTrack', { media: SHOT, settings: { slipMs: 10 } });
    const refusal = await guest.client.errorFor(locked);
    expect(refusal.payload.code).toBe('FORBIDDEN');
    expect(refusal.payload.category).toBe('audio');

    const tooFar = host.client.send('sync.audioTrack', {
      media: SHOT,
      settings: { slipMs: 7_200_000 },
    });
    expect((await host.client.errorFor(tooFar)).payload.code).toBe('INVALID_MESSAGE');
  });
});
