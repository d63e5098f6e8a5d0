// Property test: random and garbage messages never crash the server, and each one gets a
// valid reply or is dropped by a documented rule (rate limit on ephemeral traffic, abuse close).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_MESSAGE_TYPES,
  CLOSE_CODES,
  createClientMessage,
  serializeMessage,
  type ClientMessageType,
} from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';

let server: RunningServer;

beforeAll(async () => {
  // Generous limits so the property sees the pipeline, not only the rate limiter.
  server = await startTestServer({
    stateRate: 10_000,
    stateBurst: 10_000,
    liveRate: 10_000,
    liveBurst: 10_000,
    roomOpRate: 10_000,
    roomOpBurst: 10_000,
    maxViolations: 10_000,
    maxRoomsPerAddress: 10_000,
  });
});
afterAll(async () => {
  await server.close();
});

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const typeName = fc.oneof(
  fc.constantFrom<ClientMessageType>(...CLIENT_MESSAGE_TYPES),
  fc.string({ maxLength: 20 }),
);
/** Structurally plausible messages: right envelope shape, random type and payload. */
const plausible = fc
  .record({
    type: typeName,
    id: fc.oneof(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.string()),
    timestamp: fc.oneof(fc.double(), fc.integer()),
    payload: jsonValue,
  })
  .map((value) => JSON.stringify(value));
const garbage = fc.oneof(
  fc.string({ maxLength: 200 }),
  jsonValue.map((value) => JSON.stringify(value)),
  fc.constantFrom('', '{', '{"type":', 'null', '[]', '"\\ud800"', '{"__proto__":{"x":1}}'),
);
const frame = fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 2, arbitrary: garbage });

/**
 * Accepted messages whose sender gets nothing back, by design: live traffic is relayed to
 * the others only, and removing annotations that do not exist changes nothing.
 */
const SILENT_OK = new Set(['live.cursor', 'live.stroke', 'sync.annotation']);

describe('fuzz', () => {
  it('random messages never crash the server; every one is answered or dropped by rule', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(frame, { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        async (frames, inRoom) => {
          const host = await createRoom(server.syncUrl);
          const client = inRoom
            ? (await joinRoom(server.syncUrl, host.joined.payload.roomId)).client
            : await TestClient.greeted(server.syncUrl);
          try {
            for (const data of frames) {
              if (client.ws.readyState !== client.ws.OPEN) break;
              const before = client.received.length;
              let parsed: { type?: unknown; id?: unknown } | null = null;
              try {
                const value: unknown = JSON.parse(data);
                parsed =
                  typeof value === 'object' && value !== null && !Array.isArray(value)
                    ? (value as { type?: unknown; id?: unknown })
                    : null;
              } catch {
                parsed = null;
              }
              client.sendRaw(data);
              // A ping with a fresh id marks "everything before it was processed".
              const pong = await client
                .request('ping', { clientTime: 1 }, 'pong')
                .catch(() => null);
              if (!pong) {
                // The only reasons for the socket to go away are documented close codes.
                const code = await client.closed;
                expect([
                  CLOSE_CODES.ROOM_ENDED.code,
                  CLOSE_CODES.ABUSE.code,
                  CLOSE_CODES.TOO_MANY_ATTEMPTS.code,
                  CLOSE_CODES.VERSION_MISMATCH.code,
                ]).toContain(code);
                break;
              }
              const replies = client.received
                .slice(before)
                .filter((message) => message.type !== 'pong');
              const silentByRule = typeof parsed?.type === 'string' && SILENT_OK.has(parsed.type);
              if (!silentByRule)
                expect(replies.length, `no reply to ${data.slice(0, 120)}`).toBeGreaterThan(0);
            }
            expect(client.invalid).toEqual([]);
          } finally {
            await client.close();
            await host.client.close();
          }
        },
      ),
      { numRuns: 60 },
    );
    // Still healthy and serving rooms afterwards.
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    const after = await createRoom(server.syncUrl);
    await after.client.close();
  });

  it('every valid message type in every phase gets a reply or is silent by rule', async () => {
    const samples = CLIENT_MESSAGE_TYPES.filter((type) => type !== 'hello');
    const client = await TestClient.greeted(server.syncUrl);
    const ids: string[] = [];
    for (const type of samples) {
      // Deliberately empty payloads: invalid for most types, valid for a few (room.create…).
      const message = createClientMessage(type, {} as never);
      ids.push(message.id);
      client.sendRaw(serializeMessage(message));
    }
    await client.request('ping', { clientTime: 1 }, 'pong');
    for (const [index, id] of ids.entries()) {
      // A valid user.presence (once room.create made this client a member) is answered by the
      // room.users broadcast, which names no request.
      const answered =
        client.received.some((message) => message.replyTo === id) ||
        (samples[index] === 'user.presence' &&
          client.received.some((m) => m.type === 'room.users'));
      expect(answered, samples[index]).toBe(true);
    }
    await client.close();
  });
});
