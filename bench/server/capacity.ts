// 5. Capacity: memory per idle connection (server child RSS/heap after a full GC), and the
// largest rooms × users with 30 Hz live cursors one instance — and two instances sharing
// Redis — sustain before the p99 cursor latency passes 50 ms (rooms stepped up).
import { deletePrefix } from '../../test/server/helpers/server';
import { randomString } from '../../src/protocol/index';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';
import { SendTimes, Samples, round, summarize } from '../lib/stats';
import { closeAll, cursorMessage, openRooms, sleep, type BenchClient } from './clients';
import { formatMs, paced } from './harness';
import type { ServerKind } from './protocol';
import { cpuMs, spawnServer, type ServerHandle } from './spawn';

const REDIS_URL = process.env.REELSYNC_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MiB = 1024 * 1024;

// ---------------------------------------------------------------- memory per connection

interface MemoryRun {
  kind: ServerKind;
  connections: number;
  rssPerConnection: number;
  heapPerConnection: number;
  externalPerConnection: number;
  rssTotalMiB: number;
  connectSeconds: number;
}

async function measureMemory(kind: ServerKind, connections: number): Promise<MemoryRun> {
  const server = await spawnServer({ kind });
  let clients: BenchClient[] = [];
  try {
    // Marginal cost: from a tenth of the connections to all of them, so start-up allocations
    // and what the allocator returns after the first GC do not count.
    const roomSize = 10;
    const rooms = Math.ceil(connections / roomSize);
    const firstRooms = Math.max(1, Math.round(rooms / 10));
    const open = (count: number) =>
      openRooms(kind, [server.url], count, roomSize, {
        parse: false,
        onDelivery: () => undefined,
        parallelRooms: 20,
      });
    clients = (await open(firstRooms)).flat();
    await sleep(500);
    const before = await server.stats({ gc: true });
    const began = performance.now();
    clients.push(...(await open(rooms - firstRooms)).flat());
    const connectSeconds = (performance.now() - began) / 1000;
    await sleep(1000);
    const after = await server.stats({ gc: true });
    const n = clients.length - firstRooms * roomSize;
    return {
      kind,
      connections: clients.length,
      rssPerConnection: Math.round((after.rss - before.rss) / n),
      heapPerConnection: Math.round((after.heapUsed - before.heapUsed) / n),
      externalPerConnection: Math.round((after.external - before.external) / n),
      rssTotalMiB: round(after.rss / MiB),
      connectSeconds: round(connectSeconds),
    };
  } finally {
    closeAll(clients);
    await server.close();
  }
}

async function runMemory(context: BenchContext): Promise<BenchResult> {
  const connections = context.quick ? 400 : 5000;
  const runs: MemoryRun[] = [];
  for (const kind of ['reelsync', 'raw'] as const) {
    const result = await measureMemory(kind, connections);
    context.log(
      `memory ${kind}: ${result.rssPerConnection} B RSS, ${result.heapPerConnection} B heap per connection`,
    );
    runs.push(result);
  }
  const kb = (bytes: number) => round(bytes / 1024);
  const ours = runs[0] as MemoryRun;
  return {
    name: 'memory',
    title: '5a. Memory per idle connection',
    tables: [
      {
        caption: `${connections} connections, each a member of a room of 10 (ReelSync: hello + room.join done), idle; server child after a full GC; per connection = growth from the first tenth of the connections to all of them`,
        columns: [
          'target',
          'connections',
          'RSS KiB / connection',
          'JS heap KiB / connection',
          'external KiB / connection',
          'server RSS MiB',
          'connect + join s (last 90 %)',
        ],
        rows: runs.map((r) => [
          r.kind === 'reelsync' ? 'ReelSync' : 'raw ws relay',
          r.connections,
          kb(r.rssPerConnection),
          kb(r.heapPerConnection),
          kb(r.externalPerConnection),
          r.rssTotalMiB,
          r.connectSeconds,
        ]),
      },
    ],
    targets: [
      {
        target: `report memory per idle connection at ${connections} connections`,
        measured: `${kb(ours.rssPerConnection)} KiB RSS, ${kb(ours.heapPerConnection)} KiB heap`,
        met: true,
      },
    ],
    data: { runs },
    notes: [
      'RSS also holds memory the allocator keeps after the GC; the JS heap figure is the part the server’s own objects take (session, buckets, room membership, ws state).',
      'The file-descriptor limit (ulimit -n) must exceed the connection count; the runner’s processes inherit the shell’s.',
    ],
  };
}

