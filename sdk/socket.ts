// The WebSocket the SDK speaks through: the global one in browsers, `ws` in Node (sdk/node.ts
// injects it), or any object with the same small surface (tests, proxies).

/** The part of the WebSocket API the client uses (browser WebSocket and `ws` both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

/** The global WebSocket (browsers, Node ≥ 22), or null when there is none. */
export function globalWebSocketFactory(): WebSocketFactory | null {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  return Ctor ? (url) => new Ctor(url) : null;
}

/** ws(s)://host/sync for an http(s)://host server URL (a ws(s) URL is kept as given). */
export function syncUrlOf(serverUrl: string, syncPath: string): string {
  const url = new URL(serverUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.pathname === '/' || url.pathname === '') url.pathname = syncPath;
  return url.toString();
}
