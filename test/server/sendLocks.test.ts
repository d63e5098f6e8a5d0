// The host's per-user send locks through the real server: a locked user's change of that
// category is refused with FORBIDDEN naming the category (in/out and loop inside a motion,
// channel inside a view are told apart from the rest), other categories still go through,
// and only the host may set locks.
import { describe, expect, it } from 'vitest';
import { seedRoomState } from '../../server/rooms/roomSeed';
import type { Motion, SendLocks, ViewState } from '../../src/protocol/index';
import { roomsWithGuest, type Joined } from './helpers/rooms';

const roomWithGuest = roomsWithGuest();

async function lock(host: Joined, sendLocks: SendLocks): Promise<number> {
  host.client.send('room.settings', { settings: { sendLocks } });
  const change = await host.client.next('room.settings', (message) =>
    Boolean(message.payload.settings.sendLocks),
  );
  expect(change.payload.settings.sendLocks).toEqual(sendLocks);
  return change.version ?? 0;
}

function roomMotion(joined: Joined): Motion {
  const state = joined.state.payload;
  if (state.mode !== 'snapshot') throw new Error('expected a snapshot');
  return state.state.motion;
}

function roomView(joined: Joined): ViewState {
  const state = joined.state.payload;
  if (state.mode !== 'snapshot') throw new Error('expected a snapshot');
  return state.state.view;
}

describe('send locks', () => {
  it('refuses a locked in/out change with FORBIDDEN naming the category; playback still goes', async () => {
    const { host, guest } = await roomWithGuest();
    const guestId = guest.joined.payload.userId;
    const version = await lock(host, { [guestId]: ['inout'] });
    // The lock reaches the guest as room state, before anything it sends next is judged.
    await guest.client.next('room.settings', (message) => message.version === version);
    const motion = roomMotion(guest);

    const inout = guest.client.send('sync.playback', {
      motion: { ...motion, inPoint: 10, outPoint: 20 },
      baseVersion: version,
    });
    const refusal = await guest.client.errorFor(inout);
    expect(refusal.payload.code).toBe('FORBIDDEN');
    expect(refusal.payload.category).toBe('inout');
    expect(refusal.payload.message).toContain('In/out points');

    // The same motion with the room's in/out (only playback changed) is accepted.
    const play = guest.client.send('sync.playback', {
      motion: { ...motion, playing: true, anchorTime: motion.anchorTime + 1 },
      baseVersion: version,
    });
    const echo = await host.client.next('sync.playback', (message) => message.replyTo === play);
    expect(echo.payload.motion.playing).toBe(true);
    expect(echo.payload.motion.inPoint).toBe(motion.inPoint);
  });

  it('tells loop mode and channel mode apart from playback and view', async () => {
    const { host, guest } = await roomWithGuest();
    const guestId = guest.joined.payload.userId;
    const version = await lock(host, { [guestId]: ['loop', 'channel'] });
    await guest.client.next('room.settings', (message) => message.version === version);
    const motion = roomMotion(guest);
    const view = roomView(guest);

    const loop = guest.client.send('sync.playback', {
      motion: { ...motion, loopMode: 'pingpong' },
      baseVersion: version,
    });
    expect((await guest.client.errorFor(loop)).payload).toMatchObject({
      code: 'FORBIDDEN',
      category: 'loop',
    });
    const channel = guest.client.send('sync.view', { view: { ...view, channel: 'red' } });
    expect((await guest.client.errorFor(channel)).payload).toMatchObject({
      code: 'FORBIDDEN',
      category: 'channel',
    });
    // Zoom (the view category) is not locked.
    const zoom = guest.client.send('sync.view', { view: { ...view, fit: false, zoom: 2 } });
    const echo = await host.client.next('sync.view', (message) => message.replyTo === zoom);
    expect(echo.payload.view).toMatchObject({ zoom: 2, channel: view.channel });
  });

  it('locks color for one user only, and the host lifts it again', async () => {
    const { host, guest, join } = await roomWithGuest();
    const other = await join('Cy');
    const guestId = guest.joined.payload.userId;
    const version = await lock(host, { [guestId]: ['color'] });
    await other.client.next('room.settings', (message) => message.version === version);
    const color = {
      exposure: 1,
      gamma: 0,
      contrast: 0,
      saturation: 0,
      brightness: 0,
      temperature: 0,
      tint: 0,
    };
    const refused = guest.client.send('sync.color', { color });
    expect((await guest.client.errorFor(refused)).payload).toMatchObject({
      code: 'FORBIDDEN',
      category: 'color',
    });
    const accepted = other.client.send('sync.color', { color });
    await host.client.next('sync.color', (message) => message.replyTo === accepted);

    const lifted = await lock(host, {});
    await guest.client.next('room.settings', (message) => message.version === lifted);
    const again = guest.client.send('sync.color', { color: { ...color, exposure: 2 } });
    const echo = await host.client.next('sync.color', (message) => message.replyTo === again);
    expect(echo.payload.color.exposure).toBe(2);
  });

  it('only the host sets locks, and the host is never locked', async () => {
    const { host, guest } = await roomWithGuest();
    const hostId = host.joined.payload.userId;
    const attempt = guest.client.send('room.settings', {
      settings: { sendLocks: { [hostId]: ['playback'] } },
    });
    expect((await guest.client.errorFor(attempt)).payload.code).toBe('FORBIDDEN');
    await lock(host, { [hostId]: ['view'] });
    const view = roomView(host);
    const zoom = host.client.send('sync.view', { view: { ...view, fit: false, zoom: 3 } });
    await host.client.next('sync.view', (message) => message.replyTo === zoom);
  });

  it('refuses a lock on something that is not a category', async () => {
    const { host, guest } = await roomWithGuest();
    const bad = host.client.send('room.settings', {
      settings: { sendLocks: { [guest.joined.payload.userId]: ['frames' as 'view'] } },
    });
    const error = await host.client.errorFor(bad);
    expect(error.payload.code).toBe('INVALID_MESSAGE');
  });

  it('a room restored by its host keeps its send locks and join defaults; bad ones are refused', () => {
    const joinDefaults = { ...DEFAULTS, inout: true };
    const restored = seedRoomState(undefined, { sendLocks: { u1: ['color'] }, joinDefaults });
    expect(restored.ok && restored.state.settings).toMatchObject({
      sendLocks: { u1: ['color'] },
      joinDefaults,
    });
    const bad = seedRoomState(undefined, { sendLocks: { u1: ['frames' as 'view'] } });
    expect(bad.ok).toBe(false);
  });
});

const DEFAULTS = {
  playback: true,
  view: true,
  color: false,
  annotations: false,
  audio: false,
};
