// Load generation shared by the server benchmarks: an open-loop sender (messages keep their
// scheduled time, see PacedSchedule) and per-delivery latency recording.
import { PacedSchedule } from '../lib/stats';
import { sleep } from './clients';

/**
 * Sends message i at start + i/rate until `durationMs` has passed. `precise` spins for the
 * last millisecond before each send (timers fire ~1 ms late), for the low-rate latency runs
 * where that millisecond would hide the difference between targets; the high-rate runs
 * just send whatever is due on each 1 ms tick.
 */
export async function paced(
  ratePerSecond: number,
  durationMs: number,
  send: (index: number, scheduledMs: number) => void,
  options: { precise?: boolean; startMs?: number } = {},
): Promise<{ sent: number; startMs: number; endMs: number }> {
  const startMs = options.startMs ?? performance.now() + 5;
  const endMs = startMs + durationMs;
  const schedule = new PacedSchedule(startMs, ratePerSecond);
  for (;;) {
    const due = schedule.nextDue();
    if (due >= endMs) break;
    const wait = due - performance.now();
    if (options.precise) {
      if (wait > 1.5) await sleep(wait - 1.2);
      while (performance.now() < due) {
        /* spin: the send must leave on time */
      }
    } else if (wait > 0) {
      await sleep(Math.max(1, wait));
    }
    for (const index of schedule.take(Math.min(performance.now(), endMs - 1e-9)))
      send(index, schedule.timeOf(index));
  }
  return { sent: schedule.taken, startMs, endMs };
}

/** Waits until `done()` or the timeout; returns whether it finished. */
export async function settle(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
