// 1. Change latency: a host's playback change (sync.playback, as the player's API sends it)
// until every other participant has received and parsed it, through the real server in its
// own process, for rooms of 2–200; the raw `ws` relay is measured by the same harness.
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';
import { SendTimes, Samples, round, summarize, type Summary } from '../lib/stats';
import { closeAll, openRoom, playbackMessage, sleep, type BenchClient } from './clients';
import { formatMs, paced, settle } from './harness';
import type { ServerKind } from './protocol';
import { spawnServer, type ServerHandle } from './spawn';

/** Room sizes; quick mode leaves out 200 (its joins alone take several seconds). */
const SIZES = [2, 10, 50, 200];
const QUICK_SIZES = [2, 10, 50];
/** Host changes per second: a scrub or jog sends about this many. */
const RATE = 50;

interface RoomRun {
  kind: ServerKind;
  size: number;
  sent: number;
  /** Change → last participant, ms. */
  complete: Summary;
  /** Change → each participant, ms. */
  delivery: Summary;
  incomplete: number;
}

async function measureRoom(
  server: ServerHandle,
  size: number,
  durationMs: number,
  warmupMs: number,
): Promise<RoomRun> {
  const kind = server.spec.kind;
  const sendTimes = new SendTimes();
  const counts = new Map<number, number>();
  const complete = new Samples();
  const delivery = new Samples();
  let measureFrom = Number.POSITIVE_INFINITY;
  let host: BenchClient | null = null;
  const receivers = size - 1;
  const clients = await openRoom(kind, [server.url], size, {
    parse: true,
    onDelivery: (client, payload, seq) => {
      if (payload !== 'playback' || client === host) return;
      const now = performance.now();
      const count = (counts.get(seq) ?? 0) + 1;
      if (seq < measureFrom) return;
      const latency = now - sendTimes.get(seq);
      delivery.push(latency);
      if (count === receivers) {
        complete.push(latency);
        counts.delete(seq);
      } else counts.set(seq, count);
    },
  });
  host = clients[0] as BenchClient;
  const sender = host;
  await sleep(300); // member-list broadcasts of the joins die down
  let seqBase = 0;
  const send = (index: number, scheduled: number) => {
    const seq = seqBase + index;
    sendTimes.set(seq, scheduled);
    sender.send(playbackMessage(seq));
  };
  const warm = await paced(RATE, warmupMs, send, { precise: true });
  seqBase = warm.sent;
  measureFrom = seqBase;
  await sleep(100);
  counts.clear();
  const run = await paced(RATE, durationMs, send, { precise: true });
  await settle(() => complete.length >= run.sent, 3000);
  closeAll(clients);
  await sleep(200);
  return {
    kind,
    size,
    sent: run.sent,
    complete: summarize(complete.values()),
    delivery: summarize(delivery.values()),
    incomplete: run.sent - complete.length,
  };
}

async function run(context: BenchContext): Promise<BenchResult> {
  const durationMs = context.quick ? 1200 : 12_000;
  const warmupMs = context.quick ? 300 : 2000;
  const sizes = context.quick ? QUICK_SIZES : SIZES;
  const servers: ServerHandle[] = [];
  const runs: RoomRun[] = [];
  try {
    servers.push(
      ...(await Promise.all([spawnServer({ kind: 'reelsync' }), spawnServer({ kind: 'raw' })])),
    );
    for (const size of sizes) {
      // Interleaved per size, so slow drift of a shared machine hits both targets alike.
      for (const server of servers) {
        const result = await measureRoom(server, size, durationMs, warmupMs);
        context.log(
          `latency ${result.kind} ${size}: p50 ${formatMs(result.complete.p50)} p99 ${formatMs(result.complete.p99)} ms (${result.sent} changes)`,
        );
        runs.push(result);
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
  const find = (kind: ServerKind, size: number) =>
    runs.find((r) => r.kind === kind && r.size === size) as RoomRun;
  const rows = sizes.map((size) => {
    const ours = find('reelsync', size);
    const raw = find('raw', size);
    return [
      size,
      formatMs(ours.complete.p50),
      formatMs(ours.complete.p99),
      formatMs(ours.complete.max),
      formatMs(raw.complete.p50),
      formatMs(raw.complete.p99),
      formatMs(raw.complete.max),
      round(ours.complete.p99 / raw.complete.p99),
      ours.incomplete + raw.incomplete,
    ];
  });
  const at50 = find('reelsync', 50);
  const raw50 = find('raw', 50);
  const worstRatio = Math.max(
    ...sizes.map((size) => find('reelsync', size).complete.p99 / find('raw', size).complete.p99),
  );
  return {
    name: 'latency',
    title: '1. Change latency (host change → every participant has it)',
    tables: [
      {
        caption: `Change → last participant received and parsed it, ms; ${RATE} changes/s open-loop, ${durationMs / 1000} s per room (after ${warmupMs / 1000} s warm-up)`,
        columns: [
          'participants',
          'ReelSync p50',
          'ReelSync p99',
          'ReelSync max',
          'raw ws p50',
          'raw ws p99',
          'raw ws max',
          'p99 ratio',
          'lost',
        ],
        rows,
      },
    ],
    targets: [
      {
        target: 'p99 ≤ 1.25× raw relay (every room size)',
        measured: `worst ratio ${round(worstRatio)}× (50 participants: ${round(at50.complete.p99 / raw50.complete.p99)}×)`,
        met: worstRatio <= 1.25,
      },
      {
        target: 'p99 < 10 ms at 50 participants',
        measured: `${formatMs(at50.complete.p99)} ms`,
        met: at50.complete.p99 < 10,
      },
    ],
    data: { rate: RATE, durationMs, warmupMs, runs },
    notes: [
      'Latency is taken from each change’s scheduled send time (open loop), so a stalled sender or server shows up as latency, not as fewer samples.',
      'All clients share one process (one core) and the server has the other; the last receiver’s time includes the client process parsing the deliveries before it.',
      'ReelSync also echoes each change to the host (sequenced state); the raw relay sends it to the others only.',
    ],
  };
}

export const changeLatency: Benchmark = {
  name: 'latency',
  description: 'host playback change → all participants, rooms of 2/10/50/200, vs raw ws relay',
  run,
};
