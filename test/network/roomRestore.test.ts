// Integration: a server restart that loses every room (memory store) does not break the room
// up. The host's client restores it under the same code with its copy of the state, the others
// come back as the same users (names, roles), nobody is told the room ended; a stranger who
// knows the code cannot claim it. Real servers on the same port, real clients over `ws`.
import { describe, expect, it } from 'vitest';
import type { NetworkSyncEvents } from '../../src/network/types';
import { createToken } from '../../src/protocol/index';
import { TestClient } from '../server/helpers/TestClient';
import { startTestServer } from '../server/helpers/server';
import { MemoryStorage } from '../support/memoryStorage';
import { frameOf, nodeWebSocket, waitFor, type Peer } from './helpers';
import { roomKit } from './room';

type RoomEndedReason = NetworkSyncEvents['roomEnded']['reason'];

const kit = roomKit();
const fastReconnect = { baseDelayMs: 100, maxDelayMs: 400, maxAttempts: 40, jitter: 0.1 };

function peer(url: string, storage = new MemoryStorage()): Peer {
  return kit.peer(url, { reconnect: fastReconnect, storage });
}

/** A peer whose network can be cut: while cut, every connection attempt fails. */
function cuttablePeer(url: string): { peer: Peer; cut(on: boolean): void } {
  let cut = false;
  const result = kit.peer(url, {
    reconnect: fastReconnect,
    createWebSocket: (socketUrl) => nodeWebSocket(cut ? 'ws://127.0.0.1:9/' : socketUrl),
  });
  return { peer: result, cut: (on) => (cut = on) };
}

/** Everything a peer was told about the room ending, and whether it ever dropped out of it. */
function watch(target: Peer) {
  const seen = { ended: [] as RoomEndedReason[], leftRoom: false, recreated: 0, comings: 0 };
  // Nobody left or joined: the same people came back (no "left"/"joined" notices).
  target.sync.on('userJoined', () => seen.comings++);
  target.sync.on('userLeft', () => seen.comings++);
  target.sync.on('roomEnded', ({ reason }) => seen.ended.push(reason));
  target.sync.on('roomRecreated', () => seen.recreated++);
  target.sync.on('connectionStateChanged', (state) => {
    if (state === 'disconnected') seen.leftRoom = true;
  });
  return seen;
}

const people = (target: Peer) =>
  target.sync.users
    .map((user) => `${user.displayName}:${user.role}:${user.userId}`)
    .sort()
    .join(', ');

describe('a server restart without a persistent store', () => {
  it('the room comes back under the same code, with its state and the same members', async () => {
    const first = await startTestServer();
    const port = first.port;
    const { host, guests, roomId } = await kit.room(first.syncUrl, {
      guests: 2,
      member: (url) => peer(url),
      guestName: (index) => ['Ann', 'Ben'][index] ?? 'Guest',
    });
    const [ann, ben] = guests as [Peer, Peer];
    expect(host.sync.setUserRole(ben.sync.userId ?? '', 'viewer')).toBe(true);
    await waitFor(() => ben.sync.roomInfo?.role === 'viewer', { what: 'Ben a viewer' });
    host.session.seek(77);
    await waitFor(() => frameOf(ann) === 77 && frameOf(ben) === 77, { what: 'everyone on 77' });
    const before = people(host);
    const watched = [host, ann, ben].map(watch);

    await first.close();
    await waitFor(() => ann.sync.connectionState === 'reconnecting', { what: 'Ann offline' });
    expect(ann.sync.syncStatus).toBe('offline');
    host.session.seek(120); // the host moves on while the server is away
    const second = await kit.server({ port });

    await waitFor(
      () =>
        [host, ann, ben].every((p) => p.sync.connectionState === 'connected') &&
        host.sync.users.filter((user) => user.connected).length === 3,
      { what: 'everyone back in the room', timeoutMs: 15_000 },
    );
    expect(second.port).toBe(port);
    for (const p of [host, ann, ben]) expect(p.sync.roomCode).toBe(roomId);
    expect(people(host)).toBe(before);
    expect(people(ann)).toBe(before);
    expect(host.sync.isHost).toBe(true);
    expect(ben.sync.roomInfo?.role).toBe('viewer');
    // The host's copy of the state re-seeded the room: the others land on its frame.
    await waitFor(() => frameOf(ann) === 120 && frameOf(ben) === 120, {
      what: 'the host frame everywhere',
    });
    for (const seen of watched) {
      expect(seen.ended).toEqual([]);
      expect(seen.leftRoom).toBe(false);
      expect(seen.recreated).toBe(0);
      expect(seen.comings).toBe(0);
    }
    // And it is a live room again.
    host.session.seek(33);
    await waitFor(() => frameOf(ann) === 33, { what: 'sync after the restore' });
    expect(ann.sync.waitingForHost).toBe(false);
  });

  it('members wait for the host while it is away, then come back', async () => {
    const first = await startTestServer();
    const port = first.port;
    let hostLink: ReturnType<typeof cuttablePeer> | null = null;
    const { guests, roomId } = await kit.room(first.syncUrl, {
      member: (url) => {
        if (hostLink) return peer(url);
        hostLink = cuttablePeer(url);
        return hostLink.peer;
      },
    });
    const link = hostLink as ReturnType<typeof cuttablePeer> | null;
    if (!link) throw new Error('no host');
    const [ann] = guests as [Peer];
    const seen = watch(ann);
    // The host's network is down during the restart: Ann gets back first and finds no room.
    link.cut(true);
    await first.close();
    await kit.server({ port });
    await waitFor(() => ann.sync.waitingForHost, { what: 'Ann waits for the host' });
    expect(ann.sync.connectionState).toBe('reconnecting');
    expect(ann.sync.roomCode).toBe(roomId);
    link.cut(false);
    await waitFor(() => ann.sync.connectionState === 'connected', {
      what: 'Ann back once the host restored the room',
      timeoutMs: 15_000,
    });
    expect(ann.sync.roomCode).toBe(roomId);
    expect(seen.ended).toEqual([]);
  });

  it('a stranger who knows the code cannot claim the lost room', async () => {
    const first = await startTestServer();
    const port = first.port;
    const annStorage = new MemoryStorage();
    let made = 0;
    const { roomId, host } = await kit.room(first.syncUrl, {
      member: (url) => (made++ === 0 ? peer(url) : peer(url, annStorage)),
    });
    // The host is gone for good (its page closed): only the stranger tries to restore.
    host.sync.dispose();
    const stored = JSON.parse(annStorage.getItem('reelsync.network.room') ?? '{}') as {
      sessionToken?: string;
    };
    await first.close();
    const second = await kit.server({ port });
    const stranger = await TestClient.greeted(second.syncUrl);
    try {
      const forged = {
        roomId,
        hostToken: createToken(),
        sessionToken: createToken(),
        members: [],
      };
      const error = await stranger.errorFor(stranger.send('room.create', { restore: forged }));
      expect(error.payload.code).toBe('BAD_HOST_TOKEN');
      // A member's own session token is no host token either.
      const asMember = { ...forged, hostToken: stored.sessionToken ?? '' };
      const again = await stranger.errorFor(stranger.send('room.create', { restore: asMember }));
      expect(again.payload.code).toBe('BAD_HOST_TOKEN');
      const missing = await stranger.errorFor(stranger.send('room.join', { roomId }));
      expect(missing.payload.code).toBe('ROOM_NOT_FOUND');
    } finally {
      await stranger.close();
    }
  });
});
