// Integration: real server, real Sessions, NetworkSyncManagers over `ws` sockets.
import { describe, expect, it } from 'vitest';
import { frameAt, positionAt } from '../../src/core/playback/motion';
import { MemoryRoomStore } from '../../server/store/MemoryRoomStore';
import { startTestServer } from '../server/helpers/server';
import { disposePeer, frameOf, settleThroughServer, waitFor, type Peer } from './helpers';
import { roomKit, type RoomKit } from './room';
import { MemoryStorage } from '../support/memoryStorage';

const kit = roomKit();
const fastReconnect = { baseDelayMs: 100, maxDelayMs: 400, maxAttempts: 10, jitter: 0.1 };

const start = (options: Parameters<RoomKit['server']>[0] = {}) => kit.server(options);

function peer(url: string, options: Parameters<RoomKit['peer']>[1] = {}): Peer {
  return kit.peer(url, { reconnect: fastReconnect, ...options });
}

/** A host and `count` participants in one room. */
async function room(url: string, count = 1): Promise<{ host: Peer; guests: Peer[] }> {
  return kit.room(url, { guests: count, member: (memberUrl) => peer(memberUrl) });
}

/**
 * Both peers' motions put the same frame on screen at the same server instant. The instant is
 * taken mid-frame (host position closest to n + 0.5), so a clock-estimate difference of a few
 * ms cannot straddle a frame boundary; the positions themselves must agree within 0.1 frame.
 */
function expectSameTimeline(a: Peer, b: Peer): void {
  const now = a.sync.serverNow();
  let instant = now;
  let best = Infinity;
  for (let k = 0; k < 25; k++) {
    const t = now + k * 2;
    const fraction = positionAt(a.session.motion, t) % 1;
    if (Math.abs(fraction - 0.5) < best) {
      best = Math.abs(fraction - 0.5);
      instant = t;
    }
  }
  expect(frameAt(b.session.motion, instant)).toBe(frameAt(a.session.motion, instant));
  const gap = Math.abs(positionAt(b.session.motion, now) - positionAt(a.session.motion, now));
  expect(gap).toBeLessThan(0.1);
}

