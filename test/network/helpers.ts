// Helpers for sync-engine integration tests: `ws` sockets for Node, managers bound to real
// Sessions on a real server, and a round trip through the server to wait on instead of a delay.
import { WebSocket } from 'ws';
import { Playback } from '../../src/core/playback/Playback';
import {
  NetworkSyncManager,
  type NetworkSyncManagerOptions,
} from '../../src/network/NetworkSyncManager';
import type { WebSocketFactory, WebSocketLike } from '../../src/network/types';
import {
  createClientMessage,
  serializeMessage,
  type ServerMessage,
} from '../../src/protocol/index';
import { waitFor } from '../support/waitFor';

export { waitFor };

/** `ws` implements the browser WebSocket API the client uses (onopen/onmessage/… and send/close). */
export const nodeWebSocket: WebSocketFactory = (url) =>
  new WebSocket(url) as unknown as WebSocketLike;

export interface Peer {
  session: Playback;
  sync: NetworkSyncManager;
  /** The peer's current socket (the latest one the client opened). */
  socket(): WebSocket | null;
}

export function createPeer(url: string, options: Partial<NetworkSyncManagerOptions> = {}): Peer {
  const session = new Playback();
  let current: WebSocket | null = null;
  const inner = options.createWebSocket;
  const sync = new NetworkSyncManager({
    url,
    session,
    onlineEvents: null,
    ...options,
    createWebSocket: (socketUrl) => {
      const socket = inner ? inner(socketUrl) : nodeWebSocket(socketUrl);
      current = socket as unknown as WebSocket;
      return socket;
    },
  });
  return { session, sync, socket: () => current };
}

export function disposePeer(peer: Peer): void {
  peer.sync.dispose();
  peer.session.dispose();
}

/**
 * A ping/pong round trip through the server on the peer's own socket: everything the peer sent
 * before has been handled by the server, and everything the server sent it before the pong has
 * arrived. The ping carries the client's clock (performance.now), so its pong is an ordinary
 * clock sample for the client.
 */
export async function roundTrip(peer: Peer, timeoutMs = 5000): Promise<void> {
  const socket = peer.socket();
  if (!socket || socket.readyState !== WebSocket.OPEN)
    throw new Error('round trip: socket not open');
  const clientTime = performance.now();
  const pong = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for a pong`));
    }, timeoutMs);
    const onMessage = (data: Buffer): void => {
      const text = data.toString();
      if (!text.includes('"pong"')) return;
      const message = JSON.parse(text) as ServerMessage;
      if (message.type !== 'pong' || message.payload.clientTime !== clientTime) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve();
    };
    socket.on('message', onMessage);
  });
  socket.send(serializeMessage(createClientMessage('ping', { clientTime })));
  await pong;
}

/**
 * The marker for "nothing more is coming": two round trips per peer, in order, so every message
 * any of them sent was handled and every relay, including live batches flushed at the end of the
 * server's event-loop turn, has reached them.
 */
export async function settleThroughServer(...peers: Peer[]): Promise<void> {
  for (let pass = 0; pass < 2; pass++) for (const peer of peers) await roundTrip(peer);
}

/** The frame a peer shows now (what its display tick would draw). */
export function frameOf(peer: Peer): number {
  return peer.session.tick();
}
