// Helpers that put test clients into rooms through the real protocol.
import { afterEach } from 'vitest';
import { PROTOCOL_VERSION, type ServerMessageOf } from '../../../src/protocol/index';
import type { RunningServer } from '../../../server/index';
import { startTestServer } from './server';
import { TestClient } from './TestClient';
import { waitFor } from '../../support/waitFor';

export interface Joined {
  client: TestClient;
  joined: ServerMessageOf<'room.joined'>;
  state: ServerMessageOf<'sync.state'>;
}

export async function createRoom(
  url: string,
  payload: { displayName?: string; pin?: string } = {},
): Promise<Joined> {
  const client = await TestClient.greeted(url);
  const joined = await client.request('room.create', payload, 'room.joined');
  const state = await client.next('sync.state');
  await client.next('room.users');
  return { client, joined, state };
}

export async function joinRoom(
  url: string,
  roomId: string,
  payload: { displayName?: string; pin?: string; role?: 'participant' | 'viewer' } = {},
): Promise<Joined> {
  const client = await TestClient.greeted(url);
  const joined = await client.request('room.join', { roomId, ...payload }, 'room.joined');
  const state = await client.next('sync.state');
  await client.next('room.users');
  return { client, joined, state };
}

export { PROTOCOL_VERSION };

/** Waits until the client has received a sequenced change carrying `version`. */
export async function reachVersion(
  client: TestClient,
  version: number,
  timeoutMs = 8000,
): Promise<void> {
  await waitFor(
    () => client.received.some((m) => m.version === version && m.type !== 'sync.state'),
    { what: `a change with version ${version}`, timeoutMs },
  );
}

/** The room state a sync.state snapshot carries (throws for a list of changes). */
export function snapshotOf(message: ServerMessageOf<'sync.state'>) {
  if (message.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
  return message.payload.state;
}

/**
 * For a test file: each call starts a fresh real server with a host (Ana) and a guest (Bo) in
 * one room; everything is closed after each test (registered with afterEach here).
 */
export function roomsWithGuest(): () => Promise<{
  server: RunningServer;
  host: Joined;
  guest: Joined;
  /** Another member of the room (closed after the test too); a participant unless `role` says. */
  join: (displayName: string, role?: 'participant' | 'viewer') => Promise<Joined>;
}> {
  let server: RunningServer | null = null;
  const clients: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server?.close();
    server = null;
  });
  return async () => {
    const started = await startTestServer();
    server = started;
    const host = await createRoom(started.syncUrl, { displayName: 'Ana' });
    clients.push(host.client);
    const guest = await joinRoom(started.syncUrl, host.joined.payload.roomId, {
      displayName: 'Bo',
    });
    clients.push(guest.client);
    const roomId = host.joined.payload.roomId;
    const join = async (displayName: string, role?: 'participant' | 'viewer') => {
      const member = await joinRoom(
        started.syncUrl,
        roomId,
        role ? { displayName, role } : { displayName },
      );
      clients.push(member.client);
      return member;
    };
    return { server: started, host, guest, join };
  };
}
