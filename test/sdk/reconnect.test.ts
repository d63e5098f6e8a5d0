// The SDK's automatic reconnect against the real server: a dropped socket is replaced, the room
// resumed and caught up on changes made meanwhile, and a request made while down goes through
// after; a server that stays away ends in `close` after the attempts; `reconnect: false` and a
// room that ended close at once.
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { connect, type ConnectOptions, type ReelSyncClient } from '../../sdk/node';
import type { WebSocketLike } from '../../sdk/socket';
import { startTestServer } from '../server/helpers/server';
import { waitFor } from '../support/waitFor';

let server: RunningServer | null = null;
const clients: ReelSyncClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await server?.close();
  server = null;
});

/** A client whose sockets the test can cut (terminate: the network drops, no close frame). */
async function client(url: string, options: ConnectOptions = {}) {
  const sockets: WebSocket[] = [];
  const made = await connect(url, {
    timeoutMs: 5000,
    webSocket: (address) => {
      const socket = new WebSocket(address);
      sockets.push(socket);
      return socket as unknown as WebSocketLike;
    },
    ...options,
  });
  clients.push(made);
  const events: string[] = [];
  made.on('reconnecting', ({ attempt }) => events.push(`reconnecting ${attempt}`));
  made.on('reconnected', ({ room }) => events.push(`reconnected ${room}`));
  made.on('close', () => events.push('close'));
  return { client: made, events, cut: () => sockets.at(-1)?.terminate() };
}

describe('SDK reconnect', () => {
  it('resumes the room after a drop, caught up, and sends what was asked meanwhile', async () => {
    server = await startTestServer();
    const host = await client(server.url);
    const room = await host.client.createRoom({ name: 'Host' });
    const guest = await client(server.url, { reconnect: { baseDelayMs: 200 } });
    await guest.client.joinRoom(room.roomId, { name: 'Guest' });

    guest.cut();
    await waitFor(() => guest.events.includes('reconnecting 1'), { what: 'reconnecting' });
    // While the guest is away the host moves the room; the guest's own seek waits for the resume.
    await host.client.seek(200);
    const seek = guest.client.seek(300);
    await waitFor(() => guest.events.includes(`reconnected ${room.roomId}`), {
      what: 'reconnected',
    });
    expect((await seek).motion.anchorFrame).toBe(300);
    await waitFor(() => host.client.state?.motion.anchorFrame === 300, { what: 'host at 300' });
    expect(guest.client.version).toBe(host.client.version);
    expect(guest.client.room).toMatchObject({ roomId: room.roomId, role: 'participant' });
    // One member, not a second "Guest": the session was resumed, not rejoined.
    expect(host.client.users.map((user) => user.displayName).sort()).toEqual(['Guest', 'Host']);
  });

  it('gives up after the attempts when the server stays away, failing what waits', async () => {
    server = await startTestServer();
    const lonely = await client(server.url, {
      reconnect: { baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 3 },
    });
    await lonely.client.createRoom();
    await server.close();
    server = null;
    const waiting = lonely.client.seek(10).catch((error: unknown) => error);
    await waitFor(() => lonely.events.includes('close'), { what: 'close', timeoutMs: 8000 });
    expect(lonely.events.filter((event) => event.startsWith('reconnecting'))).toEqual([
      'reconnecting 1',
      'reconnecting 2',
      'reconnecting 3',
    ]);
    expect(await waiting).toMatchObject({ code: 'CLOSED' });
  });

  it('closes at once with reconnect: false, and when the room ended', async () => {
    server = await startTestServer();
    const host = await client(server.url);
    const room = await host.client.createRoom();
    const once = await client(server.url, { reconnect: false });
    await once.client.joinRoom(room.roomId);
    once.cut();
    await waitFor(() => once.events.includes('close'), { what: 'close' });
    expect(once.events).toEqual(['close']);

    const guest = await client(server.url, { reconnect: { baseDelayMs: 20 } });
    await guest.client.joinRoom(room.roomId);
    const ended: string[] = [];
    guest.client.on('ended', ({ reason }) => ended.push(reason));
    await host.client.endRoom();
    await waitFor(() => guest.events.includes('close'), { what: 'the guest closed' });
    expect(ended).toEqual(['host']);
    expect(guest.events).toEqual(['close']);
  });
});
