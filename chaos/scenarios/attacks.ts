// The attacks of the hardening review, as scripts with their figures. Each runs against a
// fresh server with its default limits, from loopback addresses (127.0.0.x stand in for
// different client addresses).
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, createRoomCode } from '../../src/protocol/index';
import { Member } from '../lib/member';
import { mb } from '../lib/row';
import { startServerProcess } from '../lib/serverProcess';
import type { Scenario } from './types';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Joins once (a connection per attempt, as an attacker spreading over sockets would). */
async function tryJoin(
  url: string,
  roomId: string,
  pin: string | undefined,
  localAddress?: string,
): Promise<string> {
  const member = new Member(url, {
    name: 'Mallory',
    resume: false,
    ...(localAddress ? { localAddress } : {}),
  });
  try {
    await member.join(roomId, pin === undefined ? {} : { pin });
    return 'JOINED';
  } catch (error) {
    const match = /: ([A-Z_]+)$/.exec(error instanceof Error ? error.message : '');
    return match?.[1] ?? 'NO_CONNECTION';
  } finally {
    await member.close();
  }
}

function count(results: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result, (counts.get(result) ?? 0) + 1);
  return counts;
}

const describe = (counts: Map<string, number>) =>
  [...counts].map(([code, n]) => `${n} ${code}`).join(', ');

const pinRace: Scenario = {
  name: 'PIN race',
  async run({ quick }) {
    const server = await startServerProcess();
    const host = new Member(server.syncUrl, { name: 'Host' });
    try {
      await host.create({ pin: '4321' });
      const guesses = quick ? 300 : 1000;
      const results = await Promise.all(
        Array.from({ length: guesses }, (_, i) =>
          tryJoin(server.syncUrl, host.roomId, String(1000 + (i % 3000)).padStart(4, '0')),
        ),
      );
      const counts = count(results);
      const checked = counts.get('BAD_PIN') ?? 0;
      // Someone who knows the PIN, from another address, must still get in.
      const rightful = await tryJoin(server.syncUrl, host.roomId, '4321', '127.0.0.2');
      return {
        scenario: 'PIN race',
        tried: `${guesses} parallel wrong PINs, 1 address`,
        acknowledged: null,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure: `${checked} checked (${describe(counts)}); right PIN from another address: ${rightful}`,
        held: checked <= 20 && !results.includes('JOINED') && rightful === 'JOINED',
      };
    } finally {
      await host.close();
      await server.stop();
    }
  },
};

const enumeration: Scenario = {
  name: 'room code enumeration',
  async run({ seconds }) {
    const server = await startServerProcess();
    try {
      const end = performance.now() + seconds(6) * 1000;
      const start = performance.now();
      const counts = new Map<string, number>();
      let asked = 0;
      // Eight sockets at a time; each pipelines 50 lookups, then reconnects (reconnecting
      // used to reset the only limit).
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (performance.now() < end) {
            const ws = await helloSocket(server.syncUrl);
            if (!ws) {
              counts.set('NO_CONNECTION', (counts.get('NO_CONNECTION') ?? 0) + 1);
              await sleep(100);
              continue;
            }
            ws.on('message', (data) => {
              const code = /"code":"([A-Z_]+)"/.exec(String(data))?.[1];
              if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
            });
            for (let i = 0; i < 50; i++, asked++)
              ws.send(
                JSON.stringify({
                  type: 'room.join',
                  id: `j${i}`,
                  timestamp: Date.now(),
                  payload: { roomId: createRoomCode() },
                }),
              );
            await sleep(300);
            ws.terminate();
          }
        }),
      );
      const elapsedS = (performance.now() - start) / 1000;
      const probed = counts.get('ROOM_NOT_FOUND') ?? 0;
      const rate = probed / elapsedS;
      return {
        scenario: 'code enumeration',
        tried: `${asked} lookups in ${elapsedS.toFixed(1)} s, 1 address`,
        acknowledged: null,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure: `${rate.toFixed(1)} codes/s answered (${describe(counts)})`,
        held: rate < 20,
      };
    } finally {
      await server.stop();
    }
  },
};

