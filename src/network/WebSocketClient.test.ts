// WebSocketClient unit tests (spec WSC-*): socket behaviour against the real server, timer-driven
// behaviour (heartbeat timeout, backoff, attempt limit) with a scripted socket and fake timers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/index';
import { startTestServer } from '../../test/server/helpers/server';
import { fakeFactory, recordingFactory, welcome } from '../../test/network/testkit';
import { nodeWebSocket } from '../../test/network/helpers';
import type { ServerMessage } from '../protocol/index';
import { DEFAULT_RECONNECT_POLICY, reconnectDelay } from './reconnect';
import { WebSocketClient, type WebSocketClientOptions } from './WebSocketClient';

let server: RunningServer | null = null;
const clients: WebSocketClient[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const client of clients.splice(0)) client.dispose();
  await server?.close();
  server = null;
});

function client(options: Partial<WebSocketClientOptions> & { url: string }): WebSocketClient {
  const created = new WebSocketClient({
    createWebSocket: nodeWebSocket,
    onlineEvents: null,
    ...options,
  });
  clients.push(created);
  return created;
}

function nextEvent<T>(subscribe: (listener: (value: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((value) => {
      off();
      resolve(value);
    });
  });
}

describe('WebSocketClient', () => {
  it('WSC-001 Connects to WebSocket URL', async () => {
    server = await startTestServer();
    const urls: string[] = [];
    const ws = client({
      url: server.syncUrl,
      createWebSocket: (url) => (urls.push(url), nodeWebSocket(url)),
    });
    const hello = await ws.connect();
    expect(urls).toEqual([server.syncUrl]);
    expect(hello.type).toBe('welcome');
  });

  it('WSC-002 Handles connection open', async () => {
    server = await startTestServer();
    const ws = client({ url: server.syncUrl });
    const states: string[] = [];
    ws.on('stateChanged', (state) => states.push(state));
    const opened = nextEvent<{ reconnect: boolean }>((l) => ws.on('open', l));
    await ws.connect();
    expect((await opened).reconnect).toBe(false);
    expect(ws.isOpen).toBe(true);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('WSC-003 Handles connection close', async () => {
    server = await startTestServer();
    const ws = client({ url: server.syncUrl, reconnect: { maxAttempts: 0 } });
    await ws.connect();
    const closed = nextEvent<{ code: number; willReconnect: boolean }>((l) => ws.on('close', l));
    await server.close();
    server = null;
    const event = await closed;
    expect(event.code).toBe(4009); // the server's shutdown code
    expect(ws.isOpen).toBe(false);
  });

  it('WSC-004 Handles connection error', async () => {
    server = await startTestServer();
    const url = server.syncUrl;
    await server.close();
    server = null;
    const ws = client({ url });
    const errors: string[] = [];
    ws.on('error', (event) => errors.push(event.code));
    await expect(ws.connect()).rejects.toThrow();
    expect(errors).toEqual(['CONNECTION_FAILED']);
    expect(ws.state).toBe('idle');
  });

  it('WSC-005 Sends JSON messages', async () => {
    server = await startTestServer();
    const recorder = recordingFactory();
    const ws = client({ url: server.syncUrl, createWebSocket: recorder.factory });
    await ws.connect();
    const id = ws.send('ping', { clientTime: 42 });
    expect(recorder.sent.at(-1)).toMatchObject({ type: 'ping', id, payload: { clientTime: 42 } });
    const pong = await nextEvent<ServerMessage>((l) => ws.on('message', l));
    expect(pong).toMatchObject({ type: 'pong', replyTo: id, payload: { clientTime: 42 } });
  });

  it('WSC-006 Receives and parses JSON messages', async () => {
    server = await startTestServer();
    const ws = client({ url: server.syncUrl });
    await ws.connect();
    const reply = nextEvent<ServerMessage>((l) => ws.on('message', l));
    ws.send('room.create', { displayName: 'A' });
    const message = await reply;
    expect(message.type).toBe('room.joined');
    if (message.type !== 'room.joined') return;
    expect(message.payload.role).toBe('host');
  });

  it('WSC-007 Emits message events', async () => {
    server = await startTestServer();
    const ws = client({ url: server.syncUrl });
    await ws.connect();
    const types: string[] = [];
    ws.on('message', (message) => types.push(message.type));
    ws.send('room.create', {});
    await vi.waitFor(() => expect(types).toEqual(['room.joined', 'sync.state', 'room.users']));
  });

  it('WSC-010 Implements ping/pong heartbeat', async () => {
    server = await startTestServer();
    const recorder = recordingFactory();
    const ws = client({
      url: server.syncUrl,
      createWebSocket: recorder.factory,
      heartbeatIntervalMs: 30,
    });
    let pongs = 0;
    ws.on('message', (message) => (pongs += message.type === 'pong' ? 1 : 0));
    await ws.connect();
    await vi.waitFor(() => expect(pongs).toBeGreaterThanOrEqual(3));
    expect(
      recorder.sent.filter((message) => message.type === 'ping').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('WSC-011 Calculates RTT from pong', () => {
    let now = 0;
    const fake = fakeFactory();
    const ws = client({ url: 'ws://x/sync', createWebSocket: fake.factory, now: () => now });
    void ws.connect();
    const socket = fake.sockets[0];
    socket?.handshake();
    const pong = (clientTime: number, serverTime: number) =>
      socket?.serverSend({
        type: 'pong',
        id: `p${clientTime}`,
        timestamp: serverTime,
        payload: { clientTime, serverTime },
      });
    now = 100;
    pong(60, 5000); // 40 ms
    expect(ws.rtt).toBe(40);
    now = 300;
    pong(220, 5200); // 80 ms: smoothed 40 · 7/8 + 80 / 8
    expect(ws.rtt).toBeCloseTo(45, 6);
  });

  it('WSC-012 Detects connection timeout', () => {
    vi.useFakeTimers();
    let now = 0;
    const fake = fakeFactory();
    const ws = client({
      url: 'ws://x/sync',
      createWebSocket: fake.factory,
      now: () => now,
      heartbeatIntervalMs: 100,
      heartbeatTimeoutMs: 350,
    });
    const errors: string[] = [];
    ws.on('error', (event) => errors.push(event.code));
    void ws.connect();
    fake.sockets[0]?.handshake();
    for (let i = 0; i < 5; i++) {
      now += 100;
      vi.advanceTimersByTime(100);
    }
    expect(errors).toEqual(['HEARTBEAT_TIMEOUT']);
    expect(fake.sockets[0]?.closedWith).toBe(4000);
    expect(ws.state).toBe('reconnecting');
  });

  it('WSC-012 A heartbeat timer that ran late (background tab) is not a timeout', () => {
    vi.useFakeTimers();
    let now = 0;
    const fake = fakeFactory();
    const ws = client({
      url: 'ws://x/sync',
      createWebSocket: fake.factory,
      now: () => now,
      heartbeatIntervalMs: 100,
      heartbeatTimeoutMs: 350,
    });
    const errors: string[] = [];
    ws.on('error', (event) => errors.push(event.code));
    void ws.connect();
    fake.sockets[0]?.handshake();
    now += 60_000; // the tab slept: the timer fires once, a minute late
    vi.advanceTimersByTime(100);
    expect(errors).toEqual([]);
    expect(fake.sockets[0]?.messages.at(-1)?.type).toBe('ping');
  });

  it('WSC-020 Reconnects on unexpected close', async () => {
    server = await startTestServer();
    const port = server.port;
    const ws = client({ url: server.syncUrl, reconnect: { baseDelayMs: 50, jitter: 0 } });
    await ws.connect();
    const reopened = nextEvent<{ reconnect: boolean }>((l) => ws.on('open', l));
    await server.close();
    server = await startTestServer({ port });
    expect((await reopened).reconnect).toBe(true);
    expect(ws.isOpen).toBe(true);
  });

  it('WSC-021 Applies backoff delay', () => {
    const policy = { ...DEFAULT_RECONNECT_POLICY, jitter: 0 };
    const delays = Array.from({ length: 10 }, (_, i) => reconnectDelay(i + 1, policy));
    expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    // Jitter stays within ±20 % and never exceeds the cap.
    expect(reconnectDelay(3, DEFAULT_RECONNECT_POLICY, () => 0)).toBe(1600);
    expect(reconnectDelay(3, DEFAULT_RECONNECT_POLICY, () => 1)).toBe(2400);
    expect(reconnectDelay(9, DEFAULT_RECONNECT_POLICY, () => 1)).toBe(30000);
    // And the client waits exactly that long between attempts.
    vi.useFakeTimers();
    const fake = fakeFactory();
    const ws = client({
      url: 'ws://x/sync',
      createWebSocket: fake.factory,
      reconnect: { jitter: 0 },
    });
    const scheduled: number[] = [];
    ws.on('reconnecting', (event) => scheduled.push(event.delayMs));
    void ws.connect();
    fake.sockets[0]?.handshake();
    fake.sockets[0]?.serverClose(1006);
    vi.advanceTimersByTime(0);
    fake.sockets[1]?.serverClose(1006);
    vi.advanceTimersByTime(999);
    expect(fake.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(fake.sockets).toHaveLength(3);
    expect(scheduled).toEqual([0, 1000]);
  });

  it('WSC-022 Limits reconnection attempts', () => {
    vi.useFakeTimers();
    const fake = fakeFactory();
    const ws = client({
      url: 'ws://x/sync',
      createWebSocket: fake.factory,
      reconnect: { maxAttempts: 3, jitter: 0 },
    });
    const exhausted: number[] = [];
    ws.on('reconnectExhausted', (event) => exhausted.push(event.attempts));
    void ws.connect();
    fake.sockets[0]?.handshake();
    fake.sockets[0]?.serverClose(1006);
    for (let i = 1; i <= 3; i++) {
      vi.advanceTimersByTime(10_000);
      fake.sockets[i]?.serverClose(1006);
    }
    vi.advanceTimersByTime(60_000);
    expect(fake.sockets).toHaveLength(4); // the original + 3 attempts
    expect(exhausted).toEqual([3]);
    expect(ws.state).toBe('idle');
  });

  it('WSC-022 No retry after a fatal close code (room ended)', () => {
    const fake = fakeFactory();
    const ws = client({ url: 'ws://x/sync', createWebSocket: fake.factory });
    const closes: Array<{ fatal: boolean; willReconnect: boolean }> = [];
    ws.on('close', (event) => closes.push(event));
    void ws.connect();
    fake.sockets[0]?.handshake();
    fake.sockets[0]?.serverClose(4004);
    expect(closes).toEqual([{ code: 4004, reason: '', fatal: true, willReconnect: false }]);
    expect(fake.sockets).toHaveLength(1);
  });

  it('WSC-021 Retries early on the online event', () => {
    vi.useFakeTimers();
    const listeners: Array<() => void> = [];
    const fake = fakeFactory();
    const ws = client({
      url: 'ws://x/sync',
      createWebSocket: fake.factory,
      reconnect: { jitter: 0 },
      onlineEvents: {
        addEventListener: (_t, l) => listeners.push(l),
        removeEventListener: () => undefined,
      },
    });
    void ws.connect();
    fake.sockets[0]?.handshake();
    fake.sockets[0]?.serverClose(1006);
    vi.advanceTimersByTime(0);
    fake.sockets[1]?.serverClose(1006); // next attempt waits 1 s…
    expect(fake.sockets).toHaveLength(2);
    for (const listener of listeners) listener(); // …unless the browser comes back online
    expect(fake.sockets).toHaveLength(3);
  });

  it('WSC-030 Validates message schema', () => {
    const fake = fakeFactory();
    const ws = client({ url: 'ws://x/sync', createWebSocket: fake.factory });
    const invalid: string[] = [];
    const messages: string[] = [];
    ws.on('invalidMessage', (error) => invalid.push(`${error.code} ${error.path ?? ''}`));
    ws.on('message', (message) => messages.push(message.type));
    void ws.connect();
    fake.sockets[0]?.handshake();
    fake.sockets[0]?.serverSend({
      type: 'pong',
      id: 'abc',
      timestamp: 1,
      payload: { clientTime: 'soon', serverTime: 1 },
    });
    fake.sockets[0]?.serverSend({ type: 'nonsense', id: 'abc', timestamp: 1, payload: {} });
    expect(invalid).toEqual(['INVALID_MESSAGE /payload/clientTime', 'UNKNOWN_TYPE /type']);
    expect(messages).toEqual([]);
  });

  it('WSC-031 Rejects malformed messages', () => {
    const fake = fakeFactory();
    const ws = client({ url: 'ws://x/sync', createWebSocket: fake.factory });
    const invalid: string[] = [];
    ws.on('invalidMessage', (error) => invalid.push(error.code));
    void ws.connect();
    fake.sockets[0]?.serverOpen();
    fake.sockets[0]?.serverSend('{not json');
    fake.sockets[0]?.serverSend(welcome(5));
    expect(invalid).toEqual(['INVALID_JSON']);
    expect(ws.isOpen).toBe(true); // a bad frame does not break the connection
  });
});
