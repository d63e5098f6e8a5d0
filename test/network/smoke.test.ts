import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { startTestServer } from '../server/helpers/server';
import { createPeer, disposePeer, frameOf, sleep, waitFor, type Peer } from './helpers';

let server: RunningServer | null = null;
const peers: Peer[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) disposePeer(peer);
  await server?.close();
});

describe('smoke', () => {
  it('host seeks, participant follows', async () => {
    server = await startTestServer();
    const host = createPeer(server.syncUrl);
    const guest = createPeer(server.syncUrl);
    peers.push(host, guest);
    const info = await host.sync.createRoom({ displayName: 'Host' });
    await guest.sync.joinRoom(info.roomId, undefined, { displayName: 'Guest' });
    host.session.seek(50);
    await waitFor(() => frameOf(guest) === 50, 'guest at 50');
    host.session.play();
    await sleep(500);
    expect(Math.abs(frameOf(host) - frameOf(guest))).toBeLessThanOrEqual(0);
    console.log(host.sync.clockOffset, performance.timeOrigin, host.sync.rtt);
  });
});
