// Helpers that put test clients into rooms through the real protocol.
import { PROTOCOL_VERSION, type ServerMessageOf } from '../../../src/protocol/index';
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
