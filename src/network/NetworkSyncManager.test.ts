// NetworkSyncManager unit tests (spec NSM-*), against the real server with real Sessions; sockets
// record what the manager sends, the Viewer is the FakeViewer test double.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/index';
import { MemoryRoomStore } from '../../server/store/MemoryRoomStore';
import { startTestServer } from '../../test/server/helpers/server';
import { FakeViewer, recordingFactory } from '../../test/network/testkit';
import { Playback } from '../core/playback/Playback';
import { isValidRoomCode, type ClientMessage } from '../protocol/index';
import { NetworkSyncManager, type NetworkSyncManagerOptions } from './NetworkSyncManager';
import { NetworkError } from './types';

let server: RunningServer | null = null;
const managers: NetworkSyncManager[] = [];

afterEach(async () => {
  for (const manager of managers.splice(0)) manager.dispose();
  await server?.close();
  server = null;
});

interface Peer {
  sync: NetworkSyncManager;
  session: Playback;
  viewer: FakeViewer;
  sent: ClientMessage[];
  sockets: ReturnType<typeof recordingFactory>['sockets'];
}

function peer(options: Partial<NetworkSyncManagerOptions> = {}): Peer {
  if (!server) throw new Error('start the server first');
  const recorder = recordingFactory();
  const session = new Playback();
  const viewer = new FakeViewer();
  const sync = new NetworkSyncManager({
    url: server.syncUrl,
    session,
    viewer,
    createWebSocket: recorder.factory,
    onlineEvents: null,
    reconnect: { baseDelayMs: 50, maxDelayMs: 200, jitter: 0 },
    ...options,
  });
  managers.push(sync);
  return { sync, session, viewer, sent: recorder.sent, sockets: recorder.sockets };
}

async function pair(): Promise<{ host: Peer; guest: Peer }> {
  server ??= await startTestServer();
  const host = peer();
  const guest = peer();
  const { roomId } = await host.sync.createRoom({ displayName: 'Host' });
  await guest.sync.joinRoom(roomId, undefined, { displayName: 'Guest' });
  await vi.waitFor(() => expect(host.sync.users).toHaveLength(2));
  return { host, guest };
}

const sentOf = (p: Peer, type: ClientMessage['type']) =>
  p.sent.filter((message) => message.type === type);

