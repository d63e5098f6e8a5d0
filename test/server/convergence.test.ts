// Seeded random concurrent edits from several clients (fast-check): every client that
// applies the broadcasts in version order ends with exactly the server's state, and all
// clients saw the same versions in the same order.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MOTION, type RoomState, type ServerChange } from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({
    stateRate: 10_000,
    stateBurst: 10_000,
    roomOpRate: 1000,
    roomOpBurst: 1000,
    maxRoomsPerAddress: 1000,
  });
});
afterAll(async () => {
  await server.close();
});

/** What a client does with a sequenced change (a minimal reference reducer). */
function apply(state: RoomState, change: ServerChange): void {
  switch (change.type) {
    case 'sync.playback':
      state.motion = change.payload.motion;
      return;
    case 'sync.view':
      state.view = change.payload.view;
      return;
    case 'sync.color':
      state.color = change.payload.color;
      return;
    case 'sync.audio':
      state.audio = change.payload.audio;
      return;
    case 'sync.media':
      state.media = change.payload.media;
      return;
    case 'room.settings':
      state.settings = change.payload.settings;
      return;
    case 'sync.annotation': {
      const { payload } = change;
      if (payload.op === 'add') {
        const index = state.annotations.findIndex((item) => item.id === payload.annotation.id);
        if (index >= 0) state.annotations[index] = payload.annotation;
        else state.annotations.push(payload.annotation);
      } else state.annotations = state.annotations.filter((item) => !payload.ids.includes(item.id));
      return;
    }
    case 'sync.note': {
      const { payload } = change;
      if (payload.op === 'upsert') {
        const index = state.notes.findIndex((note) => note.id === payload.note.id);
        if (index >= 0) state.notes[index] = payload.note;
        else state.notes.push(payload.note);
      } else state.notes = state.notes.filter((note) => note.id !== payload.id);
      return;
    }
  }
}

type Op =
  | { kind: 'seek'; frame: number }
  | { kind: 'zoom'; zoom: number }
  | { kind: 'exposure'; value: number }
  | { kind: 'stroke'; n: number; frame: number }
  | { kind: 'erase'; n: number }
  | { kind: 'clear'; frame: number }
  | { kind: 'note'; n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
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

function send(client: TestClient, userId: string, action: Op, version: number): void {
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

describe('convergence', () => {
  it('concurrent random edits from three clients end identical to the server state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { maxLength: 12 }), { minLength: 3, maxLength: 3 }),
        async (scripts) => {
          const host = await createRoom(server.syncUrl);
          const others = [
            await joinRoom(server.syncUrl, host.joined.payload.roomId),
            await joinRoom(server.syncUrl, host.joined.payload.roomId),
          ];
          const members = [host, ...others];
          try {
            // Everyone fires at once, interleaving on the server.
            members.forEach((member, index) => {
              for (const action of scripts[index] ?? [])
                send(member.client, member.joined.payload.userId, action, 0);
            });
            // A round trip per client marks "all my messages were handled".
            await Promise.all(
              members.map((member) => member.client.request('ping', { clientTime: 0 }, 'pong')),
            );
            const id = host.client.send('sync.requestState', {});
            const final = await host.client.next('sync.state', (m) => m.replyTo === id);
            if (final.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
            const { version, state } = final.payload;
            const orders: number[][] = [];
            for (const member of members) {
              // Broadcasts to the others may still be in flight when the host's answer arrives.
              const deadline = Date.now() + 3000;
              const hasFinal = () =>
                member.client.received.some(
                  (m) => m.version === version && m.type !== 'sync.state',
                );
              while (version > 0 && !hasFinal()) {
                if (Date.now() > deadline) throw new Error(`client never got version ${version}`);
                await new Promise((resolve) => setTimeout(resolve, 5));
              }
              if (member.state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
              const local = structuredClone(member.state.payload.state);
              const changes = member.client.received.filter(
                (m): m is ServerChange => m.version !== undefined && m.type !== 'sync.state',
              );
              const versions = changes.map((m) => m.version ?? -1);
              orders.push(versions);
              for (const change of changes) apply(local, change);
              expect(local).toEqual(state);
              expect(versions.at(-1) ?? 0).toBe(version);
            }
            // Same versions in the same order for everyone, without gaps.
            for (const versions of orders)
              expect(versions).toEqual(Array.from({ length: version }, (_, i) => i + 1));
          } finally {
            await Promise.all(members.map((member) => member.client.close()));
          }
        },
      ),
      { numRuns: 25, seed: 20261126 },
    );
  });
});
