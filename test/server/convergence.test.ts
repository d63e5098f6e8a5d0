// Seeded random concurrent edits from several clients (fast-check): every client's room mirror
// (a real RoomMirror fed its snapshot and broadcasts) ends with exactly the server's
// state, and all clients saw the same versions in the same order.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { changesReceived, mirrorOf, op, send } from './helpers/convergence';

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
              const versions = changesReceived(member.client).map((m) => m.version ?? -1);
              orders.push(versions);
              const mirror = mirrorOf(member, host.joined.payload.userId);
              expect(mirror.remoteState).toEqual(state);
              expect(mirror.version).toBe(version);
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
