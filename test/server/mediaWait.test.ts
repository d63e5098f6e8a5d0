// Integration (real server): "wait for everyone". With the room setting on, a play that would
// start while a present user is not ready is held (the asker snaps back, the room hears who it
// waits for) and starts for everyone, from the paused frame at the server's clock, once the last
// of them is ready, leaves, or the host stops waiting. Also runs on Redis (npm run test:redis).
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MOTION, type MediaStatus } from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom, type Joined } from './helpers/rooms';
import { isWaiting, play } from './helpers/mediaWait';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

interface Room {
  host: Joined;
  guest: Joined;
  roomId: string;
}

/** Host + one participant; both report their media status; wait for everyone as given. */
async function room(options: { wait: boolean; guestStatus: MediaStatus }): Promise<Room> {
  server = await startTestServer();
  const host = await createRoom(server.syncUrl, { displayName: 'Host' });
  const roomId = host.joined.payload.roomId;
  const guest = await joinRoom(server.syncUrl, roomId, { displayName: 'Guest' });
  clients.push(host.client, guest.client);
  host.client.send('user.presence', { mediaStatus: 'ready' });
  guest.client.send('user.presence', { mediaStatus: options.guestStatus });
  await host.client.next('room.users', (m) =>
    m.payload.users.some(
      (u) => u.userId === guest.joined.payload.userId && u.mediaStatus === options.guestStatus,
    ),
  );
  if (options.wait) {
    host.client.send('room.settings', { settings: { waitForEveryone: true } });
    await guest.client.next('room.settings', (m) => m.payload.settings.waitForEveryone);
    await host.client.next('room.settings');
  }
  return { host, guest, roomId };
}

/** The host's current paused motion, moved to `frame` (a seek, applied before the play). */
async function seekTo(host: TestClient, frame: number): Promise<number> {
  const id = host.send('sync.frame', { frame, baseVersion: 0 });
  const change = await host.next('sync.playback', (m) => m.replyTo === id);
  return change.version ?? 0;
}

