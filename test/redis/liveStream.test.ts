// Pixel streaming across instances sharing one Redis: a program publishing through one
// instance reaches viewers connected to another (and late ones get the newest picture there),
// one program per room across all instances, the end of the stream reaches everyone, and the
// room's place is free again afterwards — from either instance.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/waitFor';
import { frame, openLive, type LiveSocket } from '../server/helpers/live';
import { createRoom, joinRoom, type Joined } from '../server/helpers/rooms';
import { deletePrefix, uniquePrefix } from '../server/helpers/server';
import { startRedisInstance } from './helpers/instances';

const prefix = uniquePrefix('live');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(() => deletePrefix(prefix));

async function tracked<T extends { close(): Promise<unknown> }>(item: Promise<T>): Promise<T> {
  const value = await item;
  cleanups.push(() => value.close());
  return value;
}
async function member(joining: Promise<Joined>): Promise<Joined> {
  const joined = await joining;
  cleanups.push(() => joined.client.close());
  return joined;
}
function trackedLive(socket: LiveSocket): LiveSocket {
  cleanups.push(async () => socket.socket.terminate());
  return socket;
}
const ready = (socket: LiveSocket) =>
  waitFor(() => socket.texts.some((text) => text.type === 'ready'), { what: 'ready' });
const lastStatus = (socket: LiveSocket) =>
  socket.texts.filter((text) => text.type === 'live').at(-1);

describe('live stream across instances (Redis)', () => {
  it('frames published through one instance reach viewers on the other', async () => {
    const one = await tracked(startRedisInstance(prefix));
    const two = await tracked(startRedisInstance(prefix));
    const host = await member(createRoom(one.syncUrl, { displayName: 'Host' }));
    const roomId = host.joined.payload.roomId;
    const guest = await member(joinRoom(two.syncUrl, roomId, { displayName: 'Guest' }));
    const remoteViewer = trackedLive(await openLive(two.syncUrl, guest, 'view'));
    const localViewer = trackedLive(await openLive(one.syncUrl, host, 'view'));
    const publisher = trackedLive(await openLive(one.syncUrl, host, 'publish'));
    await ready(publisher);

    // One program per room, whichever instance a second one connects to.
    const second = trackedLive(await openLive(two.syncUrl, guest, 'publish'));
    expect(await second.closed).toEqual({
      code: 4409,
      reason: 'another program is streaming into this room',
    });

    for (let number = 1; number <= 5; number++) {
      publisher.socket.send(frame(number, 64));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await waitFor(() => remoteViewer.frames.at(-1) === 5 && localViewer.frames.at(-1) === 5, {
      what: 'frame 5 on both instances',
    });
    expect(remoteViewer.frames).toEqual([...remoteViewer.frames].sort((a, b) => a - b));
    expect(lastStatus(remoteViewer)).toMatchObject({ active: true, width: 64, height: 64 });

    // A late viewer on the other instance gets the newest picture at once.
    const late = trackedLive(await openLive(two.syncUrl, guest, 'view'));
    await waitFor(() => late.frames.includes(5), { what: 'the newest picture, late' });
    expect(late.frames).toEqual([5]);

    // The end of the stream reaches the other instance; the room's place is free again there.
    publisher.socket.close();
    await waitFor(() => lastStatus(remoteViewer)?.active === false, { what: 'stream ended' });
    const next = trackedLive(await openLive(two.syncUrl, guest, 'publish'));
    await ready(next);
    next.socket.send(frame(9, 32));
    await waitFor(() => localViewer.frames.at(-1) === 9, { what: 'frame 9 back on instance one' });
    expect(lastStatus(localViewer)).toMatchObject({ active: true, width: 32, height: 32 });
  });

  it('a viewer on an instance that watched nothing yet gets the picture already streaming', async () => {
    const one = await tracked(startRedisInstance(prefix));
    const two = await tracked(startRedisInstance(prefix));
    const created = await member(createRoom(one.syncUrl, { displayName: 'Host' }));
    const publisher = trackedLive(await openLive(one.syncUrl, created, 'publish'));
    await ready(publisher);
    publisher.socket.send(frame(41, 16));
    publisher.socket.send(frame(42, 16));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const guest = await member(
      joinRoom(two.syncUrl, created.joined.payload.roomId, { role: 'viewer' }),
    );
    const viewer = trackedLive(await openLive(two.syncUrl, guest, 'view'));
    await waitFor(() => viewer.frames.includes(42), {
      what: 'the newest picture from the other instance',
    });
    expect(viewer.frames).toEqual([42]);
    expect(lastStatus(viewer)).toMatchObject({ active: true, width: 16, height: 16 });
  });
});
