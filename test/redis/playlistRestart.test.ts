// The room playlist on Redis survives restarting every instance: its items, their saved state,
// the current item, the policy, and the room's media and motion on that item.
import { describe, expect, it } from 'vitest';
import { roomPlaylist, type MediaDescriptor } from '../../src/protocol/index';
import { createRoom, joinRoom } from '../server/helpers/rooms';
import { spawnInstance } from './helpers/instances';
import { restartScope } from './helpers/restartScope';

const { prefix, cleanups, started } = restartScope('playlist-restart');

const media = (name: string, frameStart: number, frameEnd: number): MediaDescriptor => ({
  name,
  frameStart,
  frameEnd,
  fps: 24,
  width: 640,
  height: 360,
  fingerprint: name
    .padEnd(64, '0')
    .replace(/[^0-9a-f]/g, 'a')
    .slice(0, 64),
});

describe('playlist on Redis', () => {
  it('items, saved states, the current item and the policy survive a restart', async () => {
    const first = started(await spawnInstance(prefix));
    const host = await createRoom(first.syncUrl, { displayName: 'Host' });
    cleanups.push(() => host.client.close());
    const { roomId } = host.joined.payload;
    const items = [
      {
        id: 'one',
        name: 'sh010_comp_v001',
        source: { kind: 'local' as const, media: media('one', 1, 48) },
      },
      {
        id: 'two',
        name: 'sh020_comp_v001',
        source: { kind: 'local' as const, media: media('two', 101, 148) },
      },
    ];
    await host.client.request('playlist.add', { items }, 'sync.playlist');
    await host.client.request('sync.media', { media: media('one', 1, 48) }, 'sync.media');
    await host.client.request('sync.frame', { frame: 17, baseVersion: 2 }, 'sync.playback');
    await host.client.request('playlist.setCurrent', { id: 'two' }, 'sync.playlist');
    await host.client.request('sync.frame', { frame: 120, baseVersion: 4 }, 'sync.playback');
    await host.client.request('playlist.setPolicy', { participantsMayEdit: true }, 'sync.playlist');
    await first.kill('SIGTERM');

    const second = started(await spawnInstance(prefix));
    const late = await joinRoom(second.syncUrl, roomId, { displayName: 'Late' });
    cleanups.push(() => late.client.close());
    if (late.state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    const { state } = late.state.payload;
    const playlist = roomPlaylist(state);
    expect(playlist.items.map((item) => item.name)).toEqual(['sh010_comp_v001', 'sh020_comp_v001']);
    expect(playlist).toMatchObject({ currentId: 'two', participantsMayEdit: true });
    expect(playlist.items[0]?.state).toMatchObject({ frame: 17, inPoint: 1 });
    expect(state.media?.name).toBe('two');
    expect(state.motion.anchorFrame).toBe(120);
    // Back to the first item after the restart: its remembered frame.
    const back = await late.client.request('playlist.setCurrent', { id: 'one' }, 'sync.playlist');
    expect(back.payload).toMatchObject({
      op: 'current',
      switch: { motion: { anchorFrame: 17 }, saved: { id: 'two', state: { frame: 120 } } },
    });
  }, 60_000);
});