describe('wait for everyone', () => {
  it('holds the play until the last present user is ready, then starts it for everyone', async () => {
    const { host, guest } = await room({ wait: true, guestStatus: 'loading' });
    const guestId = guest.joined.payload.userId;
    const version = await seekTo(host.client, 12);
    const playId = play(host.client, version);

    // The asker snaps back to the paused room motion, with a clear code, and nothing is applied.
    const rejected = await host.client.next('sync.rejected', (m) => m.replyTo === playId);
    expect(rejected.payload.code).toBe('WAITING_FOR_USERS');
    expect(rejected.payload.motion.playing).toBe(false);
    expect(rejected.payload.motion.anchorFrame).toBe(12);
    // Everyone (the guest too) hears who the room waits for.
    const hold = await guest.client.next('room.waiting', isWaiting([guestId]));
    expect(hold.payload.hold?.requestedBy).toBe(host.joined.payload.userId);
    await host.client.next('room.waiting', isWaiting([guestId]));
    expect(guest.client.all('sync.playback').some((m) => m.payload.motion.playing)).toBe(false);

    // The guest's media is ready: the play starts for everyone from the paused frame.
    const before = Date.now();
    guest.client.send('user.presence', { mediaStatus: 'ready' });
    const started = await guest.client.next('sync.playback', (m) => m.payload.motion.playing);
    const onHost = await host.client.next('sync.playback', (m) => m.payload.motion.playing);
    expect(onHost.id).toBe(started.id);
    expect(started.payload.motion.anchorFrame).toBe(12);
    // Anchored at the server's clock when it started (not at the asker's old timestamp), and
    // sent on nobody's behalf, so the asker applies it as well.
    expect(started.payload.motion.anchorTime).toBeGreaterThan(before - 60_000);
    expect(started.userId).toBeUndefined();
    expect(started.replyTo).toBeUndefined();
    await guest.client.next('room.waiting', (m) => m.payload.hold === null);
    await host.client.next('room.waiting', (m) => m.payload.hold === null);
  });

  it('a user who leaves no longer counts', async () => {
    const { host, guest } = await room({ wait: true, guestStatus: 'missing' });
    const playId = play(host.client, 0);
    await host.client.next('sync.rejected', (m) => m.replyTo === playId);
    await host.client.next('room.waiting', isWaiting([guest.joined.payload.userId]));
    await guest.client.request('room.leave', {}, 'room.left');
    const started = await host.client.next('sync.playback', (m) => m.payload.motion.playing);
    expect(started.payload.motion.anchorFrame).toBe(DEFAULT_MOTION.anchorFrame);
    await host.client.next('room.waiting', (m) => m.payload.hold === null);
  });

  it('waits for several users, announcing the shrinking list, and for a late joiner too', async () => {
    const { host, guest, roomId } = await room({ wait: true, guestStatus: 'mismatch' });
    const guestId = guest.joined.payload.userId;
    const playId = play(host.client, 0);
    await host.client.next('sync.rejected', (m) => m.replyTo === playId);
    await host.client.next('room.waiting', isWaiting([guestId]));

    if (!server) throw new Error('no server');
    const late = await joinRoom(server.syncUrl, roomId, { displayName: 'Late' });
    clients.push(late.client);
    const lateId = late.joined.payload.userId;
    late.client.send('user.presence', { mediaStatus: 'loading' });
    // The late joiner learns of the hold, and is waited for.
    await late.client.next('room.waiting', isWaiting([guestId, lateId]));
    guest.client.send('user.presence', { mediaStatus: 'ready' });
    await host.client.next('room.waiting', isWaiting([lateId]));
    expect(host.client.all('sync.playback').some((m) => m.payload.motion.playing)).toBe(false);
    late.client.send('user.presence', { mediaStatus: 'ready' });
    await late.client.next('sync.playback', (m) => m.payload.motion.playing);
    await guest.client.next('sync.playback', (m) => m.payload.motion.playing);
  });

  it('the host turning the setting off starts the held play at once', async () => {
    const { host, guest } = await room({ wait: true, guestStatus: 'loading' });
    const playId = play(host.client, 0);
    await host.client.next('sync.rejected', (m) => m.replyTo === playId);
    await guest.client.next('room.waiting', (m) => m.payload.hold !== null);
    host.client.send('room.settings', { settings: { waitForEveryone: false } });
    await guest.client.next('sync.playback', (m) => m.payload.motion.playing);
    await guest.client.next('room.waiting', (m) => m.payload.hold === null);
  });

  it('a pause while waiting cancels the held play', async () => {
    const { host, guest } = await room({ wait: true, guestStatus: 'loading' });
    const playId = play(host.client, 0);
    await host.client.next('sync.rejected', (m) => m.replyTo === playId);
    await guest.client.next('room.waiting', (m) => m.payload.hold !== null);
    const pauseId = host.client.send('sync.playback', {
      motion: { ...DEFAULT_MOTION, anchorFrame: 3 },
      baseVersion: 0,
    });
    await guest.client.next('room.waiting', (m) => m.payload.hold === null);
    await host.client.next('sync.playback', (m) => m.replyTo === pauseId);
    // Ready now, but the play was called off: nothing starts.
    guest.client.send('user.presence', { mediaStatus: 'ready' });
    await host.client.next('room.users', (m) =>
      m.payload.users.every((u) => u.mediaStatus === 'ready'),
    );
    const pauseVersion = host.client.all('sync.playback').at(-1)?.version ?? 0;
    // A later play goes straight through (everyone ready), proving the hold is gone.
    const again = play(host.client, pauseVersion);
    const started = await guest.client.next('sync.playback', (m) => m.payload.motion.playing);
    expect(started.replyTo).toBe(again);
    expect(guest.client.all('sync.playback').filter((m) => m.payload.motion.playing)).toHaveLength(
      1,
    );
  });

  it('a guest re-anchoring on the paused frame (opening their copy) keeps the held play', async () => {
    const { host, guest } = await room({ wait: true, guestStatus: 'missing' });
    const playId = play(host.client, 0);
    await host.client.next('sync.rejected', (m) => m.replyTo === playId);
    await guest.client.next('room.waiting', (m) => m.payload.hold !== null);
    // The guest opens its copy: its playhead is re-anchored, paused, on the room's frame.
    const sameFrame = guest.client.send('sync.playback', {
      motion: { ...DEFAULT_MOTION, anchorFrame: DEFAULT_MOTION.anchorFrame, outPoint: 48 },
      baseVersion: 0,
    });
    await host.client.next('sync.playback', (m) => m.replyTo === sameFrame);
    guest.client.send('user.presence', { mediaStatus: 'ready' });
    // The hold was still there: the play starts for everyone, from the server.
    const started = await guest.client.next('sync.playback', (m) => m.payload.motion.playing);
    expect(started.userId).toBeUndefined();
    await guest.client.next('room.waiting', (m) => m.payload.hold === null);
  });

  it('plays at once when the setting is off, when everyone is ready, or for clients that report no media', async () => {
    const off = await room({ wait: false, guestStatus: 'missing' });
    const id = play(off.host.client, 0);
    expect((await off.guest.client.next('sync.playback')).replyTo).toBe(id);
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server?.close();

    const none = await room({ wait: true, guestStatus: 'none' });
    const noneId = play(none.host.client, 0);
    expect((await none.guest.client.next('sync.playback')).replyTo).toBe(noneId);
    expect(none.host.client.all('room.waiting')).toHaveLength(0);
  });

  it('a seek during play is never held', async () => {
    const { host, guest } = await room({ wait: true, guestStatus: 'ready' });
    const playId = play(host.client, 0);
    const playing = await guest.client.next('sync.playback', (m) => m.replyTo === playId);
    guest.client.send('user.presence', { mediaStatus: 'loading' });
    await host.client.next('room.users', (m) =>
      m.payload.users.some((u) => u.mediaStatus === 'loading'),
    );
    const seekId = host.client.send('sync.playback', {
      motion: { ...playing.payload.motion, anchorFrame: 30 },
      baseVersion: playing.version ?? 0,
    });
    const seek = await guest.client.next('sync.playback', (m) => m.replyTo === seekId);
    expect(seek.payload.motion.anchorFrame).toBe(30);
    expect(host.client.all('sync.rejected')).toHaveLength(0);
  });
});