describe('NetworkSyncManager', () => {
  it('NSM-001 Initializes in disconnected state', async () => {
    server = await startTestServer();
    const { sync, sockets } = peer();
    expect(sync.connectionState).toBe('disconnected');
    expect(sync.syncStatus).toBe('offline');
    expect(sync.roomCode).toBeNull();
    expect(sync.users).toEqual([]);
    expect(sync.settings).toEqual({
      playback: true,
      view: true,
      inout: false,
      loop: false,
      channel: false,
      color: false,
      annotations: false,
      audio: false,
      compare: false,
      stereo: false,
      format: true,
    });
    expect(sockets).toHaveLength(0);
  });

  it('NSM-002 createRoom generates valid room code', async () => {
    server = await startTestServer();
    const { sync } = peer();
    const info = await sync.createRoom();
    expect(isValidRoomCode(info.roomId)).toBe(true);
    expect(info.role).toBe('host');
    expect(sync.roomCode).toBe(info.roomId);
  });

  it('NSM-003 createRoom connects to server', async () => {
    server = await startTestServer();
    const { sync, sent } = peer();
    await sync.createRoom();
    expect(sent.map((message) => message.type).slice(0, 2)).toEqual(['hello', 'room.create']);
    expect(sync.connectionState).toBe('connected');
    expect(sync.syncStatus).toBe('synced');
  });

  it('NSM-004 joinRoom validates room code format', async () => {
    server = await startTestServer();
    const { sync, sockets } = peer();
    const errors: string[] = [];
    sync.on('error', (event) => errors.push(event.code));
    await expect(sync.joinRoom('ABC')).rejects.toMatchObject({ code: 'INVALID_ROOM_CODE' });
    await expect(sync.joinRoom('OOOO-0000')).rejects.toBeInstanceOf(NetworkError); // O and 0 are not in the alphabet
    expect(sockets).toHaveLength(0); // nothing was sent
    // A well-formed code typed loosely is normalized and asked for.
    await expect(sync.joinRoom('abcd efgh')).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' });
    expect(errors).toEqual(['INVALID_ROOM_CODE', 'INVALID_ROOM_CODE', 'ROOM_NOT_FOUND']);
    expect(sync.connectionState).toBe('disconnected');
  });

  it('NSM-005 joinRoom sends join message', async () => {
    const { host, guest } = await pair();
    expect(sentOf(guest, 'room.join')[0]?.payload).toEqual({
      roomId: host.sync.roomCode,
      displayName: 'Guest',
    });
    expect(guest.sync.roomInfo?.role).toBe('participant');
    expect(host.sync.users.map((user) => user.displayName).sort()).toEqual(['Guest', 'Host']);
  });

  it('NSM-006 leaveRoom sends leave message', async () => {
    const { host, guest } = await pair();
    await guest.sync.leaveRoom();
    expect(sentOf(guest, 'room.leave')).toHaveLength(1);
    await vi.waitFor(() => expect(host.sync.users).toHaveLength(1));
  });

  it('NSM-007 leaveRoom disconnects WebSocket', async () => {
    const { guest } = await pair();
    await guest.sync.leaveRoom();
    expect(guest.sockets[0]?.readyState).toBeGreaterThanOrEqual(2); // CLOSING or CLOSED
    expect(guest.sync.connectionState).toBe('disconnected');
    expect(guest.sync.roomCode).toBeNull();
  });

  it('NSM-010 Emits connectionStateChanged on connect', async () => {
    server = await startTestServer();
    const { sync } = peer();
    const states: string[] = [];
    sync.on('connectionStateChanged', (state) => states.push(state));
    sync.on('roomJoined', (room) => states.push(`joined ${room.role}`));
    await sync.createRoom();
    expect(states).toEqual(['connecting', 'connected', 'joined host']);
  });

  it('NSM-011 Emits connectionStateChanged on disconnect', async () => {
    const { host, guest } = await pair();
    const states: string[] = [];
    guest.sync.on('connectionStateChanged', (state) => states.push(state));
    host.sync.on('connectionStateChanged', (state) => states.push(`host:${state}`));
    await guest.sync.leaveRoom();
    await server?.close();
    server = null;
    await vi.waitFor(() => expect(states).toContain('host:reconnecting'));
    expect(states[0]).toBe('disconnected');
  });

  it('NSM-012 Emits usersChanged when user joins', async () => {
    server = await startTestServer();
    const host = peer();
    const lists: number[] = [];
    const joined: string[] = [];
    host.sync.on('usersChanged', (users) => lists.push(users.length));
    host.sync.on('userJoined', (user) => joined.push(user.displayName));
    const { roomId } = await host.sync.createRoom();
    await peer().sync.joinRoom(roomId, undefined, { displayName: 'Late' });
    await vi.waitFor(() => expect(lists.at(-1)).toBe(2));
    expect(joined).toEqual(['Late']);
  });

  it('entering a room lists the people already there without announcing them as arrivals', async () => {
    server = await startTestServer();
    const host = peer();
    const { roomId } = await host.sync.createRoom();
    const late = peer();
    const joined: string[] = [];
    late.sync.on('userJoined', (user) => joined.push(user.displayName));
    await late.sync.joinRoom(roomId, undefined, { displayName: 'Late' });
    await vi.waitFor(() => expect(late.sync.users.length).toBe(2));
    await peer().sync.joinRoom(roomId, undefined, { displayName: 'Later' });
    await vi.waitFor(() => expect(joined).toEqual(['Later']));
  });

  it('NSM-013 Emits usersChanged when user leaves', async () => {
    const { host, guest } = await pair();
    const lists: number[] = [];
    const left: string[] = [];
    host.sync.on('usersChanged', (users) => lists.push(users.length));
    host.sync.on('userLeft', (user) => left.push(user.displayName));
    await guest.sync.leaveRoom();
    await vi.waitFor(() => expect(lists.at(-1)).toBe(1));
    expect(left).toEqual(['Guest']);
  });

  it('NSM-020 Subscribes to Playback frameChanged (as motionChanged, which every frame move by the user emits)', async () => {
    server = await startTestServer();
    const session = new Playback();
    const before = session.listenerCount('motionChanged');
    const sync = new NetworkSyncManager({
      url: server.syncUrl,
      session,
      onlineEvents: null,
      createWebSocket: recordingFactory().factory,
    });
    managers.push(sync);
    expect(session.listenerCount('motionChanged')).toBe(before + 1);
  });

  it('NSM-021 Sends sync message on frameChanged', async () => {
    const { host } = await pair();
    host.session.seek(50);
    await Promise.resolve(); // sent at the end of the task that made the change
    const sent = sentOf(host, 'sync.playback').at(-1);
    expect(sent?.type === 'sync.playback' && sent.payload.motion.anchorFrame).toBe(50);
  });

  it('NSM-021 Scrubbing sends throttled seeks: the first at once, the last at the end', async () => {
    const { host, guest } = await pair();
    const before = sentOf(host, 'sync.playback').length;
    // A fast scrub: pointer events arrive in separate tasks, many within one send interval.
    host.session.seek(100);
    await Promise.resolve();
    for (let frame = 101; frame <= 160; frame++) host.session.seek(frame);
    const sent = () =>
      sentOf(host, 'sync.playback')
        .slice(before)
        .map((message) =>
          message.type === 'sync.playback' ? message.payload.motion.anchorFrame : 0,
        );
    expect(sent()).toEqual([100]);
    await vi.waitFor(() => expect(sent()).toEqual([100, 160]));
    await vi.waitFor(() => expect(guest.session.tick()).toBe(160));
  });

  it('NSM-022 Subscribes to Playback playbackChanged', async () => {
    const { host } = await pair();
    const count = sentOf(host, 'sync.playback').length;
    host.session.play();
    await Promise.resolve();
    expect(sentOf(host, 'sync.playback')).toHaveLength(count + 1);
  });

  it('NSM-023 Sends sync message on playbackChanged', async () => {
    const { host, guest } = await pair();
    host.session.seek(300);
    host.session.play(); // in the same task as the seek: one message with both
    await Promise.resolve();
    const sent = sentOf(host, 'sync.playback').at(-1);
    expect(sent?.type === 'sync.playback' && sent.payload.motion).toMatchObject({
      playing: true,
      anchorFrame: 300,
    });
    await vi.waitFor(() => expect(guest.session.isPlaying).toBe(true));
  });

  it('NSM-024 Ignores local changes from sync messages', async () => {
    const { host, guest } = await pair();
    host.session.seek(80);
    host.session.play();
    host.viewer.setZoom(3);
    await vi.waitFor(() =>
      expect(guest.session.isPlaying && guest.viewer.viewState.zoom === 3).toBe(true),
    );
    // An echo would leave at the end of the task that applied the change, before this marker.
    guest.sync.sendNote({ op: 'add', note: { id: 'marker', frame: 1, text: 'marker' } });
    await vi.waitFor(() => expect(host.sync.notes.map((note) => note.id)).toEqual(['marker']));
    expect(sentOf(guest, 'sync.playback')).toEqual([]);
    expect(sentOf(guest, 'sync.view')).toEqual([]);
  });

  it('NSM-024 A viewer cannot steer playback: its local change snaps back to the room', async () => {
    const { host } = await pair();
    const viewer = peer();
    await viewer.sync.joinRoom(host.sync.roomCode ?? '', undefined, { role: 'viewer' });
    expect(viewer.sync.roomInfo?.role).toBe('viewer');
    host.session.seek(70);
    await vi.waitFor(() => expect(viewer.session.tick()).toBe(70));
    viewer.session.seek(500);
    await vi.waitFor(() => expect(viewer.session.tick()).toBe(70));
    expect(sentOf(viewer, 'sync.playback')).toEqual([]);
  });

  it('NSM-030 Applies remote playback state', async () => {
    const { host, guest } = await pair();
    // Loop mode is a category of its own, off by default (spec NET-070).
    for (const peer of [host, guest]) peer.sync.setSettings({ loop: true });
    host.session.setSpeed(2);
    host.session.setLoopMode('pingpong');
    host.session.play();
    await vi.waitFor(() => expect(guest.session.isPlaying).toBe(true));
    expect(guest.session.speed).toBe(2);
    expect(guest.session.loopMode).toBe('pingpong');
  });

  it('NSM-031 Applies remote frame position', async () => {
    const { host, guest } = await pair();
    host.session.seek(640);
    await vi.waitFor(() => expect(guest.session.tick()).toBe(640));
  });

  it('NSM-032 Applies remote view state', async () => {
    const { host, guest } = await pair();
    // Channel mode is a category of its own, off by default.
    for (const peer of [host, guest]) peer.sync.setSettings({ channel: true });
    host.viewer.setZoom(2.5);
    host.viewer.setPan(120, -40);
    host.viewer.setChannel('red');
    await vi.waitFor(() =>
      expect(guest.viewer.viewState).toEqual({
        zoom: 2.5,
        pan: { x: 120, y: -40 },
        fit: false,
        channel: 'red',
      }),
    );
  });

  it('NSM-033 Respects sync settings when applying', async () => {
    const { host, guest } = await pair();
    const zoom = guest.viewer.viewState.zoom;
    guest.sync.setSettings({ view: false });
    host.viewer.setColor({ exposure: 1.5 }); // color sync is off by default: not even sent
    host.viewer.setZoom(4);
    await vi.waitFor(() => expect(guest.sync.roomVersion).toBeGreaterThan(0));
    // A marker sent after both changes: once the guest has it, it has had everything before.
    await Promise.resolve();
    host.sync.sendNote({ op: 'add', note: { id: 'marker', frame: 1, text: 'marker' } });
    await vi.waitFor(() => expect(guest.sync.notes.map((note) => note.id)).toEqual(['marker']));
    expect(guest.viewer.viewState.zoom).toBe(zoom);
    expect(guest.viewer.color.exposure).toBe(0);
    expect(sentOf(host, 'sync.color')).toEqual([]);
    // Turning color on for both: now it flows.
    host.sync.setSettings({ color: true });
    guest.sync.setSettings({ color: true });
    host.viewer.setColor({ exposure: 2 });
    await vi.waitFor(() => expect(guest.viewer.color.exposure).toBe(2));
  });

  it('NSM-040 Handles reconnection attempt', async () => {
    const store = new MemoryRoomStore(); // outlives the server, like a Redis store
    server = await startTestServer({ store });
    const { guest } = await pair();
    const port = server.port;
    const events: string[] = [];
    guest.sync.on('reconnecting', (event) => events.push(`reconnecting ${event.attempt}`));
    guest.sync.on('reconnected', () => events.push('reconnected'));
    await server?.close();
    server = await startTestServer({ port, store });
    await vi.waitFor(() => expect(events.at(-1)).toBe('reconnected'), { timeout: 5000 });
    expect(events[0]).toBe('reconnecting 1');
    expect(guest.sync.connectionState).toBe('connected');
  });

  it('NSM-041 Applies exponential backoff', async () => {
    const { guest } = await pair();
    const delays: number[] = [];
    guest.sync.on('reconnecting', (event) => delays.push(event.delayMs));
    await server?.close();
    server = null;
    await vi.waitFor(() => expect(delays.length).toBeGreaterThanOrEqual(4), { timeout: 5000 });
    expect(delays.slice(0, 4)).toEqual([0, 50, 100, 200]);
  });

  it('NSM-042 Requests state sync after reconnect', async () => {
    const { host, guest } = await pair();
    host.session.seek(90);
    await vi.waitFor(() => expect(guest.session.tick()).toBe(90));
    const version = guest.sync.roomVersion;
    const port = server?.port ?? 0;
    await server?.close();
    server = await startTestServer({ port }); // a fresh store: the room is gone
    await vi.waitFor(() => expect(sentOf(guest, 'room.resume')).toHaveLength(1), { timeout: 5000 });
    const resume = sentOf(guest, 'room.resume')[0];
    expect(resume?.type === 'room.resume' && resume.payload.lastVersion).toBe(version);
  });

  it('NSM-043 Gives up after max retries', async () => {
    server = await startTestServer();
    const { sync } = peer({
      reconnect: { baseDelayMs: 10, maxDelayMs: 20, maxAttempts: 3, jitter: 0 },
    });
    await sync.createRoom();
    const exhausted: number[] = [];
    sync.on('reconnectExhausted', (event) => exhausted.push(event.attempts));
    await server.close();
    server = null;
    await vi.waitFor(() => expect(exhausted).toEqual([3]), { timeout: 5000 });
    expect(sync.connectionState).toBe('disconnected');
    expect(sync.syncStatus).toBe('offline');
  });

  it("A rate-limited change reaches the sender with the server's retryAfterMs", async () => {
    server = await startTestServer({ stateRate: 1, stateBurst: 2, maxViolations: 1000 });
    const { sync } = peer();
    await sync.createRoom();
    const errors: Array<{ code: string; replyTo?: string; retryAfterMs?: number }> = [];
    sync.on('error', (event) => errors.push(event));
    const sent = [1, 2, 3, 4].map((n) =>
      sync.sendNote({ op: 'add', note: { id: `n${n}`, frame: n, text: 'Note' } }),
    );
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]?.code).toBe('RATE_LIMITED');
    expect(sent).toContain(errors[0]?.replyTo);
    expect(errors[0]?.retryAfterMs).toBeGreaterThan(0);
  });

  it("A rate-limited playback change goes out again after the server's retryAfterMs", async () => {
    server = await startTestServer({ stateRate: 2, stateBurst: 1, maxViolations: 1000 });
    const host = peer({ sendIntervalMs: 5 });
    const guest = peer();
    const { roomId } = await host.sync.createRoom();
    await guest.sync.joinRoom(roomId);
    const errors: Array<{ code: string; retryAfterMs?: number }> = [];
    host.sync.on('error', (event) => errors.push(event));
    host.session.seek(10);
    await Promise.resolve();
    host.session.seek(20); // the bucket is empty: refused, then sent again
    await vi.waitFor(() => expect(errors.map((error) => error.code)).toEqual(['RATE_LIMITED']));
    expect(errors[0]?.retryAfterMs).toBeGreaterThan(0);
    await vi.waitFor(() => expect(guest.session.tick()).toBe(20), { timeout: 3000 });
    const seeks = sentOf(host, 'sync.playback').map((message) =>
      message.type === 'sync.playback' ? message.payload.motion.anchorFrame : 0,
    );
    expect(seeks).toEqual([10, 20, 20]);
    await vi.waitFor(() => expect(host.sync.syncStatus).toBe('synced'));
  });

  it('NSM-050 dispose() cleans up subscriptions', async () => {
    const { host } = await pair();
    const before = new Playback();
    const baseline = before.listenerCount();
    host.sync.on('usersChanged', () => undefined);
    host.sync.dispose();
    expect(host.session.listenerCount()).toBe(baseline);
    expect(host.viewer.listenerCount()).toBe(0);
    expect(host.sync.listenerCount()).toBe(0);
    // The session is back on its own clock: local playback still works.
    host.session.seek(12);
    expect(host.session.tick()).toBe(12);
  });

  it('NSM-051 dispose() closes WebSocket', async () => {
    const { host, guest } = await pair();
    guest.sync.dispose();
    expect(guest.sockets[0]?.readyState).toBeGreaterThanOrEqual(2);
    // The server notices: the guest shows as disconnected (kept for the reconnect grace period).
    await vi.waitFor(() =>
      expect(host.sync.users.find((user) => user.displayName === 'Guest')?.connected).toBe(false),
    );
  });
});
