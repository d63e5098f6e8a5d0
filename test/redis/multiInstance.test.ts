// Several instances, one Redis: members on different instances share one room (presence,
// playback, annotations, cursors); a SIGKILLed instance's clients resume on another with
// nothing lost while its silent users are removed and the host role passes on; rooms
// survive restarting every instance; concurrent edits from both instances end in one order.
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MOTION, type ServerChange } from '../../src/protocol/index';
import type { RunningServer } from '../../server/index';
import { apply, op, send } from '../server/helpers/convergence';
import { createRoom, joinRoom, reachVersion, type Joined } from '../server/helpers/rooms';
import { TEST_REDIS_URL, deletePrefix, uniquePrefix } from '../server/helpers/server';
import { TestClient } from '../server/helpers/TestClient';
import { spawnInstance, startRedisInstance, type Instance } from './helpers/instances';

const prefixes: string[] = [];
const cleanups: Array<() => Promise<unknown>> = [];
function prefixForTest(label: string): string {
  const prefix = uniquePrefix(label);
  prefixes.push(prefix);
  return prefix;
}
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(prefix);
});

function track<T extends { close(): Promise<unknown> }>(item: T): T {
  cleanups.push(() => item.close());
  return item;
}
function trackJoined(joined: Joined): Joined {
  track(joined.client);
  return joined;
}
function trackInstance(instance: Instance): Instance {
  cleanups.push(() => instance.kill('SIGKILL'));
  return instance;
}

/** New annotation ids start with their author's user id (the server refuses others). */
const idOf = (member: { joined: { payload: { userId: string } } }, name: string) =>
  `${member.joined.payload.userId}-${name}`;

const annotation = (id: string, frame = 1) => ({
  id,
  frame,
  tool: 'pen' as const,
  color: '#ff8800',
  width: 2,
  points: [1, 2, 0.5, 3, 4, 0.5],
});

/** Waits for a member list satisfying the predicate. */
function usersWhere(
  client: TestClient,
  predicate: (users: Array<{ userId: string; role: string; connected: boolean }>) => boolean,
  timeoutMs = 8000,
) {
  return client.next('room.users', (message) => predicate(message.payload.users), timeoutMs);
}

