// The SDK for Node: the same API, with `ws` as the WebSocket (Node 20 has no global one).
import { WebSocket } from 'ws';
import { ReelSyncClient } from './client';
import type { ConnectOptions } from './types';
import type { WebSocketLike } from './socket';

export * from './index';

/** ReelSyncClient.connect with `ws` (unless options.webSocket is given). */
export function connect(serverUrl: string, options: ConnectOptions = {}): Promise<ReelSyncClient> {
  return ReelSyncClient.connect(serverUrl, {
    webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    ...options,
  });
}
