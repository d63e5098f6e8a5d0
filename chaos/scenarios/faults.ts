// Faults during a review: an impaired and cut network path, the server killed and restarted,
// one of two instances killed, Redis killed and restarted, a join storm and a slow consumer.
// Each checks that nothing the server acknowledged is lost and that memory stays bounded.
import { startImpairProxy } from '../lib/impairProxy';
import { Member } from '../lib/member';
import { startRedisProcess } from '../lib/redisProcess';
import { Review, type ReviewTally } from '../lib/review';
import { mb, type Row } from '../lib/row';
import { startServerProcess } from '../lib/serverProcess';
import type { Scenario } from './types';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function reviewRow(
  scenario: string,
  tried: string,
  tally: ReviewTally,
  peakRss: number,
  extra = '',
): Row {
  const held = tally.lost === 0 && tally.resumeRefused === 0;
  return {
    scenario,
    tried,
    acknowledged: tally.acknowledged,
    present: tally.present,
    peakRssMb: mb(peakRss),
    figure:
      `lost ${tally.lost} (+${tally.playback} playback acked), ${tally.drops} drops, ${tally.resumes} resumed` +
      (tally.resumeRefused ? `, ${tally.resumeRefused} resume refused` : '') +
      (extra ? `; ${extra}` : ''),
    held,
  };
}

const impairedReview: Scenario = {
  name: 'impaired review',
  async run({ seconds }) {
    const server = await startServerProcess();
    const proxy = await startImpairProxy(server.port, {
      delayMs: 80,
      jitterMs: 40,
      loss: 0.02,
      retransmitMs: 200,
      bytesPerSecond: 256 * 1024,
    });
    try {
      const review = await Review.start(server.syncUrl, [proxy.syncUrl, proxy.syncUrl]);
      review.run();
      const total = seconds(20) * 1000;
      await sleep(total / 3);
      proxy.cut(1500);
      await sleep(total / 3);
      proxy.cut(1500);
      await sleep(total / 3);
      const tally = await review.verify(server.syncUrl);
      await review.close();
      return reviewRow(
        'impaired review',
        '80±40 ms, 2% loss, 256 KB/s, 2 cuts',
        tally,
        server.peakRss,
      );
    } finally {
      await proxy.close();
      await server.stop();
    }
  },
};

const serverKill: Scenario = {
  name: 'server kill -9',
  async run({ seconds }) {
    const redis = await startRedisProcess();
    const server = await startServerProcess({
      args: ['--redis-url', redis.url, '--redis-prefix', `chaos-kill-${Date.now()}`],
    });
    try {
      const review = await Review.start(server.syncUrl, [server.syncUrl, server.syncUrl]);
      review.run();
      await sleep(seconds(6) * 500);
      await server.kill();
      await sleep(500);
      await server.restart();
      await sleep(seconds(6) * 500);
      const tally = await review.verify(server.syncUrl);
      await review.close();
      return reviewRow('server kill -9', 'SIGKILL + restart (Redis store)', tally, server.peakRss);
    } finally {
      await server.stop();
      await redis.stop();
    }
  },
};

const instanceKill: Scenario = {
  name: 'instance kill',
  async run({ seconds }) {
    const redis = await startRedisProcess();
    const prefix = `chaos-pair-${Date.now()}`;
    const args = ['--redis-url', redis.url, '--redis-prefix', prefix];
    const a = await startServerProcess({ args });
    const b = await startServerProcess({ args });
    try {
      const review = await Review.start(a.syncUrl, [b.syncUrl, a.syncUrl]);
      review.run();
      await sleep(seconds(6) * 500);
      // The load balancer sends A's clients to B from now on.
      for (const member of review.members) member.retarget(b.syncUrl);
      await a.kill();
      await sleep(seconds(6) * 500);
      const tally = await review.verify(b.syncUrl);
      await review.close();
      return reviewRow(
        'instance kill',
        '1 of 2 instances SIGKILLed',
        tally,
        Math.max(a.peakRss, b.peakRss),
      );
    } finally {
      await a.stop();
      await b.stop();
      await redis.stop();
    }
  },
};

const redisKill: Scenario = {
  name: 'redis kill -9',
  async run({ seconds }) {
    const redis = await startRedisProcess();
    const server = await startServerProcess({
      args: ['--redis-url', redis.url, '--redis-prefix', `chaos-redis-${Date.now()}`],
    });
    try {
      const review = await Review.start(server.syncUrl, [server.syncUrl, server.syncUrl]);
      review.run();
      await sleep(seconds(6) * 500);
      await redis.kill();
      await sleep(2000);
      const duringOutage = await server.healthMs(5000);
      await redis.restart();
      await sleep(seconds(6) * 500);
      const tally = await review.verify(server.syncUrl);
      const refused = review.members.reduce(
        (sum, member) => sum + (member.errors.get('STORE_UNAVAILABLE') ?? 0),
        0,
      );
      await review.close();
      return reviewRow(
        'redis kill -9',
        'Redis SIGKILL, 2 s down, restart (AOF)',
        tally,
        server.peakRss,
        `${refused} refused STORE_UNAVAILABLE, /healthz ${Number.isFinite(duringOutage) ? `OK in ${Math.round(duringOutage)} ms` : 'not OK'} while down`,
      );
    } finally {
      await server.stop();
      await redis.stop();
    }
  },
};

