// A/B compare and stereo on Redis survive restarting every instance; a room that never set them
// comes back without them (read as the defaults).
import { describe, expect, it } from 'vitest';
import type { CompareState, StereoState } from '../../src/protocol/index';
import { createRoom, joinRoom } from '../server/helpers/rooms';
import { spawnInstance } from './helpers/instances';
import { restartScope } from './helpers/restartScope';

const { prefix, cleanups, started } = restartScope('compare-restart');

const COMPARE: CompareState = {
  mode: 'difference',
  source: { kind: 'library', id: 'd'.repeat(64) },
  wipe: { x: 0.4, y: 0.6, angle: -30 },
  gain: 16,
  blend: 0.3,
  show: 'B',
};
const STEREO: StereoState = {
  input: 'overUnder',
  display: 'checkerboard',
  swapEyes: false,
  convergence: 24,
};

describe('compare and stereo on Redis', () => {
  it('survive a restart; a room without them stays without', async () => {
    const first = started(await spawnInstance(prefix));
    const host = await createRoom(first.syncUrl, { displayName: 'Host' });
    const plain = await createRoom(first.syncUrl, { displayName: 'Plain' });
    cleanups.push(
      () => host.client.close(),
      () => plain.client.close(),
    );
    await host.client.request('sync.compare', { compare: COMPARE }, 'sync.compare');
    await host.client.request('sync.stereo', { stereo: STEREO }, 'sync.stereo');
    await first.kill('SIGTERM');

    const second = started(await spawnInstance(prefix));
    const late = await joinRoom(second.syncUrl, host.joined.payload.roomId, {
      displayName: 'Late',
    });
    const other = await joinRoom(second.syncUrl, plain.joined.payload.roomId, { displayName: 'O' });
    cleanups.push(
      () => late.client.close(),
      () => other.client.close(),
    );
    if (late.state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(late.state.payload.state.compare).toEqual(COMPARE);
    expect(late.state.payload.state.stereo).toEqual(STEREO);
    if (other.state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(other.state.payload.state.compare).toBeUndefined();
    expect(other.state.payload.state.stereo).toBeUndefined();
  }, 60_000);
});