describe('network sync through the real server', () => {
  it('host seeks to 50: the participant shows 50', async () => {
    const server = await start();
    const { host, guests } = await room(server.syncUrl);
    const [guest] = guests as [Peer];
    host.session.seek(50);
    await waitFor(() => frameOf(guest) === 50, { what: 'participant on 50' });
    expect(guest.session.isPlaying).toBe(false);
    expect(guest.sync.syncStatus).toBe('synced');
  });

  it('host plays: after 2 s both compute the same frame', async () => {
    const server = await start();
    const { host, guests } = await room(server.syncUrl);
    const [guest] = guests as [Peer];
    host.session.seek(10);
    host.session.play();
    await waitFor(() => guest.session.isPlaying, { what: 'participant playing' });
    // Two seconds of playback at 24 fps, counted in frames on the host's own timeline.
    await waitFor(() => frameOf(host) >= 10 + 48, { what: 'two seconds of playback' });
    expectSameTimeline(host, guest);
    const frames = [frameOf(host), frameOf(guest)];
    expect(frames[0]).toBeGreaterThanOrEqual(10 + 44); // 2 s at 24 fps, minus slack
    expect(Math.abs((frames[0] ?? 0) - (frames[1] ?? 0))).toBeLessThanOrEqual(1);
  });

  it('a room created while playing: the joiner lands on the playing timeline', async () => {
    const server = await start();
    const host = peer(server.syncUrl);
    host.session.seek(200);
    host.session.play();
    await waitFor(() => frameOf(host) >= 205, { what: 'the host playing past 205' });
    const { roomId } = await host.sync.createRoom();
    const guest = peer(server.syncUrl);
    await guest.sync.joinRoom(roomId);
    expect(guest.session.isPlaying).toBe(true);
    expectSameTimeline(host, guest);
    expect(frameOf(guest)).toBeGreaterThanOrEqual(205);
  });

  it('speed, direction, loop and in/out follow', async () => {
    const server = await start();
    const { host, guests } = await room(server.syncUrl);
    const [guest] = guests as [Peer];
    // In/out and loop mode are categories of their own, off by default.
    for (const member of [host, guest]) member.sync.setSettings({ inout: true, loop: true });
    host.session.setInPoint(100);
    host.session.setOutPoint(160);
    host.session.setLoopMode('pingpong');
    host.session.setSpeed(2);
    host.session.setDirection(-1);
    host.session.play();
    await waitFor(
      () =>
        guest.session.isPlaying &&
        guest.session.speed === 2 &&
        guest.session.loopMode === 'pingpong' &&
        guest.session.inPoint === 100 &&
        guest.session.outPoint === 160,
      { what: 'participant follows speed, loop and in/out' },
    );
    expect(guest.session.motion.direction).toBe(host.session.motion.direction);
    // Played backwards in the in/out range: a frame later than the one before, after frames
    // going down, is the bounce.
    let previous = frameOf(host);
    let fell = false;
    let bounced = false;
    await waitFor(
      () => {
        const frame = frameOf(host);
        bounced ||= fell && frame > previous;
        fell ||= frame < previous;
        previous = frame;
        return bounced;
      },
      { what: 'the host bouncing at least once' },
    );
    expectSameTimeline(host, guest);
    host.session.setLoopMode('once');
    await waitFor(() => guest.session.loopMode === 'once', { what: 'loop mode once' });
    expectSameTimeline(host, guest);
  });

  it("a participant's concurrent seek loses to the host's", async () => {
    const server = await start();
    const { host, guests } = await room(server.syncUrl);
    const [guest] = guests as [Peer];
    const conflicts: string[] = [];
    guest.sync.on('conflict', (event) => conflicts.push(event.reason));
    guest.session.seek(300);
    host.session.seek(700);
    await waitFor(() => frameOf(guest) === 700 && frameOf(host) === 700, {
      what: 'both on the host frame',
    });
    await settleThroughServer(guest, host);
    expect(frameOf(guest)).toBe(700);
    expect(frameOf(host)).toBe(700);
    expect(host.sync.roomMotion?.anchorFrame).toBe(700);
  });

  it('disabling playback sync stops both directions; enabling re-follows the room', async () => {
    const server = await start();
    const { host, guests } = await room(server.syncUrl);
    const [guest] = guests as [Peer];
    guest.sync.setSettings({ playback: false });
    host.session.seek(100);
    await waitFor(() => guest.sync.roomMotion?.anchorFrame === 100, {
      what: 'room state reaches the guest',
    });
    expect(frameOf(guest)).toBe(1);
    guest.session.seek(400);
    await settleThroughServer(guest, host);
    expect(frameOf(host)).toBe(100);
    guest.sync.setSettings({ playback: true });
    expect(frameOf(guest)).toBe(100);
  });

  it('three participants follow the host', async () => {
    const server = await start();
    const { host, guests } = await room(server.syncUrl, 3);
    host.session.seek(222);
    host.session.play();
    await waitFor(() => guests.every((guest) => guest.session.isPlaying), { what: 'all playing' });
    await waitFor(() => frameOf(host) >= 222 + 12, { what: 'half a second of playback' });
    for (const guest of guests) expectSameTimeline(host, guest);
    expect(host.sync.users.map((user) => user.role).sort()).toEqual([
      'host',
      'participant',
      'participant',
      'participant',
    ]);
  });

  it('server restart on the same port (persistent store): clients resume; the participant lands on the frame the host moved to meanwhile', async () => {
    const store = new MemoryRoomStore();
    const first = await startTestServer({ store });
    const port = first.port;
    const { host, guests } = await room(first.syncUrl);
    const [guest] = guests as [Peer];
    host.session.seek(40);
    await waitFor(() => frameOf(guest) === 40, { what: 'participant on 40' });
    const reconnected: string[] = [];
    guest.sync.on('reconnected', () => reconnected.push('guest'));
    host.sync.on('reconnected', () => reconnected.push('host'));
    await first.close();
    await waitFor(() => host.sync.connectionState === 'reconnecting', {
      what: 'host reconnecting',
    });
    expect(host.sync.syncStatus).toBe('offline');
    const attempts: number[] = [];
    host.sync.on('reconnecting', (event) => attempts.push(event.attempt));
    host.session.seek(321); // while the server is away
    await waitFor(() => attempts.length > 0, {
      what: 'a reconnect attempt after the offline seek',
    });
    const second = await start({ store, port });
    await waitFor(() => reconnected.length === 2, { what: 'both reconnected', timeoutMs: 8000 });
    await waitFor(() => frameOf(guest) === 321, { what: 'participant on the host frame' });
    expect(host.sync.connectionState).toBe('connected');
    expect(guest.sync.connectionState).toBe('connected');
    expect(host.sync.isHost).toBe(true);
    await second.close();
    await store.close();
  });

  it("offline changes on both sides: after the restart the host's wins everywhere", async () => {
    const store = new MemoryRoomStore();
    const first = await startTestServer({ store });
    const port = first.port;
    const { host, guests } = await room(first.syncUrl);
    const [guest] = guests as [Peer];
    await first.close();
    await waitFor(() => guest.sync.connectionState === 'reconnecting', {
      what: 'guest reconnecting',
    });
    guest.session.seek(600); // both change playback while the server is away
    host.session.seek(450);
    const second = await start({ store, port });
    await waitFor(
      () => host.sync.connectionState === 'connected' && guest.sync.connectionState === 'connected',
      { what: 'both back', timeoutMs: 8000 },
    );
    await waitFor(() => frameOf(guest) === 450 && frameOf(host) === 450, {
      what: 'both on the host frame',
    });
    await settleThroughServer(host, guest);
    expect([frameOf(host), frameOf(guest)]).toEqual([450, 450]);
    await second.close();
    await store.close();
  });

  it('server restart without persistence: the host restores the room under its code', async () => {
    const first = await startTestServer();
    const port = first.port;
    const { host, guests } = await room(first.syncUrl);
    const [guest] = guests as [Peer];
    const oldCode = host.sync.roomCode;
    host.session.seek(77);
    await waitFor(() => frameOf(guest) === 77, { what: 'participant on 77' });
    const recreated: string[] = [];
    const ended: string[] = [];
    host.sync.on('roomRecreated', (event) => recreated.push(event.roomId));
    guest.sync.on('roomEnded', (event) => ended.push(event.reason));
    await first.close();
    const restarted = await start({ port });
    await waitFor(
      () => guest.sync.connectionState === 'connected' && host.sync.users.length === 2,
      { what: 'room restored', timeoutMs: 8000 },
    );
    expect(host.sync.roomCode).toBe(oldCode);
    expect(guest.sync.roomCode).toBe(oldCode);
    expect(host.sync.roomMotion?.anchorFrame).toBe(77);
    expect(recreated).toEqual([]);
    expect(ended).toEqual([]);
    // A newcomer can join the restored room and lands on the host's frame.
    const again = peer(restarted.syncUrl);
    await again.sync.joinRoom(oldCode ?? '');
    expect(frameOf(again)).toBe(77);
  });

  it('a reload rejoins the room with the stored session token: same user, current frame', async () => {
    const server = await start();
    const storage = new MemoryStorage();
    const host = peer(server.syncUrl, { storage });
    const { roomId } = await host.sync.createRoom({ displayName: 'Host' });
    const guestStorage = new MemoryStorage();
    const guest = peer(server.syncUrl, { storage: guestStorage });
    await guest.sync.joinRoom(roomId, undefined, { displayName: 'Guest' });
    const guestId = guest.sync.userId;
    disposePeer(guest); // the page unloads without leaving
    host.session.seek(555);
    const reloaded = peer(server.syncUrl, { storage: guestStorage });
    const info = await reloaded.sync.resumeStoredRoom();
    expect(info?.userId).toBe(guestId);
    await waitFor(() => frameOf(reloaded) === 555, { what: 'reloaded page on the room frame' });
    expect(host.sync.users).toHaveLength(2);
    // The host reloads too and is host again.
    disposePeer(host);
    const hostAgain = peer(server.syncUrl, { storage });
    expect((await hostAgain.sync.resumeStoredRoom())?.role).toBe('host');
    expect(frameOf(hostAgain)).toBe(555);
  });

  it('reports the users list and join/leave events', async () => {
    const server = await start();
    const { host, guests } = await room(server.syncUrl);
    const [guest] = guests as [Peer];
    const left: string[] = [];
    host.sync.on('userLeft', (user) => left.push(user.displayName));
    await guest.sync.leaveRoom();
    await waitFor(() => left.length === 1, { what: 'userLeft' });
    expect(left).toEqual(['Guest 1']);
    expect(host.sync.users).toHaveLength(1);
    expect(guest.sync.connectionState).toBe('disconnected');
  });
});
