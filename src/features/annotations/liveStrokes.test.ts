import { describe, expect, it } from 'vitest';
import type { LiveStroke } from '../../protocol/index';
import { LIVE_STROKE_STALE_MS, LiveStrokeSender, RemoteStrokes, type Timer } from './liveStrokes';

function fakeTimer() {
  let now = 0;
  const queue: Array<{ at: number; run: () => void; id: number }> = [];
  let next = 1;
  const timer: Timer = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = next++;
      queue.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (handle) => {
      const i = queue.findIndex((entry) => entry.id === handle);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const entry of [...queue].sort((a, b) => a.at - b.at))
      if (entry.at <= now) {
        queue.splice(queue.indexOf(entry), 1);
        entry.run();
      }
  };
  return { timer, advance };
}

const meta = { strokeId: 's1', frame: 3, tool: 'pen' as const, color: '#ff0000', width: 2 };

describe('LiveStrokeSender', () => {
  it('throttles pen points to one message per interval, sending only new points', () => {
    const { timer, advance } = fakeTimer();
    const sent: LiveStroke[] = [];
    const sender = new LiveStrokeSender((s) => sent.push(s), timer, 33);
    sender.begin(meta, [0, 0, 0.5]);
    expect(sent).toHaveLength(1);
    sender.update([0, 0, 0.5, 1, 1, 0.5]);
    sender.update([0, 0, 0.5, 1, 1, 0.5, 2, 2, 0.5]);
    expect(sent).toHaveLength(1);
    advance(33);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.points).toEqual([1, 1, 0.5, 2, 2, 0.5]);
    sender.end();
    expect(sent[2]).toMatchObject({ done: true, points: [] });
    advance(100);
    expect(sent).toHaveLength(3);
  });

  it('shapes send their current points (receivers replace)', () => {
    const { timer, advance } = fakeTimer();
    const sent: LiveStroke[] = [];
    const sender = new LiveStrokeSender((s) => sent.push(s), timer, 33);
    sender.begin({ ...meta, tool: 'rectangle' }, [0, 0, 0.5]);
    sender.update([0, 0, 0.5, 5, 5, 0.5]);
    advance(40);
    sender.update([0, 0, 0.5, 9, 9, 0.5]);
    sender.end();
    expect(sent.map((s) => s.points)).toEqual([
      [0, 0, 0.5],
      [0, 0, 0.5, 5, 5, 0.5],
      [0, 0, 0.5, 9, 9, 0.5],
    ]);
    expect(sent.map((s) => s.done)).toEqual([false, false, true]);
  });

  it('splits a burst of points into messages within the protocol limit', () => {
    const { timer } = fakeTimer();
    const sent: LiveStroke[] = [];
    const sender = new LiveStrokeSender((s) => sent.push(s), timer, 33);
    sender.begin(meta, []);
    sender.update(Array.from({ length: 300 * 3 }, (_, i) => i));
    sender.end();
    expect(sent.map((s) => s.points.length)).toEqual([256 * 3, 44 * 3]);
    expect(sent[sent.length - 1]?.done).toBe(true);
  });
});

describe('RemoteStrokes', () => {
  it('appends pen chunks, replaces shapes, forgets finished and stale strokes', () => {
    let now = 0;
    const remote = new RemoteStrokes(() => now);
    remote.receive({ ...meta, userId: 'u', points: [0, 0, 0.5], done: false });
    remote.receive({ ...meta, userId: 'u', points: [1, 1, 0.5], done: false });
    expect(remote.onFrame(3)[0]?.points).toEqual([0, 0, 0.5, 1, 1, 0.5]);
    expect(remote.onFrame(4)).toEqual([]);
    remote.receive({
      ...meta,
      strokeId: 'r',
      tool: 'rectangle',
      userId: 'v',
      points: [0, 0, 0.5, 1, 1, 0.5],
      done: false,
    });
    remote.receive({
      ...meta,
      strokeId: 'r',
      tool: 'rectangle',
      userId: 'v',
      points: [0, 0, 0.5, 3, 3, 0.5],
      done: false,
    });
    expect(remote.onFrame(3).find((s) => s.strokeId === 'r')?.points).toEqual([
      0, 0, 0.5, 3, 3, 0.5,
    ]);
    remote.receive({ ...meta, userId: 'u', points: [], done: true });
    expect(remote.onFrame(3).map((s) => s.strokeId)).toEqual(['r']);
    now += LIVE_STROKE_STALE_MS + 1;
    expect(remote.onFrame(3)).toEqual([]);
  });

  it('drops a user’s strokes when they leave', () => {
    const remote = new RemoteStrokes(() => 0);
    remote.receive({ ...meta, userId: 'u', points: [0, 0, 0.5], done: false });
    const revision = remote.revision;
    remote.dropUser('u');
    expect(remote.onFrame(3)).toEqual([]);
    expect(remote.revision).toBeGreaterThan(revision);
  });
});
