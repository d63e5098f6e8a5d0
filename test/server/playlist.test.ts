// The room playlist through the real server (memory, or Redis with REELSYNC_TEST_STORE=redis):
// add / remove / move / rename / setCurrent / setPolicy, who may edit, each item's remembered
// frame, in/out, loop and view, removing the current item (the room moves to a neighbour, never
// without a current item), a reorder racing a removal, library additions appended, late joiners.
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  roomPlaylist,
  type ClientPayload,
  type MediaDescriptor,
  type PlaylistItemInput,
  type RoomState,
  type ServerMessageOf,
} from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
});

async function start() {
  const server = await startTestServer();
  servers.push(server);
  const host = await createRoom(server.syncUrl, { displayName: 'Hana' });
  const roomId = host.joined.payload.roomId;
  const guest = await joinRoom(server.syncUrl, roomId, { displayName: 'Gus' });
  clients.push(host.client, guest.client);
  return { server, host: host.client, guest: guest.client, roomId };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A local file item: every member opens their own copy (matched by fingerprint). */
function local(id: string, name: string, frameStart = 1, frameEnd = 48): PlaylistItemInput {
  const media: MediaDescriptor = {
    name,
    frameStart,
    frameEnd,
    fps: 24,
    width: 1920,
    height: 1080,
    fingerprint: sha(name),
  };
  return { id, name, source: { kind: 'local', media } };
}

type PlaylistMessage = ServerMessageOf<'sync.playlist'>;

async function change<K extends Parameters<TestClient['send']>[0]>(
  client: TestClient,
  type: K,
  payload: ClientPayload<K>,
): Promise<PlaylistMessage> {
  return client.request(type, payload, 'sync.playlist');
}

async function refusal(client: TestClient, id: string): Promise<[string, string]> {
  const error = await client.errorFor(id);
  return [error.payload.code, error.payload.message];
}

async function snapshotOf(server: RunningServer, roomId: string): Promise<RoomState> {
  const late = await joinRoom(server.syncUrl, roomId, { displayName: 'Late' });
  clients.push(late.client);
  const payload = late.state.payload;
  if (payload.mode !== 'snapshot') throw new Error('expected a snapshot');
  return payload.state;
}

/** A room with play all on over items a (frames 1–48) and b (`b`), on item a's media. */
async function playingAll(b: PlaylistItemInput) {
  const started = await start();
  const { server, host, roomId } = started;
  await change(host, 'playlist.add', { items: [local('a', 'shot-a.mov', 1, 48), b] });
  const on = await change(host, 'playlist.setPolicy', { playAll: true });
  const a = roomPlaylist(await snapshotOf(server, roomId)).items[0];
  if (a?.source.kind !== 'local') throw new Error('expected a local item');
  await host.request('sync.media', { media: a.source.media }, 'sync.media');
  return { ...started, on };
}

/** The host's advance from item a to b at server time `at`: the switch it came back as (payload). */
async function advanceToB(host: TestClient, at: number) {
  const advanced = await change(host, 'playlist.setCurrent', {
    id: 'b',
    advance: { from: 'a', at },
  });
  const { payload } = advanced;
  if (payload.op !== 'current') throw new Error('expected a switch');
  return payload;
}

const ids = (state: RoomState) => roomPlaylist(state).items.map((item) => item.id);

describe('room playlist', () => {
  it('the host builds a list; the first item becomes current; everyone and late joiners see it', async () => {
    const { server, host, guest, roomId } = await start();
    const added = await change(host, 'playlist.add', {
      items: [local('a', 'sh010_comp_v001.mov'), local('b', 'sh020_comp_v001.mov')],
    });
    expect(added.payload).toMatchObject({ op: 'add', index: 0, currentId: 'a' });
    const seen = await guest.next('sync.playlist');
    expect(seen.payload).toEqual(added.payload);
    await change(host, 'playlist.add', { items: [local('c', 'sh030.mov')], index: 1 });
    await change(host, 'playlist.rename', { id: 'c', name: 'sh030 \u0000final/../' });
    const state = await snapshotOf(server, roomId);
    expect(ids(state)).toEqual(['a', 'c', 'b']);
    expect(roomPlaylist(state)).toMatchObject({
      currentId: 'a',
      appendLibraryAdditions: true,
      participantsMayEdit: false,
    });
    expect(roomPlaylist(state).items[1]?.name).toBe('sh030 final/../');
    expect(roomPlaylist(state).items[0]?.addedBy).toBe(added.userId);
  });

  it('switching keeps the frame, in/out, loop and view of the item left and restores them', async () => {
    const { server, host, guest, roomId } = await start();
    await change(host, 'playlist.add', {
      items: [local('a', 'shot-a.mov', 1, 48), local('b', 'shot-b.mov', 1001, 1100)],
    });
    // The room is on item a: its shot, paused on frame 30 with in/out 10–40, zoomed in.
    const a = roomPlaylist((await snapshotOf(server, roomId)) as RoomState).items[0];
    if (a?.source.kind !== 'local') throw new Error('expected a local item');
    await host.request('sync.media', { media: a.source.media }, 'sync.media');
    const motion = {
      playing: false,
      anchorFrame: 30,
      anchorTime: 0,
      fps: 24,
      speed: 1,
      direction: 1 as const,
      loopMode: 'pingpong' as const,
      inPoint: 10,
      outPoint: 40,
    };
    await host.request('sync.playback', { motion, baseVersion: 0 }, 'sync.playback');
    const view = { zoom: 2, pan: { x: 10, y: -5 }, fit: false, channel: 'red' as const };
    await host.request('sync.view', { view }, 'sync.view');

    const toB = await change(host, 'playlist.setCurrent', { id: 'b' });
    if (toB.payload.op !== 'current') throw new Error('expected a switch');
    expect(toB.payload.switch).toMatchObject({
      currentId: 'b',
      saved: {
        id: 'a',
        state: { frame: 30, inPoint: 10, outPoint: 40, loopMode: 'pingpong', view },
      },
      media: { name: 'shot-b.mov', frameStart: 1001, frameEnd: 1100 },
      // First visit: the item's start, its whole range, a fitted view (the channel stays).
      motion: { playing: false, anchorFrame: 1001, inPoint: 1001, outPoint: 1100 },
      view: { fit: true, zoom: 1, channel: 'red' },
    });
    expect(
      (await guest.next('sync.playlist', (message) => message.payload.op === 'current')).payload,
    ).toEqual(toB.payload);
    // On b: frame 1050.
    await host.request(
      'sync.frame',
      { frame: 1050, baseVersion: toB.version ?? 0 },
      'sync.playback',
    );

    const backToA = await change(host, 'playlist.setCurrent', { id: 'a' });
    if (backToA.payload.op !== 'current') throw new Error('expected a switch');
    expect(backToA.payload.switch.saved).toMatchObject({ id: 'b', state: { frame: 1050 } });
    expect(backToA.payload.switch.motion).toMatchObject({
      anchorFrame: 30,
      inPoint: 10,
      outPoint: 40,
      loopMode: 'pingpong',
      playing: false,
    });
    expect(backToA.payload.switch.view).toEqual(view);
    // A late joiner lands on the current item with its state.
    const state = await snapshotOf(server, roomId);
    expect(state.media?.name).toBe('shot-a.mov');
    expect(state.motion.anchorFrame).toBe(30);
    expect(roomPlaylist(state).currentId).toBe('a');
    // Asking for the current item again changes nothing.
    const again = host.send('playlist.setCurrent', { id: 'a' });
    await expect(host.errorFor(again, 500)).rejects.toThrow(/timed out/);
  });

  it('keepFrame lands on the frame, in/out and view of the item left (another version)', async () => {
    const { host } = await start();
    await change(host, 'playlist.add', {
      items: [
        local('v2', 'sh010_comp_v002.mov', 1, 100),
        local('v1', 'sh010_comp_v001.mov', 1, 90),
      ],
    });
    const v2 = local('v2', 'sh010_comp_v002.mov', 1, 100);
    if (v2.source.kind !== 'local') throw new Error('expected a local item');
    await host.request('sync.media', { media: v2.source.media }, 'sync.media');
    await host.request('sync.frame', { frame: 95, baseVersion: 2 }, 'sync.playback');
    const view = { zoom: 3, pan: { x: 1, y: 2 }, fit: false, channel: 'rgb' as const };
    await host.request('sync.view', { view }, 'sync.view');
    const moved = await change(host, 'playlist.setCurrent', { id: 'v1', keepFrame: true });
    if (moved.payload.op !== 'current') throw new Error('expected a switch');
    // Frame 95 is past v001's last frame (90): clamped into its range; the view is kept.
    expect(moved.payload.switch.motion).toMatchObject({
      anchorFrame: 90,
      inPoint: 1,
      outPoint: 90,
    });
    expect(moved.payload.switch.view).toEqual(view);
    expect(moved.payload.switch.saved).toMatchObject({ id: 'v2', state: { frame: 95 } });
  });

  it('play all: the policy turns it on and off; an advance lands on the next in point, playing from the boundary', async () => {
    const { server, host, guest, roomId, on } = await playingAll(
      local('b', 'shot-b.mov', 1001, 1100),
    );
    expect(on.payload).toMatchObject({ op: 'policy', policy: { playAll: true } });
    // Playing item a from frame 1: frame 48 ends 2 s after the anchor.
    const anchorTime = Date.now();
    const motion = {
      playing: true,
      anchorFrame: 1,
      anchorTime,
      fps: 24,
      speed: 1,
      direction: 1 as const,
      loopMode: 'loop' as const,
      inPoint: 1,
      outPoint: 48,
    };
    const played = await host.request('sync.playback', { motion, baseVersion: 0 }, 'sync.playback');
    const at = anchorTime + 2000;
    const advanced = await advanceToB(host, at);
    expect(advanced.switch).toMatchObject({
      currentId: 'b',
      saved: { id: 'a', state: { frame: 48 } },
      motion: { playing: true, anchorFrame: 1001, anchorTime: at, inPoint: 1001, outPoint: 1100 },
    });
    expect(
      (await guest.next('sync.playlist', (message) => message.payload.op === 'current')).payload,
    ).toEqual(advanced);
    // A second advance from the item already left (another page saw the boundary too): nothing.
    const stale = host.send('playlist.setCurrent', { id: 'a', advance: { from: 'a', at } });
    await expect(host.errorFor(stale, 500)).rejects.toThrow(/timed out/);
    expect(roomPlaylist(await snapshotOf(server, roomId)).currentId).toBe('b');
    // Participants cannot turn it off; the host can (a policy without it is off).
    const refused = guest.send('playlist.setPolicy', { playAll: false });
    expect((await refusal(guest, refused))[0]).toBe('FORBIDDEN');
    await change(host, 'playlist.setPolicy', { playAll: false });
    expect(roomPlaylist(await snapshotOf(server, roomId)).playAll).toBeUndefined();
    expect(played.version).toBeGreaterThan(0);
  });

  it('play all: a room stopped on the media’s last frame moves on, even with an out point past it', async () => {
    const { server, host, roomId } = await playingAll(local('b', 'shot-b.mov', 1, 96));
    // The room's in/out is still a longer clip's (1–1440); the host's page, playing shot a once,
    // stopped on its last frame (48) and said so before its advance arrived.
    const stopped = {
      playing: false,
      anchorFrame: 48,
      anchorTime: Date.now(),
      fps: 24,
      speed: 1,
      direction: 1 as const,
      loopMode: 'once' as const,
      inPoint: 1,
      outPoint: 1440,
    };
    await host.request('sync.playback', { motion: stopped, baseVersion: 0 }, 'sync.playback');
    const at = Date.now();
    const advanced = await advanceToB(host, at);
    expect(advanced.switch).toMatchObject({
      currentId: 'b',
      motion: { playing: true, anchorFrame: 1, anchorTime: at, inPoint: 1, outPoint: 96 },
    });
    // Stopped before the media's end, the room has not reached the boundary: nothing moves.
    await change(host, 'playlist.setCurrent', { id: 'a' });
    const early = { ...stopped, anchorFrame: 30 };
    await host.request('sync.playback', { motion: early, baseVersion: 0 }, 'sync.playback');
    const ignored = host.send('playlist.setCurrent', { id: 'b', advance: { from: 'a', at } });
    await expect(host.errorFor(ignored, 500)).rejects.toThrow(/timed out/);
    expect(roomPlaylist(await snapshotOf(server, roomId)).currentId).toBe('a');
  });

  it('a playback change based on a version before a switch loses to it', async () => {
    const { host, guest } = await start();
    await change(host, 'playlist.add', { items: [local('a', 'a.mov'), local('b', 'b.mov')] });
    const switched = await change(host, 'playlist.setCurrent', { id: 'b' });
    await guest.next('sync.playlist', (message) => message.payload.op === 'current');
    const stale = guest.send('sync.frame', { frame: 5, baseVersion: (switched.version ?? 1) - 1 });
    const rejected = await guest.next('sync.rejected', (message) => message.replyTo === stale);
    expect(rejected.payload).toMatchObject({ code: 'STALE_CHANGE', motion: { anchorFrame: 1 } });
  });

  it('removing the current item moves the room to the next one, else the previous; never none', async () => {
    const { server, host, guest, roomId } = await start();
    await change(host, 'playlist.add', {
      items: [local('a', 'a.mov'), local('b', 'b.mov', 101, 200), local('c', 'c.mov', 201, 300)],
    });
    await change(host, 'playlist.setCurrent', { id: 'b' });
    const removed = await change(host, 'playlist.remove', { id: 'b' });
    expect(removed.payload).toMatchObject({
      op: 'remove',
      id: 'b',
      switch: { currentId: 'c', media: { name: 'c.mov' }, motion: { anchorFrame: 201 } },
    });
    await guest.next('sync.playlist', (message) => message.payload.op === 'remove');
    // The last item: the previous one becomes current.
    const last = await change(host, 'playlist.remove', { id: 'c' });
    expect(last.payload).toMatchObject({ switch: { currentId: 'a', media: { name: 'a.mov' } } });
    const empty = await change(host, 'playlist.remove', { id: 'a' });
    expect(empty.payload).toMatchObject({ switch: { currentId: null, media: null } });
    const state = await snapshotOf(server, roomId);
    expect(roomPlaylist(state)).toMatchObject({ items: [], currentId: null });
    // The room's media stays what it was (the last shot shown), not a removed item's nothing.
    expect(state.media?.name).toBe('a.mov');
  });

  it('a reorder racing a removal: the loser is refused with the reason, both lists agree', async () => {
    const { server, host, guest, roomId } = await start();
    await host.request('playlist.setPolicy', { participantsMayEdit: true }, 'sync.playlist');
    await change(host, 'playlist.add', {
      items: [local('a', 'a.mov'), local('b', 'b.mov'), local('c', 'c.mov')],
    });
    // The guest moves from a list the server has already changed: the removal is applied first
    // (its ack is in), the guest's move was made on the list before it. Sending both at once
    // instead would let the scheduler pick the winner, and the test would flake.
    const remove = host.send('playlist.remove', { id: 'c' });
    await host.next('sync.playlist', (message) => message.replyTo === remove);
    const move = guest.send('playlist.move', { id: 'c', index: 0 });
    const [code, message] = await refusal(guest, move);
    expect(code).toBe('ITEM_NOT_FOUND');
    expect(message).toContain('someone removed it');
    // A move past the end lands last; renaming or moving a removed item is refused too.
    await change(guest, 'playlist.move', { id: 'a', index: 99 });
    const rename = guest.send('playlist.rename', { id: 'c', name: 'x' });
    expect((await refusal(guest, rename))[0]).toBe('ITEM_NOT_FOUND');
    expect(ids(await snapshotOf(server, roomId))).toEqual(['b', 'a']);
  });

  it('participants edit only when the host allows it; viewers never; the policy is host-only', async () => {
    const { server, host, guest, roomId } = await start();
    const denied = guest.send('playlist.add', { items: [local('g', 'g.mov')] });
    expect(await refusal(guest, denied)).toEqual([
      'FORBIDDEN',
      expect.stringContaining('the host can let participants edit'),
    ]);
    const policy = guest.send('playlist.setPolicy', { participantsMayEdit: true });
    expect((await refusal(guest, policy))[0]).toBe('FORBIDDEN');
    const allowed = await host.request(
      'playlist.setPolicy',
      { participantsMayEdit: true },
      'sync.playlist',
    );
    expect(allowed.payload).toEqual({
      op: 'policy',
      policy: { appendLibraryAdditions: true, participantsMayEdit: true },
    });
    await change(guest, 'playlist.add', { items: [local('g', 'g.mov'), local('h', 'h.mov')] });
    await change(guest, 'playlist.setCurrent', { id: 'h' });
    const viewer = await joinRoom(server.syncUrl, roomId, { role: 'viewer' });
    clients.push(viewer.client);
    const viewerTry = viewer.client.send('playlist.setCurrent', { id: 'g' });
    expect((await refusal(viewer.client, viewerTry))[0]).toBe('FORBIDDEN');
  });

  it('bad input: duplicate ids, missing library media, unplayable items, unknown ids', async () => {
    const { host } = await start();
    await change(host, 'playlist.add', { items: [local('a', 'a.mov')] });
    const duplicate = host.send('playlist.add', { items: [local('a', 'again.mov')] });
    expect(await refusal(host, duplicate)).toEqual([
      'INVALID_MESSAGE',
      expect.stringContaining('used already'),
    ]);
    const missing = host.send('playlist.add', {
      items: [{ id: 'm', name: 'gone.mov', source: { kind: 'library', id: sha('gone') } }],
    });
    expect(await refusal(host, missing)).toEqual([
      'MEDIA_NOT_FOUND',
      expect.stringContaining("not in the room's library"),
    ]);
    // A library item still uploading is listed but cannot be played yet.
    await host.request(
      'library.add',
      { item: { id: sha('up'), kind: 'upload', name: 'up.mov', size: 10 } },
      'sync.library',
    );
    const appended = await host.next('sync.playlist', (message) => message.payload.op === 'add');
    expect(appended.payload).toMatchObject({
      items: [{ id: `lib-${sha('up')}`, name: 'up.mov', source: { kind: 'library' } }],
    });
    const notReady = host.send('playlist.setCurrent', { id: `lib-${sha('up')}` });
    expect(await refusal(host, notReady)).toEqual([
      'MEDIA_NOT_FOUND',
      expect.stringContaining('not ready to play yet (uploading)'),
    ]);
    // Removed from the library: the item stays, and says why it cannot be played.
    await host.request('library.remove', { id: sha('up') }, 'sync.library');
    const removed = host.send('playlist.setCurrent', { id: `lib-${sha('up')}` });
    expect(await refusal(host, removed)).toEqual([
      'MEDIA_NOT_FOUND',
      expect.stringContaining("no longer in the room's library"),
    ]);
    const unknown = host.send('playlist.setCurrent', { id: 'nope' });
    expect((await refusal(host, unknown))[0]).toBe('ITEM_NOT_FOUND');
  });

  it('library additions are appended in the order added, unless the host turns that off', async () => {
    const { server, host, roomId } = await start();
    for (const name of ['one', 'two'])
      await host.request(
        'library.add',
        { item: { id: sha(name), kind: 'upload', name: `${name}.mov`, size: 10 } },
        'sync.library',
      );
    await host.next('sync.playlist', (message) =>
      message.payload.op === 'add' ? message.payload.items[0]?.name === 'two.mov' : false,
    );
    await host.request('playlist.setPolicy', { appendLibraryAdditions: false }, 'sync.playlist');
    await host.request(
      'library.add',
      { item: { id: sha('three'), kind: 'upload', name: 'three.mov', size: 10 } },
      'sync.library',
    );
    const state = await snapshotOf(server, roomId);
    expect(roomPlaylist(state).items.map((item) => item.name)).toEqual(['one.mov', 'two.mov']);
    expect(roomPlaylist(state).currentId).toBe(`lib-${sha('one')}`);
  });

  it('look files and soundtracks are no shots: not appended, refused by hand with the reason', async () => {
    const { server, host, roomId } = await start();
    for (const name of ['grade.cube', 'show.cdl', 'temp_music.wav', 'sh010_comp_v001.mov'])
      await host.request(
        'library.add',
        { item: { id: sha(name), kind: 'upload', name, size: 10 } },
        'sync.library',
      );
    await host.next('sync.playlist', (message) => message.payload.op === 'add');
    const state = await snapshotOf(server, roomId);
    expect(roomPlaylist(state).items.map((item) => item.name)).toEqual(['sh010_comp_v001.mov']);
    for (const [name, reason] of [
      ['grade.cube', 'is a look file (LUT/CDL), not a shot'],
      ['temp_music.wav', 'is a soundtrack (sound without a picture), not a shot'],
    ] as const) {
      const id = host.send('playlist.add', {
        items: [{ id: `by-hand-${name}`, name, source: { kind: 'library', id: sha(name) } }],
      });
      expect(await refusal(host, id)).toEqual(['INVALID_MESSAGE', expect.stringContaining(reason)]);
    }
  });
});
