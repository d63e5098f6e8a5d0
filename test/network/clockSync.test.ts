// Clock-sync accuracy through a delaying proxy. Client and server run in this process, so the
// true offset (server clock − local performance.now) is exactly performance.timeOrigin.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { startTestServer } from '../server/helpers/server';
import { startDelayProxy, type DelayProxy } from '../../bench/clock/delayProxy';
import { WebSocket } from 'ws';
import { positionAt } from '../../src/core/playback/motion';
import type { WebSocketLike } from '../../src/network/types';
import { createPeer, disposePeer, frameOf, waitFor, type Peer } from './helpers';

/** Pings ClockSync sends in its fast burst after connecting (the first, then 8 more). */
const BURST_PINGS = 9;

/** A peer whose pongs (clock samples) are counted as they arrive. */
function countingPeer(url: string): { peer: Peer; pongs: () => number } {
  let pongs = 0;
  const peer = createPeer(url, {
    createWebSocket: (socketUrl) => {
      const socket = new WebSocket(socketUrl);
      socket.on('message', (data: Buffer) => {
        if (data.toString().includes('"type":"pong"')) pongs += 1;
      });
      return socket as unknown as WebSocketLike;
    },
  });
  return { peer, pongs: () => pongs };
}

let server: RunningServer | null = null;
let proxy: DelayProxy | null = null;
let peerRef: Peer | null = null;
let hostRef: Peer | null = null;

afterEach(async () => {
  if (peerRef) disposePeer(peerRef);
  if (hostRef) disposePeer(hostRef);
  peerRef = null;
  hostRef = null;
  await proxy?.close();
  await server?.close();
});

async function measure(upMs: number, downMs: number, jitterMs: number) {
  server = await startTestServer();
  proxy = await startDelayProxy(server.port, { upMs, downMs, jitterMs });
  const { peer, pongs } = countingPeer(`ws://127.0.0.1:${proxy.port}/sync`);
  peerRef = peer;
  await peer.sync.createRoom();
  await waitFor(() => pongs() >= BURST_PINGS, { what: 'the fast sampling burst' });
  // The served clock slews onto the estimate; converged within the 1.5 s the burst used to get.
  await waitFor(
    () =>
      Math.abs(peer.sync.serverNow() - performance.now() - (peer.sync.clockOffset ?? NaN)) < 0.5,
    { what: 'the served clock on the estimate', timeoutMs: 1500 },
  );
  const error = (peer.sync.clockOffset ?? NaN) - performance.timeOrigin;
  const smoothError = peer.sync.serverNow() - (performance.timeOrigin + performance.now());
  const report = {
    upMs,
    downMs,
    jitterMs,
    error: +error.toFixed(2),
    smoothError: +smoothError.toFixed(2),
    rtt: +(peer.sync.rtt ?? NaN).toFixed(1),
  };
  console.log('clock sync', JSON.stringify(report));
  return { error, smoothError, rtt: peer.sync.rtt ?? NaN };
}

describe('clock sync accuracy under injected delay', () => {
  // Whatever the path, a sample's error beyond the asymmetry bias is at most half of its delay
  // above the fixed path delay (the jitter it met); the estimate uses the least-delayed sample.
  // Fixed millisecond figures depend on machine load; they are reported (console lines above,
  // docs/sync.md), while the tests hold the bound that follows from the method.
  it('symmetric 25/25 ms with 10 ms jitter: offset within half the jitter of truth', async () => {
    const { error, smoothError, rtt } = await measure(25, 25, 10);
    expect(Math.abs(error)).toBeLessThanOrEqual((rtt - 50) / 2);
    expect(Math.abs(smoothError - error)).toBeLessThan(0.5); // the served clock has converged
  });

  it('asymmetric 40/10 ms with 10 ms jitter: error is the NTP bias of half the asymmetry (15 ms), ± half the jitter', async () => {
    const { error, rtt } = await measure(40, 10, 10);
    // NTP cannot see asymmetry: it splits the round trip evenly, so it is (40 − 10) / 2 off.
    expect(Math.abs(error - 15)).toBeLessThanOrEqual((rtt - 50) / 2);
  });

  it('frames agree with a host on a direct path while the participant is behind 40/10 ms', async () => {
    server = await startTestServer();
    proxy = await startDelayProxy(server.port, { upMs: 40, downMs: 10, jitterMs: 10 });
    const host = createPeer(server.syncUrl);
    hostRef = host;
    const { peer: guest, pongs } = countingPeer(`ws://127.0.0.1:${proxy.port}/sync`);
    peerRef = guest;
    const { roomId } = await host.sync.createRoom();
    await guest.sync.joinRoom(roomId);
    await waitFor(() => pongs() >= BURST_PINGS, { what: "the guest's fast sampling burst" });
    host.session.play();
    await waitFor(() => guest.session.isPlaying, { what: 'guest playing' });
    let same = 0;
    let total = 0;
    for (let i = 0; i < 200; i++) {
      const a = frameOf(host);
      const b = frameOf(guest);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
      same += a === b ? 1 : 0;
      total += 1;
      // The next sample a sixth of a frame (7 ms at 24 fps) further on the host's timeline.
      const from = positionAt(host.session.motion, host.sync.serverNow());
      await waitFor(() => positionAt(host.session.motion, host.sync.serverNow()) >= from + 1 / 6, {
        what: 'the host a sixth of a frame further',
        intervalMs: 1,
      });
    }
    // Expected from the NTP bias alone: 15 ms of a 41.7 ms frame differ, i.e. ~64 % agree.
    const agreement = same / total;
    console.log('frame agreement behind 40/10 ms', agreement.toFixed(2));
    expect(agreement).toBeGreaterThan(0.45);
  });
});
