// readCatchUp / streamCatchUp against the memory store: changes while the log has them, else a
// snapshot, null for a gone room; streaming skips what the session already has.
import { describe, expect, it } from 'vitest';
import {
  createDefaultRoomState,
  type RoomState,
  type ServerChange,
} from '../../src/protocol/index';
import { MemoryRoomStore } from '../store/MemoryRoomStore';
import type { ChangeContext, Member } from '../store/RoomStore';
import { readCatchUp, streamCatchUp } from './catchUp';
import type { Connection } from './Connection';

const ROOM = 'ABCD-EFGH';
const host: Member = {
  userId: 'host1',
  sessionTokenHash: 'x',
  displayName: 'Host',
  color: '#ffffff',
  role: 'host',
  joinedAt: 0,
  connected: true,
  connectionId: 'c1',
  status: 'active',
  mediaStatus: 'none',
};

async function roomWithChanges(count: number, changeLogSize: number): Promise<MemoryRoomStore> {
  const store = new MemoryRoomStore();
  await store.createRoom({
    meta: {
      roomId: ROOM,
      createdAt: 0,
      pinHash: null,
      hostTokenHash: 'h',
      capacity: 8,
      creatorAddress: '127.0.0.1',
      lastActiveAt: 0,
    },
    state: createDefaultRoomState(),
    host,
  });
  for (let i = 1; i <= count; i++) {
    const context: ChangeContext = {
      userId: host.userId,
      replyTo: `m${i}`,
      now: i,
      limits: { maxAnnotations: 10, maxNotes: 10, changeLogSize },
    };
    const view = { zoom: i, pan: { x: 0, y: 0 }, fit: false, channel: 'rgb' as const };
    await store.applyChange(ROOM, { kind: 'view', view }, context);
  }
  return store;
}

describe('catch-up', () => {
  it('gives the changes after a version while the log has them', async () => {
    const store = await roomWithChanges(4, 10);
    const catchUp = await readCatchUp(store, ROOM, 2);
    expect(catchUp).toMatchObject({ mode: 'changes', fromVersion: 2, version: 4 });
    if (catchUp?.mode !== 'changes') throw new Error('expected changes');
    expect(catchUp.changes.map((change) => change.version)).toEqual([3, 4]);
  });

  it('gives a snapshot when the log lost some, or no version is known; null without a room', async () => {
    const store = await roomWithChanges(5, 2);
    const truncated = await readCatchUp(store, ROOM, 1);
    expect(truncated).toMatchObject({ mode: 'snapshot', version: 5 });
    if (truncated?.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect((JSON.parse(truncated.state.toString()) as RoomState).view.zoom).toBe(5);
    expect(await readCatchUp(store, ROOM, undefined)).toMatchObject({ mode: 'snapshot' });
    expect(await readCatchUp(store, 'ZZZZ-ZZZZ', 0)).toBeNull();
  });

  it('streams changes one by one, skipping those at or below the starting version', async () => {
    const store = await roomWithChanges(3, 10);
    const catchUp = await readCatchUp(store, ROOM, 1);
    if (catchUp?.mode !== 'changes') throw new Error('expected changes');
    const older = catchUp.changes[0] as ServerChange;
    const withDuplicate = { ...catchUp, changes: [{ ...older, version: 1 }, ...catchUp.changes] };
    const sent: Array<[number | undefined, string]> = [];
    // The session is only written to for a snapshot; changes go through the callback.
    const session = {} as Connection;
    const reached = streamCatchUp(session, withDuplicate, (change, data) =>
      sent.push([change.version, data]),
    );
    expect(reached).toBe(3);
    expect(sent.map(([version]) => version)).toEqual([2, 3]);
    expect(JSON.parse(sent[0]?.[1] ?? '{}')).toEqual(catchUp.changes[0]);
  });
});