export const memoryPerConnection: Benchmark = {
  name: 'memory',
  description: 'server memory per idle connection (5,000 connections; quick: 400), vs raw ws',
  run: runMemory,
};

// ---------------------------------------------------------------- cursor capacity

interface CapacityStep {
  rooms: number;
  users: number;
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  lostShare: number;
  serverCpuShare: number;
  /** The client process's CPU share (1 = its core busy): near 1, the clients were the limit. */
  clientCpuShare: number;
  /** 2 when the first measurement of this step failed and it was measured again. */
  attempt: number;
}

function passes(step: CapacityStep): boolean {
  return step.p99 <= P99_LIMIT_MS && step.lostShare <= 0.01;
}

interface CapacityRun {
  setup: string;
  steps: CapacityStep[];
  /** Largest step with p99 ≤ 50 ms. */
  sustained: CapacityStep | null;
}

const USERS = 10;
const CURSOR_HZ = 30;
const P99_LIMIT_MS = 50;

async function measureCapacity(
  setup: string,
  servers: ServerHandle[],
  roomSteps: number[],
  stepMs: number,
  log: (line: string) => void,
): Promise<CapacityRun> {
  const kind: ServerKind = 'reelsync';
  const urls = servers.map((server) => server.url);
  const sendTimes = new SendTimes();
  const latency = new Samples();
  let measuring = false;
  let received = 0;
  const clients: BenchClient[] = [];
  const steps: CapacityStep[] = [];
  let seq = 0;
  try {
    for (const rooms of roomSteps) {
      const more = rooms - clients.length / USERS;
      if (more > 0) {
        const opened = await openRooms(kind, urls, more, USERS, {
          parse: true,
          parallelRooms: 5,
          onDelivery: (_client, payload, cursorSeq) => {
            if (payload !== 'cursor' || !measuring) return;
            latency.push(performance.now() - sendTimes.get(cursorSeq));
            received++;
          },
        });
        clients.push(...opened.flat());
        await sleep(300);
      }
      const senders = clients.length;
      const send = (index: number, scheduled: number) => {
        const current = seq++;
        sendTimes.set(current, scheduled);
        (clients[index % senders] as BenchClient).send(cursorMessage(current));
      };
      const measure = async (attempt: number): Promise<CapacityStep> => {
        await paced(CURSOR_HZ * senders, 500, send);
        latency.clear();
        received = 0;
        measuring = true;
        const before = await Promise.all(servers.map((server) => server.stats()));
        const clientBefore = process.cpuUsage();
        const began = performance.now();
        const run = await paced(CURSOR_HZ * senders, stepMs, send);
        await sleep(200); // the last sends arrive
        measuring = false;
        const clientCpu = process.cpuUsage(clientBefore);
        const clientWall = performance.now() - began;
        const after = await Promise.all(servers.map((server) => server.stats()));
        const cpu = servers.map(
          (_, i) =>
            cpuMs(before[i] as never, after[i] as never) /
            ((after[i]?.wallMs ?? 0) - (before[i]?.wallMs ?? 0)),
        );
        const expected = run.sent * (USERS - 1);
        const summary = summarize(latency.values());
        return {
          rooms,
          users: USERS,
          attempt,
          deliveriesPerSecond: Math.round((received / stepMs) * 1000),
          p50: summary.p50,
          p99: summary.p99,
          max: summary.max,
          lostShare: round(Math.max(0, 1 - received / expected)),
          serverCpuShare: round(Math.max(...cpu)),
          clientCpuShare: round((clientCpu.user + clientCpu.system) / 1000 / clientWall),
        };
      };
      // A step fails only if it fails twice: one stall of a shared machine is not the limit.
      let step = await measure(1);
      if (!passes(step)) {
        log(`capacity ${setup} ${rooms}×${USERS}: p99 ${formatMs(step.p99)} ms; measuring again`);
        step = await measure(2);
      }
      steps.push(step);
      log(
        `capacity ${setup} ${rooms}×${USERS}: p99 ${formatMs(step.p99)} ms, ${step.deliveriesPerSecond} deliveries/s, lost ${step.lostShare}, server CPU ${step.serverCpuShare}, client CPU ${step.clientCpuShare}`,
      );
      if (!passes(step)) break;
    }
  } finally {
    closeAll(clients);
  }
  const passing = steps.filter(passes);
  return { setup, steps, sustained: passing.at(-1) ?? null };
}