describe('two instances, one Redis', () => {
  it('members on both instances see each other and share playback, annotations and cursors', async () => {
    const prefix = prefixForTest('pair');
    const one = track(await startRedisInstance(prefix));
    const two = track(await startRedisInstance(prefix));
    const host = trackJoined(await createRoom(one.syncUrl, { displayName: 'Ana' }));
    const { roomId } = host.joined.payload;
    const guest = trackJoined(await joinRoom(two.syncUrl, roomId, { displayName: 'Ben' }));

    const both = await usersWhere(host.client, (users) => users.length === 2);
    expect(both.payload.users.map((user) => user.displayName)).toEqual(['Ana', 'Ben']);

    // Playback from the guest (instance two) reaches the host (instance one), same version.
    const motion = { ...DEFAULT_MOTION, playing: true, anchorFrame: 240, anchorTime: Date.now() };
    const sent = guest.client.send('sync.playback', { motion, baseVersion: 0 });
    const echo = await guest.client.next('sync.playback', (m) => m.replyTo === sent);
    const seen = await host.client.next('sync.playback', (m) => m.replyTo === sent);
    expect(seen.version).toBe(echo.version);
    expect(seen.payload.motion).toEqual(motion);

    // An annotation from the host reaches the guest.
    host.client.send('sync.annotation', { op: 'add', annotation: annotation(idOf(host, 'a-1')) });
    const drawn = await guest.client.next('sync.annotation');
    expect(drawn.payload).toMatchObject({
      op: 'add',
      annotation: { id: idOf(host, 'a-1'), author: host.joined.payload.userId },
    });

    // Cursors are relayed across instances (to the others only) and never stored.
    guest.client.send('live.cursor', { x: 10, y: 20, frame: 240, visible: true });
    const cursor = await host.client.next('live.cursor');
    expect(cursor.userId).toBe(guest.joined.payload.userId);
    expect(cursor.payload).toMatchObject({ x: 10, y: 20 });
    await guest.client.request('ping', { clientTime: 0 }, 'pong');
    expect(guest.client.all('live.cursor')).toHaveLength(0);

    // A late joiner on instance two gets both changes in its snapshot.
    const late = trackJoined(await joinRoom(two.syncUrl, roomId));
    expect(late.state.payload).toMatchObject({ mode: 'snapshot', version: 2 });
    if (late.state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(late.state.payload.state.motion).toEqual(motion);
    expect(late.state.payload.state.annotations.map((item) => item.id)).toEqual([
      idOf(host, 'a-1'),
    ]);
  });

  it('PIN attempt limits and rooms per address hold across instances', async () => {
    const prefix = prefixForTest('limits');
    const options = { pinAttemptsPerAddress: 3, maxRoomsPerAddress: 2 };
    const one = track(await startRedisInstance(prefix, options));
    const two = track(await startRedisInstance(prefix, options));
    const host = trackJoined(await createRoom(one.syncUrl, { pin: '4821' }));
    const { roomId } = host.joined.payload;
    const wrong = async (url: string) => {
      const client = track(await TestClient.greeted(url));
      const id = client.send('room.join', { roomId, pin: '0000' });
      return (await client.errorFor(id)).payload.code;
    };
    expect(await wrong(one.syncUrl)).toBe('BAD_PIN');
    expect(await wrong(two.syncUrl)).toBe('BAD_PIN');
    expect(await wrong(one.syncUrl)).toBe('BAD_PIN');
    expect(await wrong(two.syncUrl)).toBe('TOO_MANY_ATTEMPTS');

    // One room from this address on instance one; the second on instance two; a third anywhere is refused.
    trackJoined(await createRoom(two.syncUrl));
    const third = track(await TestClient.greeted(one.syncUrl));
    const id = third.send('room.create', {});
    expect((await third.errorFor(id)).payload.code).toBe('TOO_MANY_ROOMS');
  });

  it('SIGKILL one instance: its clients resume on the other with nothing lost; silent users leave and the host role passes on', async () => {
    const prefix = prefixForTest('kill');
    const args = ['--instance-ttl-ms', '1200', '--presence-grace-ms', '1500'];
    const [doomed, survivor] = await Promise.all([
      spawnInstance(prefix, args).then(trackInstance),
      spawnInstance(prefix, args).then(trackInstance),
    ]);
    const host = trackJoined(await createRoom(doomed.syncUrl, { displayName: 'Host' }));
    const { roomId } = host.joined.payload;
    const ben = trackJoined(await joinRoom(survivor.syncUrl, roomId, { displayName: 'Ben' }));
    const cleo = trackJoined(await joinRoom(doomed.syncUrl, roomId, { displayName: 'Cleo' }));
    // Work done before the crash: annotations from both instances, a host seek.
    host.client.send('sync.annotation', {
      op: 'add',
      annotation: annotation(idOf(host, 'host-1')),
    });
    cleo.client.send('sync.annotation', {
      op: 'add',
      annotation: annotation(idOf(cleo, 'cleo-1'), 2),
    });
    ben.client.send('sync.annotation', {
      op: 'add',
      annotation: annotation(idOf(ben, 'ben-1'), 3),
    });
    host.client.send('sync.frame', { frame: 500, baseVersion: 0 });
    await reachVersion(cleo.client, 4);
    const cleoVersion = 4;

    await doomed.kill('SIGKILL');
    await cleo.client.closed;
    // Ben keeps working while Cleo is away.
    ben.client.send('sync.annotation', {
      op: 'add',
      annotation: annotation(idOf(ben, 'ben-2'), 4),
    });
    await ben.client.next('sync.annotation', (m) => m.version === 5);

    // Cleo resumes on the surviving instance with her session token and last version.
    const back = track(await TestClient.greeted(survivor.syncUrl));
    const resumed = await back.request(
      'room.resume',
      { roomId, sessionToken: cleo.joined.payload.sessionToken, lastVersion: cleoVersion },
      'room.joined',
    );
    expect(resumed.payload).toMatchObject({ mode: 'resumed', userId: cleo.joined.payload.userId });
    const caughtUp = await back.next('sync.state');
    expect(caughtUp.payload).toMatchObject({ mode: 'changes', fromVersion: 4, version: 5 });
    if (caughtUp.payload.mode !== 'changes') throw new Error('expected changes');
    expect(caughtUp.payload.changes.map((change) => change.version)).toEqual([5]);

    // The host never comes back: shown disconnected, then removed; Ben (longest present) is host.
    await usersWhere(ben.client, (users) =>
      users.some((user) => user.userId === host.joined.payload.userId && !user.connected),
    );
    const after = await usersWhere(
      ben.client,
      (users) => !users.some((user) => user.userId === host.joined.payload.userId),
    );
    expect(
      after.payload.users.map((user) => [user.displayName, user.role, user.connected]),
    ).toEqual([
      ['Ben', 'host', true],
      ['Cleo', 'participant', true],
    ]);

    // Nothing was lost: every annotation and the seek are in the room.
    const stateId = back.send('sync.requestState', {});
    const final = await back.next('sync.state', (m) => m.replyTo === stateId);
    if (final.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(final.payload.state.annotations.map((item) => item.id).sort()).toEqual(
      [idOf(ben, 'ben-1'), idOf(ben, 'ben-2'), idOf(cleo, 'cleo-1'), idOf(host, 'host-1')].sort(),
    );
    expect(final.payload.state.motion.anchorFrame).toBe(500);
  }, 60_000);

  it('an instance taken for dead after a stall reconnects its members when it wakes', async () => {
    const prefix = prefixForTest('stall');
    const options = { instanceTtlMs: 600, presenceGraceMs: 60_000 };
    const one = track(await startRedisInstance(prefix, options));
    const two = track(await startRedisInstance(prefix, options));
    const host = trackJoined(await createRoom(one.syncUrl));
    const { roomId, userId } = host.joined.payload;
    const guest = trackJoined(await joinRoom(two.syncUrl, roomId));
    // What the others see when one's heartbeat expires: its key is gone, its members detached.
    const admin = new Redis(TEST_REDIS_URL);
    cleanups.push(async () => admin.disconnect());
    await admin.del(one.store.keys.instance(one.store.instanceId));
    await two.store.detachInstanceMembers(roomId, one.store.instanceId, Date.now());
    await usersWhere(guest.client, (users) =>
      users.some((user) => user.userId === userId && !user.connected),
    );
    // One's next heartbeat finds its key gone and reconnects the member whose socket is open.
    await usersWhere(guest.client, (users) =>
      users.some((user) => user.userId === userId && user.connected),
    );
    const id = host.client.send('sync.frame', { frame: 10, baseVersion: 0 });
    await guest.client.next('sync.playback', (m) => m.replyTo === id);
  });

  it('restarting every instance keeps the room, its state (audio slips too) and its annotations', async () => {
    const prefix = prefixForTest('restart');
    const first = await Promise.all([spawnInstance(prefix), spawnInstance(prefix)]);
    first.forEach(trackInstance);
    const host = await createRoom(first[0]?.syncUrl ?? '', { displayName: 'Host' });
    const { roomId, sessionToken } = host.joined.payload;
    const guest = await joinRoom(first[1]?.syncUrl ?? '', roomId);
    host.client.send('sync.annotation', {
      op: 'add',
      annotation: annotation(idOf(host, 'keep-1')),
    });
    guest.client.send('sync.annotation', {
      op: 'add',
      annotation: annotation(idOf(guest, 'keep-2'), 7),
    });
    host.client.send('sync.color', {
      color: {
        exposure: 1.5,
        gamma: 1,
        contrast: 1,
        saturation: 1,
        brightness: 0,
        temperature: 0,
        tint: 0,
      },
    });
    // Audio review settings live in the room's audio field (docs/audio.md).
    const shot = 'a'.repeat(64);
    guest.client.send('sync.audioTrack', { media: shot, settings: { slipMs: 40 } });
    await reachVersion(guest.client, 4);
    await Promise.all(first.map((instance) => instance.kill('SIGTERM')));
    await Promise.all([host.client.closed, guest.client.closed]);

    const second = await Promise.all([spawnInstance(prefix), spawnInstance(prefix)]);
    second.forEach(trackInstance);
    const back = track(await TestClient.greeted(second[1]?.syncUrl ?? ''));
    const resumed = await back.request(
      'room.resume',
      { roomId, sessionToken, lastVersion: 0 },
      'room.joined',
    );
    expect(resumed.payload).toMatchObject({ mode: 'resumed', role: 'host' });
    const state = await back.next('sync.state');
    expect(state.payload).toMatchObject({ version: 4 });
    const newcomer = trackJoined(await joinRoom(second[0]?.syncUrl ?? '', roomId));
    if (newcomer.state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(newcomer.state.payload.state.annotations.map((item) => item.id).sort()).toEqual(
      [idOf(host, 'keep-1'), idOf(guest, 'keep-2')].sort(),
    );
    expect(newcomer.state.payload.state.color.exposure).toBe(1.5);
    expect(newcomer.state.payload.state.audio.tracks).toEqual({ [shot]: { slipMs: 40 } });
  }, 60_000);

  it('concurrent random edits through both instances end in one order everywhere', async () => {
    const prefix = prefixForTest('order');
    const limits = {
      stateRate: 10_000,
      stateBurst: 10_000,
      roomOpRate: 1000,
      roomOpBurst: 1000,
      maxRoomsPerAddress: 1000,
    };
    const servers: RunningServer[] = [
      track(await startRedisInstance(prefix, limits)),
      track(await startRedisInstance(prefix, limits)),
    ];
    const url = (index: number) => servers[index % 2]?.syncUrl ?? '';
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { maxLength: 10 }), { minLength: 4, maxLength: 4 }),
        async (scripts) => {
          const host = await createRoom(url(0));
          const roomId = host.joined.payload.roomId;
          const members = [host];
          for (let i = 1; i < 4; i++) members.push(await joinRoom(url(i), roomId));
          try {
            members.forEach((member, index) => {
              for (const action of scripts[index] ?? [])
                send(member.client, member.joined.payload.userId, action, 0);
            });
            await Promise.all(
              members.map((m) => m.client.request('ping', { clientTime: 0 }, 'pong')),
            );
            const id = host.client.send('sync.requestState', {});
            const final = await host.client.next('sync.state', (m) => m.replyTo === id);
            if (final.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
            const { version, state } = final.payload;
            for (const member of members) {
              if (version > 0) await reachVersion(member.client, version);
              if (member.state.payload.mode !== 'snapshot') throw new Error('expected a snapshot');
              const local = structuredClone(member.state.payload.state);
              const changes = member.client.received.filter(
                (m): m is ServerChange => m.version !== undefined && m.type !== 'sync.state',
              );
              for (const change of changes) apply(local, change);
              expect(local).toEqual(state);
              // Every client, on either instance, saw versions 1..N once each, in order.
              expect(changes.map((m) => m.version)).toEqual(
                Array.from({ length: version }, (_, i) => i + 1),
              );
            }
          } finally {
            await Promise.all(members.map((member) => member.client.close()));
          }
        },
      ),
      { numRuns: 20, seed: 20261126 },
    );
  });
});