/** Opens a socket and says hello; resolves true once welcomed. */
function helloSocket(url: string, localAddress?: string): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      ...(localAddress ? { localAddress } : {}),
    });
    const timer = setTimeout(() => finish(false), 5000);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      if (!ok) ws.terminate();
      resolve(ok ? ws : null);
    };
    ws.on('error', () => finish(false));
    ws.on('close', () => finish(false));
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          type: 'hello',
          id: 'h1',
          timestamp: Date.now(),
          payload: { protocolVersion: PROTOCOL_VERSION },
        }),
      ),
    );
    ws.on('message', (data) => {
      if (String(data).includes('"welcome"')) finish(true);
    });
  });
}

const connectionFlood: Scenario = {
  name: 'connection flood',
  async run({ quick }) {
    const server = await startServerProcess();
    const sockets: WebSocket[] = [];
    try {
      const attempts = quick ? 1500 : 5000;
      const start = performance.now();
      for (let batch = 0; batch < attempts; batch += 250) {
        const opened = await Promise.all(
          Array.from({ length: 250 }, () => helloSocket(server.syncUrl)),
        );
        for (const ws of opened) if (ws) sockets.push(ws);
      }
      const elapsed = performance.now() - start;
      const other = await helloSocket(server.syncUrl, '127.0.0.3');
      other?.terminate();
      // Sockets that said hello and never joined a room should not be kept for ever.
      await sleep(quick ? 2000 : 35_000);
      const stillOpen = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
      return {
        scenario: 'connection flood',
        tried: `${attempts} sockets from 1 address in ${Math.round(elapsed)} ms`,
        acknowledged: null,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure: `${sockets.length} accepted, ${stillOpen} still open after idling; another address ${other ? 'served' : 'REFUSED'}`,
        held: other !== null && sockets.length < attempts,
      };
    } finally {
      for (const ws of sockets) ws.terminate();
      await server.stop();
    }
  },
};

const fragments: Scenario = {
  name: 'fragment pinning',
  async run({ quick }) {
    const server = await startServerProcess();
    const sockets: WebSocket[] = [];
    try {
      const before = server.rss();
      const connections = quick ? 100 : 300;
      for (let i = 0; i < connections; i++) {
        const ws = await helloSocket(server.syncUrl);
        if (!ws) continue;
        sockets.push(ws);
        // A message started in 64 KiB fragments and never finished (fin: false).
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        for (let f = 0; f < 8; f++) ws.send(chunk, { fin: false });
      }
      await sleep(2000);
      const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
      const growth = server.peakRss - before;
      return {
        scenario: 'fragment pinning',
        tried: `${sockets.length} sockets × 512 KiB unfinished fragments`,
        acknowledged: null,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure: `RSS +${mb(growth)} MB (${Math.round(growth / Math.max(1, sockets.length) / 1024)} KB per socket), ${open} sockets still open`,
        // Pinned memory per socket (the finding: ≈ 543 KB each), unless the sockets were closed.
        held: growth / Math.max(1, sockets.length) < 128 * 1024 || open < sockets.length / 2,
      };
    } finally {
      for (const ws of sockets) ws.terminate();
      await server.stop();
    }
  },
};

const seedForgery: Scenario = {
  name: 'forged seed',
  async run() {
    const server = await startServerProcess();
    try {
      const seeds: Array<Record<string, unknown>> = [
        { annotations: 'oops' },
        {
          notes: [
            {
              id: 'x',
              frame: 1,
              text: 'forged',
              author: 'someone-else',
              createdAt: 1,
              updatedAt: 1,
              extra: true,
            },
          ],
        },
        { settings: { waitForEveryone: 'yes' } },
      ];
      const results: string[] = [];
      for (const state of seeds) {
        const member = new Member(server.syncUrl, { name: 'Mallory', resume: false });
        try {
          await member.create({ state } as never);
          results.push('STORED');
        } catch (error) {
          results.push(/: ([A-Z_]+)$/.exec(String(error))?.[1] ?? 'ERROR');
        } finally {
          await member.close();
        }
      }
      return {
        scenario: 'forged seed',
        tried: `${seeds.length} room.create seeds with wrong types/fields`,
        acknowledged: null,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure: results.join(', '),
        held: !results.includes('STORED'),
      };
    } finally {
      await server.stop();
    }
  },
};

