// The room-setup kit for integration tests through the real server: start servers, create peers
// (or richer members built on peers), put a host and guests into one room, and clean all of it
// up after each test.
import { afterEach } from 'vitest';
import type { RunningServer } from '../../server/index';
import { startTestServer } from '../server/helpers/server';
import { createPeer, disposePeer, waitFor, type Peer } from './helpers';

type ServerOptions = Parameters<typeof startTestServer>[0];
type PeerOptions = Parameters<typeof createPeer>[1];

export interface RoomOptions<M> {
  /** Guests joining after the host (default 1). */
  guests?: number;
  /** The guests' role (the server's default, participant, when not given). */
  guestRole?: 'participant' | 'viewer';
  hostName?: string;
  /** Display name of guest `index` (default `Guest 1`, `Guest 2`, …). */
  guestName?: (index: number) => string;
  /** Builds each member (default: a plain peer from the kit). */
  member?: (url: string) => M;
  /** The peer inside a member (default: the member is a peer). */
  peerOf?: (member: M) => Peer;
}

export interface Room<M> {
  host: M;
  guests: M[];
  roomId: string;
}

export class RoomKit {
  private readonly servers: RunningServer[] = [];
  private readonly peers: Peer[] = [];
  private readonly disposables: Array<{ dispose(): void }> = [];

  /** A real server on an ephemeral port, closed after the test. */
  async server(options: ServerOptions = {}): Promise<RunningServer> {
    const server = await startTestServer(options);
    this.servers.push(server);
    return server;
  }

  /** A peer (Playback + sync engine over `ws`), disposed after the test. */
  peer(url: string, options: PeerOptions = {}): Peer {
    const peer = createPeer(url, options);
    this.peers.push(peer);
    return peer;
  }

  /** Something built on a peer (a binding, a model), disposed before the peers. */
  track<T extends { dispose(): void }>(thing: T): T {
    this.disposables.push(thing);
    return thing;
  }

  /** The host creates a room, the guests join it; resolves once the host lists everyone. */
  async room<M = Peer>(url: string, options: RoomOptions<M> = {}): Promise<Room<M>> {
    const {
      guests: count = 1,
      guestRole,
      hostName = 'Host',
      guestName = (index: number) => `Guest ${index + 1}`,
      member = (memberUrl: string) => this.peer(memberUrl) as M,
      peerOf = (value: M) => value as Peer,
    } = options;
    const host = member(url);
    const { roomId } = await peerOf(host).sync.createRoom({ displayName: hostName });
    const guests: M[] = [];
    for (let i = 0; i < count; i++) {
      const guest = member(url);
      await peerOf(guest).sync.joinRoom(roomId, undefined, {
        displayName: guestName(i),
        ...(guestRole ? { role: guestRole } : {}),
      });
      guests.push(guest);
    }
    await waitFor(() => peerOf(host).sync.users.length === count + 1, {
      what: 'everyone listed on the host',
    });
    return { host, guests, roomId };
  }

  /** Disposes what the test built and closes its servers. */
  async dispose(): Promise<void> {
    for (const thing of this.disposables.splice(0)) thing.dispose();
    for (const peer of this.peers.splice(0)) disposePeer(peer);
    for (const server of this.servers.splice(0)) await server.close();
  }
}

/** A kit for the calling test file, cleaned up after each of its tests. */
export function roomKit(): RoomKit {
  const kit = new RoomKit();
  afterEach(() => kit.dispose());
  return kit;
}