const joinStorm: Scenario = {
  name: 'join storm',
  async run({ quick }) {
    // Every client comes from 127.0.0.1: lift the per-address limits (rooms, connections).
    const server = await startServerProcess({
      args: ['--max-rooms-per-address', '1000', '--max-connections-per-address', '1000'],
    });
    const rooms = quick ? 5 : 20;
    const perRoom = 10;
    const members: Member[] = [];
    try {
      const hosts = await Promise.all(
        Array.from({ length: rooms }, async (_, index) => {
          const host = new Member(server.syncUrl, { name: `Host ${index}` });
          await host.create();
          members.push(host);
          return host;
        }),
      );
      const start = performance.now();
      const health = server.healthMs(10_000);
      const results = await Promise.allSettled(
        hosts.flatMap((host) =>
          Array.from({ length: perRoom - 1 }, async (_, index) => {
            const guest = new Member(server.syncUrl, { name: `Guest ${index}` });
            members.push(guest);
            await guest.join(host.roomId);
          }),
        ),
      );
      const elapsed = performance.now() - start;
      const healthMs = await health;
      const joined = results.filter((result) => result.status === 'fulfilled').length;
      const refused = results.length - joined;
      const reasons = new Set(
        results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : [])),
      );
      return {
        scenario: 'join storm',
        tried: `${results.length} joins at once into ${rooms} rooms`,
        acknowledged: null,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure:
          `${joined} joined in ${Math.round(elapsed)} ms, /healthz ${Math.round(healthMs)} ms` +
          (refused ? `, ${refused} refused (${[...reasons].slice(0, 2).join('; ')})` : ''),
        held: healthMs < 1000 && joined + refused === results.length,
      };
    } finally {
      await Promise.all(members.map((member) => member.close()));
      await server.stop();
    }
  },
};

const slowConsumer: Scenario = {
  name: 'slow consumer',
  async run({ seconds }) {
    const server = await startServerProcess();
    const host = new Member(server.syncUrl, { name: 'Host' });
    let fastReceived = 0;
    const fast = new Member(server.syncUrl, {
      name: 'Fast',
      onMessage: (message) => {
        if (message.type === 'sync.annotation' || message.type === 'live.cursor') fastReceived++;
      },
    });
    const slow = new Member(server.syncUrl, { name: 'Slow', resume: false });
    try {
      await host.create();
      await fast.join(host.roomId);
      await slow.join(host.roomId);
      // The slow consumer stops reading: the kernel buffers fill, then the server's.
      (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const baseline = server.rss();
      let sent = 0;
      const end = performance.now() + seconds(10) * 1000;
      let frame = 1;
      // Within the rate limits: 20 of the largest strokes the wire allows per second (each
      // about 70 KB on the wire), with cursors in between.
      const points = Array.from({ length: 12_000 }, (_, i) => (i % 3 === 2 ? 0.5 : (i * 7) % 1000));
      while (performance.now() < end) {
        const id = host.itemId('big');
        const annotation = {
          id,
          frame: (frame % 100) + 1,
          tool: 'pen' as const,
          color: '#00ff00',
          width: 2,
          points,
        };
        if (host.send('sync.annotation', { op: 'add', annotation })) sent++;
        if (host.send('live.cursor', { x: frame % 1000, y: 10, frame, visible: true })) sent++;
        frame++;
        await sleep(50);
      }
      await sleep(1000);
      const slowDropped = slow.ws?.readyState !== 1;
      const growth = server.peakRss - baseline;
      return {
        scenario: 'slow consumer',
        tried: `1 reader stalled, ${sent} messages sent`,
        acknowledged: null,
        present: null,
        peakRssMb: mb(server.peakRss),
        figure: `fast reader got ${fastReceived}/${sent}, slow one ${slowDropped ? 'disconnected' : 'still connected'}, RSS +${mb(growth)} MB`,
        held: fastReceived >= sent * 0.9 && growth < 100 * 1024 * 1024,
      };
    } finally {
      await Promise.all([host.close(), fast.close(), slow.close()]);
      await server.stop();
    }
  },
};

export const FAULTS: Scenario[] = [
  impairedReview,
  serverKill,
  instanceKill,
  redisKill,
  joinStorm,
  slowConsumer,
];
