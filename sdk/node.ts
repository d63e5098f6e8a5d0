// The SDK for Node: the same API, with `ws` as the WebSocket (Node 20 has no global one).
import { WebSocket } from 'ws';
import { ReelSyncClient } from './client';
import type { ConnectOptions } from './types';
import type { WebSocketLike } from './socket';

export * from './index';

export interface NodeConnectOptions extends ConnectOptions {
  /**
   * For a server with sign-in (--oidc-issuer and --oidc-audience, docs/security.md): an access
   * token of the studio's OpenID Connect issuer for the server's audience, sent as
   * "Authorization: Bearer …" on every (re)connect. A function is asked again on each reconnect,
   * so it can hand out a refreshed token.
   */
  accessToken?: string | (() => string);
}

/** ReelSyncClient.connect with `ws` (unless options.webSocket is given). */
export function connect(
  serverUrl: string,
  options: NodeConnectOptions = {},
): Promise<ReelSyncClient> {
  const { accessToken, ...rest } = options;
  const headers = (): Record<string, string> => {
    const token = typeof accessToken === 'function' ? accessToken() : accessToken;
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  return ReelSyncClient.connect(serverUrl, {
    webSocket: (url) => new WebSocket(url, { headers: headers() }) as unknown as WebSocketLike,
    ...rest,
  });
}
