// The soak run: many clients in many rooms for a long time; memory and latency over time.
import type { ServerMessage } from '../../src/protocol/index';
import { Member } from '../lib/member';
import { mb } from '../lib/row';
import { rssOf, startServerProcess } from '../lib/serverProcess';

export interface SoakSample {
  minute: number;
  rssMb: number;
  p50Ms: number;
  p99Ms: number;
  delivered: number;
  connected: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** `clients` members in rooms of ten; the hosts seek twice a second, everyone moves a cursor. */
export async function soak(
  durationMs: number,
  clients: number,
  onSample: (sample: SoakSample) => void,
  sampleEveryMs = 60_000,
): Promise<SoakSample[]> {
  const server = await startServerProcess({
    args: [
      '--max-rooms-per-address',
      '10000',
      '--max-connections',
      String(clients * 2),
      '--max-connections-per-address',
      String(clients * 2),
    ],
  });
  const sentAt = new Map<string, number>();
  let latencies: number[] = [];
  const onMessage = (message: ServerMessage) => {
    if (message.type !== 'sync.playback' || !message.replyTo) return;
    const at = sentAt.get(message.replyTo);
    if (at !== undefined) latencies.push(performance.now() - at);
  };
  const members: Member[] = [];
  const hosts: Member[] = [];
  const samples: SoakSample[] = [];
  try {
    for (let room = 0; room < Math.ceil(clients / 10); room++) {
      const host = new Member(server.syncUrl, { name: `Host ${room}` });
      await host.create();
      hosts.push(host);
      members.push(host);
      for (let i = 1; i < 10 && members.length < clients; i++) {
        const guest = new Member(server.syncUrl, { name: `Guest ${room}.${i}`, onMessage });
        await guest.join(host.roomId);
        members.push(guest);
      }
    }
    let frame = 1;
    const seek = setInterval(() => {
      frame = (frame % 100) + 1;
      for (const host of hosts) {
        const id = host.send('sync.frame', { frame, baseVersion: host.version });
        if (id) sentAt.set(id, performance.now());
      }
      if (sentAt.size > 100_000) sentAt.clear();
    }, 500);
    const cursors = setInterval(() => {
      for (const member of members)
        member.send('live.cursor', { x: frame * 10, y: 20, frame, visible: true });
    }, 200);
    const start = performance.now();
    try {
      while (performance.now() - start < durationMs) {
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(sampleEveryMs, durationMs - (performance.now() - start))),
        );
        const sorted = latencies.sort((a, b) => a - b);
        const sample: SoakSample = {
          minute: Math.round(((performance.now() - start) / 60_000) * 10) / 10,
          rssMb: mb(rssOf(server.pid)),
          p50Ms: Math.round(percentile(sorted, 50) * 10) / 10,
          p99Ms: Math.round(percentile(sorted, 99) * 10) / 10,
          delivered: sorted.length,
          connected: members.filter((member) => member.connected).length,
        };
        latencies = [];
        samples.push(sample);
        onSample(sample);
      }
    } finally {
      clearInterval(seek);
      clearInterval(cursors);
    }
    return samples;
  } finally {
    await Promise.all(members.map((member) => member.close()));
    await server.stop();
  }
}
