// Issue 14 figure: time of one annotation `remove` of 1,000 ids in a room of 10,000 annotations,
// through the store's pure step (server/rooms/roomLogic.ts). Standalone:
//   node --expose-gc --import tsx bench/server/removeCost.ts
// To compare with an older commit, copy this file into that tree (git archive) and run it there.
import { createDefaultRoomState } from '../../src/protocol/index';
import * as logic from '../../server/rooms/roomLogic';

const ANNOTATIONS = 10_000;
const IDS = 1000;
const ROUNDS = 50;
const context = {
  userId: 'u1',
  replyTo: 'm',
  now: 1,
  limits: { maxAnnotations: 1e6, maxNotes: 10, changeLogSize: 10 },
};
const times: number[] = [];
// The reducer never changes a state it is given, so every round starts from this one.
const state = createDefaultRoomState();
state.annotations = Array.from({ length: ANNOTATIONS }, (_, i) => ({
  id: `u1-${i}`,
  frame: i % 100,
  tool: 'pen' as const,
  color: '#ff0000',
  width: 2,
  points: [i, i, 0.5],
  author: 'u1',
  createdAt: 0,
}));
for (let round = 0; round < ROUNDS; round++) {
  const room = { roomId: 'ABCD-EFGH', version: 0, hostPlaybackVersion: 0, state };
  const ids = Array.from({ length: IDS }, (_, i) => `u1-${(i * 9973 + round) % ANNOTATIONS}`);
  // A first annotation step builds the id index (once per loaded room); the remove is timed.
  logic.applyChangeRequest(
    room,
    { kind: 'annotation', op: { op: 'remove', ids: ['none'] } },
    { userId: 'u1', role: 'host' },
    context,
  );
  (globalThis as { gc?: () => void }).gc?.(); // run with --expose-gc: no collection in the timing
  // CPU time, not wall time: on a shared machine the wall clock mostly measures waiting.
  const started = process.cpuUsage();
  logic.applyChangeRequest(
    room,
    { kind: 'annotation', op: { op: 'remove', ids } },
    { userId: 'u1', role: 'host' },
    context,
  );
  const used = process.cpuUsage(started);
  times.push((used.user + used.system) / 1000);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? 0;
console.log(
  `remove of ${IDS} ids at ${ANNOTATIONS} annotations: median ${median.toFixed(2)} ms CPU, ` +
    `min ${(times[0] ?? 0).toFixed(2)} ms over ${ROUNDS} rounds`,
);