const stateBudget: Scenario = {
  name: 'state budget',
  async run({ seconds }) {
    const server = await startServerProcess();
    const host = new Member(server.syncUrl, { name: 'Host' });
    const mallory = new Member(server.syncUrl, { name: 'Mallory' });
    const viewers: Member[] = [];
    try {
      await host.create();
      await mallory.join(host.roomId);
      // The largest strokes the wire allows, at the state rate limit.
      const points = Array.from({ length: 12_000 }, (_, i) => (i % 3 === 2 ? 0.5 : (i * 7) % 1000));
      const end = performance.now() + seconds(15) * 1000;
      let frame = 1;
      while (performance.now() < end) {
        const id = mallory.itemId('big');
        mallory.send(
          'sync.annotation',
          {
            op: 'add',
            annotation: { id, frame: frame++, tool: 'pen', color: '#ff0000', width: 2, points },
          },
          { kind: 'annotation', itemId: id },
        );
        await sleep(40);
      }
      await sleep(500);
      const accepted = mallory.acked.size;
      const bytes = accepted * JSON.stringify(points).length;
      // Six viewers join at once: the snapshot is built for each of them.
      const health = server.healthMs(30_000);
      await Promise.allSettled(
        Array.from({ length: 6 }, async (_, i) => {
          const viewer = new Member(server.syncUrl, { name: `Viewer ${i}`, resume: false });
          viewers.push(viewer);
          await viewer.join(host.roomId, { role: 'viewer' });
        }),
      );
      const healthMs = await health;
      const refusals = [...mallory.errors].map(([code, n]) => `${n} ${code}`).join(', ');
      return {
        scenario: 'state budget',
        tried: `max-size strokes for ${seconds(15)} s, then 6 joins`,
        acknowledged: accepted,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure: `${mb(bytes)} MB accepted${refusals ? ` (refused: ${refusals})` : ''}; /healthz ${Math.round(healthMs)} ms during joins`,
        held: healthMs < 1000 && server.peakRss < 600 * 1024 * 1024,
      };
    } finally {
      await Promise.all([host.close(), mallory.close(), ...viewers.map((v) => v.close())]);
      await server.stop();
    }
  },
};

const hashStarvation: Scenario = {
  name: 'hash starvation',
  async run({ quick }) {
    const server = await startServerProcess();
    const host = new Member(server.syncUrl, { name: 'Host' });
    try {
      await host.create({ pin: '4321' });
      const guesses = quick ? 200 : 600;
      const burst = Promise.all(
        Array.from({ length: guesses }, (_, i) =>
          tryJoin(
            server.syncUrl,
            host.roomId,
            String(i).padStart(4, '0'),
            `127.0.${1 + (i % 200)}.${1 + (i % 250)}`,
          ),
        ),
      );
      const pageTimes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const start = performance.now();
        await fetch(`${server.httpUrl}/`).then((response) => response.arrayBuffer());
        pageTimes.push(performance.now() - start);
        await sleep(100);
      }
      const counts = count(await burst);
      const worst = Math.max(...pageTimes);
      return {
        scenario: 'hash starvation',
        tried: `${guesses} PIN guesses from 200 addresses`,
        acknowledged: null,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure: `GET / worst ${Math.round(worst)} ms during the burst (${describe(counts)})`,
        held: worst < 500,
      };
    } finally {
      await host.close();
      await server.stop();
    }
  },
};

const idSquatting: Scenario = {
  name: 'id squatting',
  async run() {
    const server = await startServerProcess();
    const host = new Member(server.syncUrl, { name: 'Host' });
    const mallory = new Member(server.syncUrl, { name: 'Mallory' });
    try {
      await host.create();
      await mallory.join(host.roomId);
      // Mallory claims an id in the host's id space.
      const squatted = `${host.userId}-s0`;
      const id = mallory.send(
        'sync.annotation',
        {
          op: 'add',
          annotation: {
            id: squatted,
            frame: 1,
            tool: 'pen',
            color: '#ff0000',
            width: 2,
            points: [1, 1, 0.5],
          },
        },
        { kind: 'annotation', itemId: squatted },
      );
      await sleep(500);
      const stored = id !== null && mallory.acked.has(id);
      return {
        scenario: 'id squatting',
        tried: "an annotation under the host's id prefix",
        acknowledged: null,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure: stored
          ? 'stored under the victim’s id'
          : `refused (${[...mallory.errors.keys()].join(', ') || 'no answer'})`,
        held: !stored,
      };
    } finally {
      await Promise.all([host.close(), mallory.close()]);
      await server.stop();
    }
  },
};

export const ATTACKS: Scenario[] = [
  pinRace,
  enumeration,
  connectionFlood,
  fragments,
  seedForgery,
  stateBudget,
  hashStarvation,
  idSquatting,
];
