// Helpers for sync-engine integration tests: `ws` sockets for Node, managers bound to real
// Sessions on a real server, polling waits, and a clean-up list.
import { WebSocket } from 'ws';
import { Session } from '../../src/core/session/Session';
import {
  NetworkSyncManager,
  type NetworkSyncManagerOptions,
} from '../../src/network/NetworkSyncManager';
import type { WebSocketFactory, WebSocketLike } from '../../src/network/types';

/** `ws` implements the browser WebSocket API the client uses (onopen/onmessage/… and send/close). */
export const nodeWebSocket: WebSocketFactory = (url) =>
  new WebSocket(url) as unknown as WebSocketLike;

export interface Peer {
  session: Session;
  sync: NetworkSyncManager;
}

export function createPeer(url: string, options: Partial<NetworkSyncManagerOptions> = {}): Peer {
  const session = new Session();
  const sync = new NetworkSyncManager({
    url,
    session,
    createWebSocket: nodeWebSocket,
    onlineEvents: null,
    ...options,
  });
  return { session, sync };
}

export function disposePeer(peer: Peer): void {
  peer.sync.dispose();
  peer.session.dispose();
}

/** Polls `check` until it returns true (or throws with `what` after the timeout). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The frame a peer shows now (what its display tick would draw). */
export function frameOf(peer: Peer): number {
  return peer.session.tick();
}
