// Issue 14 figure: N viewers join a room holding ~50 MB of drawings at once. Reports the server's
// RSS before and at peak, the slowest /healthz answer during the storm, and how many viewers got
// the state and stayed connected. The server runs as a child process (its own RSS), from this
// tree or from --root (another checkout, e.g. an older commit unpacked with git archive; only
// environment variables are used for options, so an older server simply ignores new ones).
//   npx tsx bench/server/joinStorm.ts [--viewers 6] [--mb 50] [--root <checkout>]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import {
  PROTOCOL_VERSION,
  createClientMessage,
  type ClientMessageType,
  type ClientPayload,
  type ServerMessage,
} from '../../src/protocol/index';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    viewers: { type: 'string', default: '6' },
    mb: { type: 'string', default: '50' },
  },
});
const root = values.root ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VIEWERS = Number(values.viewers);
const TARGET_BYTES = Number(values.mb) * 1024 * 1024;
const MiB = 1024 * 1024;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

class Client {
  readonly ws: WebSocket;
  private readonly waiters: Array<{ match: (m: ServerMessage) => boolean; done: () => void }> = [];
  closeCode: number | null = null;

  constructor(url: string) {
    this.ws = new WebSocket(url, { maxPayload: 1024 * MiB });
    this.ws.on('message', (data: Buffer) => {
      // A snapshot is only recognised, not parsed: the viewers run in this process, and parsing
      // six 50 MB messages would stall the /healthz poller measuring the server.
      const message =
        data.length > MiB
          ? ({
              type: /"type":"([^"]+)"/.exec(data.subarray(0, 200).toString())?.[1],
            } as ServerMessage)
          : (JSON.parse(String(data)) as ServerMessage);
      for (const waiter of [...this.waiters])
        if (waiter.match(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.done();
        }
    });
    this.ws.on('close', (code) => {
      this.closeCode = code;
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  send<K extends ClientMessageType>(type: K, payload: ClientPayload<K>): string {
    const message = createClientMessage(type, payload);
    this.ws.send(JSON.stringify(message));
    return message.id;
  }

  next(match: (m: ServerMessage) => boolean, timeoutMs = 120_000): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push({
        match,
        done: () => {
          clearTimeout(timer);
          resolve(true);
        },
      });
    });
  }
}

const port = await freePort();
const nodeArgs = process.env.JOINSTORM_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const server = spawn(
  process.execPath,
  [...nodeArgs, '--import', 'tsx', path.join(root, 'server/cli.ts')],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      STATE_RATE: '100000',
      STATE_BURST: '100000',
      ROOM_CAPACITY: String(VIEWERS + 4),
      MAX_ANNOTATIONS: '100000',
      // The budgets of issue 14 would (rightly) stop the room at 16 MB: raised for the measurement.
      MAX_ROOM_STATE_BYTES: String(4 * TARGET_BYTES),
      MAX_ANNOTATIONS_BYTES: String(4 * TARGET_BYTES),
      MAX_ANNOTATION_BYTES: String(MiB),
    },
  },
);
const base = `http://127.0.0.1:${port}`;
process.on('exit', () => server.kill('SIGKILL'));
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    if (i > 300) throw new Error('server did not start');
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const pid = server.pid ?? 0;
const syncUrl = `ws://127.0.0.1:${port}/sync`;

async function greeted(): Promise<Client> {
  const client = new Client(syncUrl);
  await client.opened();
  const welcome = client.next((m) => m.type === 'welcome');
  client.send('hello', { protocolVersion: PROTOCOL_VERSION });
  await welcome;
  return client;
}

// The host fills the room: strokes of 4,096 points (~110 KB each), one at a time.
const host = await greeted();
let roomId = '';
let hostId = '';
const created = new Promise<void>((resolve) => {
  host.ws.on('message', (data: Buffer) => {
    if (data.length > MiB) return;
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type === 'room.joined') {
      roomId = message.payload.roomId;
      hostId = message.payload.userId;
      resolve();
    }
  });
});
host.send('room.create', {});
await created;
const points = Array.from({ length: 4096 * 3 }, (_, i) =>
  i % 3 === 2 ? 0.5 : Math.round((1000 + ((i * 7919) % 3000) + Math.random()) * 1000) / 1000,
);
const strokeBytes = JSON.stringify(points).length;
const strokes = Math.ceil(TARGET_BYTES / strokeBytes);
const fillStarted = performance.now();
for (let i = 0; i < strokes; i++) {
  const id = host.send('sync.annotation', {
    op: 'add',
    annotation: {
      id: `${hostId}-b-${i}`,
      frame: i,
      tool: 'pen',
      color: '#ff0000',
      width: 2,
      points,
    },
  });
  const ok = await host.next((m) => 'replyTo' in m && m.replyTo === id, 20_000);
  if (!ok) throw new Error(`stroke ${i} was not accepted`);
}
const fillSeconds = (performance.now() - fillStarted) / 1000;
await new Promise((resolve) => setTimeout(resolve, 2000));
const rssBefore = rssOf(pid);

// The storm: every viewer connects and joins at once; /healthz is polled throughout.
let peakRss = rssBefore;
let worstHealthMs = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, rssOf(pid));
}, 20);
// The poller is its own process, so what it measures is the server, not this busy client.
const poller = spawn(
  process.execPath,
  [
    '-e',
    `setInterval(async () => { const t = performance.now(); await fetch(${JSON.stringify(`${base}/healthz`)}).catch(() => 0); console.log(performance.now() - t); }, 25);`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
poller.stdout.on('data', (chunk: Buffer) => {
  for (const line of chunk.toString().split('\n'))
    if (line.trim()) worstHealthMs = Math.max(worstHealthMs, Number(line));
});
await new Promise((resolve) => setTimeout(resolve, 500));
const stormStarted = performance.now();
const results = await Promise.all(
  Array.from({ length: VIEWERS }, async () => {
    const viewer = await greeted();
    const state = viewer.next((m) => m.type === 'sync.state');
    viewer.send('room.join', { roomId, role: 'viewer' });
    const got = await state;
    const seconds = (performance.now() - stormStarted) / 1000;
    // Still connected a moment later (an old server closed big joiners as slow consumers).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return { viewer, got, seconds };
  }),
);
poller.kill('SIGTERM');
clearInterval(sampler);
const served = results.filter((r) => r.got && r.viewer.closeCode === null).length;
const slowest = Math.max(...results.map((r) => r.seconds));

console.log(`server: ${root}`);
console.log(
  `room: ${strokes} strokes of ${(strokeBytes / 1024).toFixed(0)} KB ≈ ${((strokes * strokeBytes) / MiB).toFixed(0)} MB (filled in ${fillSeconds.toFixed(1)} s)`,
);
console.log(
  `| viewers | RSS before | RSS peak | worst /healthz | all joined after | got state and stayed |`,
);
console.log(`|---|---|---|---|---|---|`);
console.log(
  `| ${VIEWERS} | ${(rssBefore / MiB).toFixed(0)} MB | ${(peakRss / MiB).toFixed(0)} MB | ${worstHealthMs.toFixed(0)} ms | ${slowest.toFixed(1)} s | ${served}/${VIEWERS} |`,
);
console.log(`viewer close codes: ${results.map((r) => r.viewer.closeCode ?? 'open').join(', ')}`);
for (const { viewer } of results) viewer.ws.terminate();
host.ws.terminate();
const exited = new Promise((resolve) => server.once('exit', resolve));
server.kill('SIGTERM');
await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
process.exit(0);
