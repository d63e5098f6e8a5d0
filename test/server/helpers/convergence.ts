// Seeded random edit scripts, and the client side that replays what a member received, shared
// by the single-instance convergence property and the multi-instance one (test/redis).
import fc from 'fast-check';
import { RoomMirror } from '../../../src/network/RoomMirror';
import {
  DEFAULT_MOTION,
  applyServerChange,
  isServerChange,
  type RoomState,
  type ServerChange,
} from '../../../src/protocol/index';
import type { Joined } from './rooms';
import type { TestClient } from './TestClient';

/** Applies a sequenced change to `state` in place, through the shared reducer. */
export function apply(state: RoomState, change: ServerChange): void {
  Object.assign(state, applyServerChange(state, change));
}

/** The sequenced changes a test client received, in arrival order. */
export function changesReceived(client: TestClient): ServerChange[] {
  return client.received.filter(isServerChange);
}

/**
 * A real client room mirror (RoomMirror) fed what `member` received: its join snapshot,
 * then every sequenced change in arrival order, as the browser client does.
 */
export function mirrorOf(member: Joined, hostId: string): RoomMirror {
  if (member.state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
  const mirror = new RoomMirror({ send: () => null, canSend: () => false });
  mirror.setSnapshot(member.state.payload.version, member.state.payload.state);
  mirror.hostId = hostId;
  const { userId, role } = member.joined.payload;
  for (const change of changesReceived(member.client)) mirror.applyChange(change, userId, role);
  return mirror;
}

export type Op =
  | { kind: 'seek'; frame: number }
  | { kind: 'zoom'; zoom: number }
  | { kind: 'exposure'; value: number }
  | { kind: 'stroke'; n: number; frame: number }
  | { kind: 'erase'; n: number }
  | { kind: 'clear'; frame: number }
  | { kind: 'note'; n: number };

export const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('seek' as const), frame: fc.integer({ min: 1, max: 1440 }) }),
  fc.record({
    kind: fc.constant('zoom' as const),
    zoom: fc.double({ min: 0.1, max: 8, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('exposure' as const),
    value: fc.double({ min: -5, max: 5, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('stroke' as const),
    n: fc.integer({ min: 0, max: 5 }),
    frame: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('erase' as const), n: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('clear' as const), frame: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('note' as const), n: fc.integer({ min: 0, max: 3 }) }),
);

export function send(client: TestClient, userId: string, action: Op, version: number): void {
  switch (action.kind) {
    case 'seek':
      client.send('sync.playback', {
        motion: { ...DEFAULT_MOTION, anchorFrame: action.frame, anchorTime: Date.now() },
        baseVersion: version,
      });
      return;
    case 'zoom':
      client.send('sync.view', {
        view: { zoom: action.zoom, pan: { x: 0, y: 0 }, fit: false, channel: 'rgb' },
      });
      return;
    case 'exposure':
      client.send('sync.color', {
        color: {
          exposure: action.value,
          gamma: 1,
          contrast: 1,
          saturation: 1,
          brightness: 0,
          temperature: 0,
          tint: 0,
        },
      });
      return;
    case 'stroke':
      client.send('sync.annotation', {
        op: 'add',
        annotation: {
          id: `${userId}-${action.n}`,
          frame: action.frame,
          tool: 'pen',
          color: '#ff8800',
          width: 2,
          points: [action.n, action.frame, 0.5],
        },
      });
      return;
    case 'erase':
      client.send('sync.annotation', { op: 'remove', ids: [`${userId}-${action.n}`] });
      return;
    case 'clear':
      client.send('sync.annotation', { op: 'clear', frame: action.frame });
      return;
    case 'note':
      client.send('sync.note', {
        op: 'add',
        note: { id: `${userId}-note-${action.n}`, frame: 1, text: `note ${action.n}` },
      });
      return;
  }
}