async function runCapacity(context: BenchContext): Promise<BenchResult> {
  const roomSteps = context.quick ? [3, 6] : [2, 5, 10, 20, 30, 40, 60, 80];
  const stepMs = context.quick ? 1000 : 4000;
  const runs: CapacityRun[] = [];
  const notes: string[] = [];
  const single = await spawnServer({ kind: 'reelsync' });
  try {
    runs.push(
      await measureCapacity('1 instance, memory store', [single], roomSteps, stepMs, context.log),
    );
  } finally {
    await single.close();
  }
  const prefix = `reelsync-bench:${randomString(8)}:`;
  const pair: ServerHandle[] = [];
  try {
    const spec = { kind: 'reelsync', redisUrl: REDIS_URL, redisPrefix: prefix } as const;
    pair.push(...(await Promise.all([spawnServer(spec), spawnServer(spec)])));
    runs.push(
      await measureCapacity('2 instances, Redis store', pair, roomSteps, stepMs, context.log),
    );
  } catch (error) {
    notes.push(`Redis run failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await Promise.all(pair.map((server) => server.close()));
    await deletePrefix(prefix, REDIS_URL).catch(() => undefined);
  }
  const label = (r: CapacityRun) =>
    r.sustained ? `${r.sustained.rooms} rooms × ${r.sustained.users} users` : 'none of the steps';
  return {
    name: 'capacity',
    title: '5b. Capacity (30 Hz cursors, p99 ≤ 50 ms)',
    tables: [
      {
        caption: `Rooms of ${USERS} users, each sending live cursors at ${CURSOR_HZ} Hz (open loop); rooms stepped ${roomSteps.join(', ')} (${stepMs / 1000} s each) until p99 cursor latency passes ${P99_LIMIT_MS} ms or over 1 % are lost (a failing step is measured once more, and fails only if it fails again). With Redis, each room’s members alternate between the two instances`,
        columns: [
          'setup',
          'rooms × users',
          'deliveries/s',
          'p50 ms',
          'p99 ms',
          'max ms',
          'lost',
          'busiest server CPU (cores)',
          'client process CPU (cores)',
          'attempt',
        ],
        rows: runs.flatMap((r) =>
          r.steps.map((s) => [
            r.setup,
            `${s.rooms} × ${s.users}`,
            s.deliveriesPerSecond,
            formatMs(s.p50),
            formatMs(s.p99),
            formatMs(s.max),
            s.lostShare,
            s.serverCpuShare,
            s.clientCpuShare,
            s.attempt,
          ]),
        ),
      },
    ],
    targets: runs.map((r) => ({
      target: `largest load with p99 ≤ ${P99_LIMIT_MS} ms: ${r.setup}`,
      measured:
        label(r) +
        (r.sustained && r.sustained === r.steps.at(-1)
          ? ' (the largest step tried; more may pass)'
          : ''),
      met: r.sustained !== null,
    })),
    data: { users: USERS, hz: CURSOR_HZ, roomSteps, stepMs, runs },
    notes: [
      ...notes,
      'Every client runs in one process on the second core; when the busiest server’s CPU stays well below 1 core at the failing step, the client process (or the shared machine) reached its limit first, so the server figure is a lower bound.',
      'Two instances on one 2-core machine share those cores with Redis and the clients: this shows the Redis path works under load and what it costs, not how two machines would scale.',
    ],
  };
}

export const cursorCapacity: Benchmark = {
  name: 'capacity',
  description:
    'largest rooms × users with 30 Hz cursors at p99 ≤ 50 ms: 1 instance, 2 instances + Redis',
  run: runCapacity,
};
