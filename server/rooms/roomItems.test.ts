// The annotation index: a remove of m ids is checked in O(m) (each id looked up once, not
// every annotation against every id), and the byte totals follow every change.
import { describe, expect, it } from 'vitest';
import { createDefaultRoomState, type Annotation } from '../../src/protocol/index';
import type { ChangeContext } from '../store/RoomStore';
import { buildIndex, byteSize, roomIndex } from './roomItems';
import { applyChangeRequest, type SequencedRoom } from './roomLogic';

const context: ChangeContext = {
  userId: 'u1',
  replyTo: 'm1',
  now: 1,
  limits: { maxAnnotations: 100_000, maxNotes: 10, changeLogSize: 10 },
};
const host = { userId: 'u1', role: 'host' as const };

function annotation(i: number): Annotation {
  return {
    id: `u1-${i}`,
    frame: i % 50,
    tool: 'pen',
    color: '#ff0000',
    width: 2,
    points: [i, i, 0.5],
    author: 'u1',
    createdAt: 0,
  };
}

function roomWith(count: number): SequencedRoom {
  const state = createDefaultRoomState();
  state.annotations = Array.from({ length: count }, (_, i) => annotation(i));
  return { roomId: 'ABCD-EFGH', version: 0, hostPlaybackVersion: 0, state };
}

describe('annotation index', () => {
  it('removing 1,000 ids from 10,000 annotations reads each id once', () => {
    const room = roomWith(10_000);
    const ids = Array.from({ length: 1000 }, (_, i) => `u1-${i * 7}`);
    let reads = 0;
    const counted = new Proxy(ids, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const outcome = applyChangeRequest(
      room,
      { kind: 'annotation', op: { op: 'remove', ids: counted } },
      host,
      context,
    );
    expect(outcome.status).toBe('applied');
    // O(n·m) scanned the id list for every annotation: millions of reads.
    expect(reads).toBeLessThanOrEqual(2 * ids.length);
    expect(room.state.annotations).toHaveLength(9000);
    expect(roomIndex(room).annotations.size).toBe(9000);
  });

  it('keeps the byte totals equal to a fresh measurement after adds, replaces and removes', () => {
    const room = roomWith(20);
    const add = (item: Annotation) =>
      applyChangeRequest(
        room,
        { kind: 'annotation', op: { op: 'add', annotation: item } },
        host,
        context,
      );
    add({ ...annotation(100), points: Array.from({ length: 300 }, (_, i) => i) });
    add({ ...annotation(3), text: 'replaced with a longer one' });
    applyChangeRequest(
      room,
      { kind: 'annotation', op: { op: 'remove', ids: ['u1-5', 'u1-6', 'nope'] } },
      host,
      context,
    );
    applyChangeRequest(room, { kind: 'annotation', op: { op: 'clear', frame: 7 } }, host, context);
    const fresh = buildIndex(room.state);
    expect(roomIndex(room).annotationBytes).toBe(fresh.annotationBytes);
    expect(roomIndex(room).annotationBytes).toBe(
      room.state.annotations.reduce((sum, item) => sum + byteSize(item), 0),
    );
  });
});
