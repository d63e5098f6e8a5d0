// Before/after comparison of server hot paths: the same load against two checkouts, in
// alternating rounds, reporting the server's CPU time per 1,000 deliveries (CPU time, not
// wall time, so other load on a shared machine disturbs it less).
//
//   npx tsx bench/server/compare.ts --before <dir> [--after <dir>] [--rounds 5]
//
// <dir> is a checkout (or a copy with node_modules linked) holding server/, src/ and bench/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { round } from '../lib/stats';
import { closeAll, cursorMessage, openRoom, openRooms, playbackMessage, sleep } from './clients';
import { paced } from './harness';
import { cpuMs, spawnServer } from './spawn';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function cursorRound(root: string, seconds: number): Promise<number> {
  const server = await spawnServer({ kind: 'reelsync', root });
  const clients = (
    await openRooms('reelsync', [server.url], 20, 8, { parse: false, onDelivery: () => undefined })
  ).flat();
  try {
    await sleep(300);
    let seq = 0;
    const send = (index: number) => clients[index % clients.length]?.send(cursorMessage(seq++));
    await paced(60 * clients.length, 500, send);
    const before = await server.stats();
    for (const client of clients) client.frames = 0;
    await paced(60 * clients.length, seconds * 1000, send);
    await sleep(200);
    const after = await server.stats();
    const frames = clients.reduce((sum, client) => sum + client.frames, 0);
    return (cpuMs(before, after) / frames) * 1000;
  } finally {
    closeAll(clients);
    await server.close();
  }
}

async function playbackRound(root: string, seconds: number): Promise<number> {
  const server = await spawnServer({ kind: 'reelsync', root });
  const clients = await openRoom('reelsync', [server.url], 100, {
    parse: false,
    onDelivery: () => undefined,
  });
  try {
    await sleep(500);
    const host = clients[0];
    const send = (index: number) => host?.send(playbackMessage(index));
    await paced(100, 500, send);
    const before = await server.stats();
    for (const client of clients) client.frames = 0;
    await paced(100, seconds * 1000, send, { startMs: performance.now() + 5 });
    await sleep(200);
    const after = await server.stats();
    const frames = clients.reduce((sum, client) => sum + client.frames, 0);
    return (cpuMs(before, after) / frames) * 1000;
  } finally {
    closeAll(clients);
    await server.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
  },
});
if (!values.before) {
  process.stderr.write(
    'usage: tsx bench/server/compare.ts --before <dir> [--after <dir>] [--rounds 5]\n',
  );
  process.exit(2);
}
const roots = { before: path.resolve(values.before), after: path.resolve(values.after ?? here) };
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const results: Record<'before' | 'after', { cursor: number[]; playback: number[] }> = {
  before: { cursor: [], playback: [] },
  after: { cursor: [], playback: [] },
};
for (let i = 0; i < rounds; i++) {
  for (const which of i % 2 === 0
    ? (['before', 'after'] as const)
    : (['after', 'before'] as const)) {
    const cursor = await cursorRound(roots[which], seconds);
    const playback = await playbackRound(roots[which], seconds);
    results[which].cursor.push(cursor);
    results[which].playback.push(playback);
    process.stderr.write(
      `round ${i + 1} ${which}: cursor ${cursor.toFixed(2)} ms/1000, playback ${playback.toFixed(2)} ms/1000\n`,
    );
  }
}
const line = (label: string, key: 'cursor' | 'playback') => {
  const before = median(results.before[key]);
  const after = median(results.after[key]);
  return `| ${label} | ${round(before)} | ${round(after)} | ${round(before / after)}× |`;
};
process.stdout.write(
  [
    '| server CPU ms per 1,000 deliveries (median of ' +
      rounds +
      ' rounds) | before | after | before/after |',
    '| --- | --- | --- | --- |',
    line('live.cursor relay, 20 rooms × 8 users at 60 Hz', 'cursor'),
    line('sync.playback fan-out, 1 room × 100 at 100 changes/s', 'playback'),
    '',
  ].join('\n'),
);
