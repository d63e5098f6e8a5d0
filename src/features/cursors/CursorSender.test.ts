// @vitest-environment happy-dom
// The local pointer out: image coordinates, ~30 Hz throttle (first and last position of a burst),
// visible:false on leaving, nothing while alone or offline.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CURSOR_INTERVAL_MS, CursorSender, type CursorMessage } from './CursorSender';

let stage: HTMLElement;
let sender: CursorSender;
let sent: CursorMessage[];
let active: boolean;
let online: boolean;

const move = (x: number, y: number) =>
  stage.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true }));
const flushMicrotasks = () => Promise.resolve();

beforeEach(() => {
  vi.useFakeTimers();
  stage = document.createElement('div');
  document.body.append(stage);
  sent = [];
  active = true;
  online = true;
  sender = new CursorSender({
    stage,
    // The "viewer": client px -> image px at zoom 0.5, origin (10, 20).
    clientToImage: (p) => ({ x: (p.x - 10) / 0.5, y: (p.y - 20) / 0.5 }),
    frame: () => 42,
    active: () => active,
    send: (cursor) => {
      if (!online) return false;
      sent.push(cursor);
      return true;
    },
  });
});

afterEach(() => {
  sender.dispose();
  stage.remove();
  vi.useRealTimers();
});

describe('CursorSender', () => {
  it('sends the pointer in image px with the frame', async () => {
    move(60, 70);
    await flushMicrotasks();
    expect(sent).toEqual([{ x: 100, y: 100, frame: 42, visible: true }]);
  });

  it('throttles a burst to its first and last position per interval', async () => {
    move(10, 20);
    await flushMicrotasks();
    for (let i = 1; i <= 20; i++) move(10 + i, 20);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(CURSOR_INTERVAL_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ x: 40, y: 0 });
  });

  it('says visible:false once when the pointer leaves the stage', async () => {
    move(60, 70);
    await flushMicrotasks();
    stage.dispatchEvent(new PointerEvent('pointerleave'));
    stage.dispatchEvent(new PointerEvent('pointerleave'));
    expect(sent.map((c) => c.visible)).toEqual([true, false]);
  });

  it('re-sends a resting pointer on refresh (new frame), but not one that left', async () => {
    move(60, 70);
    await flushMicrotasks();
    sender.refresh();
    await flushMicrotasks();
    vi.advanceTimersByTime(CURSOR_INTERVAL_MS);
    expect(sent).toHaveLength(2);
    stage.dispatchEvent(new PointerEvent('pointerleave'));
    sender.refresh();
    vi.advanceTimersByTime(10 * CURSOR_INTERVAL_MS);
    expect(sent.map((c) => c.visible)).toEqual([true, true, false]);
  });

  it('sends nothing while nobody could see it, and queues nothing while offline', async () => {
    active = false;
    move(60, 70);
    await flushMicrotasks();
    expect(sent).toEqual([]);
    active = true;
    online = false;
    move(61, 70);
    await flushMicrotasks();
    online = true;
    vi.advanceTimersByTime(10 * CURSOR_INTERVAL_MS);
    expect(sent).toEqual([]);
    expect(sender.sent).toBe(0);
  });
});
