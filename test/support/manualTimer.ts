// A clock and timers the test drives: `advance(ms)` moves time on and runs the timers that fell
// due, in order. For components that take a timer API (now/setTimeout/clearTimeout) instead of
// the global one, so a test says how much time passes instead of sleeping.

export interface ManualTimer {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Moves the clock on by `ms` and runs every timer due by then, earliest first. */
  advance(ms: number): void;
}

export function manualTimer(start = 0): ManualTimer {
  let now = start;
  let nextId = 1;
  const queue: Array<{ at: number; run: () => void; id: number }> = [];
  return {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = nextId++;
      queue.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (handle) => {
      const index = queue.findIndex((entry) => entry.id === handle);
      if (index >= 0) queue.splice(index, 1);
    },
    advance: (ms) => {
      now += ms;
      for (const entry of [...queue].sort((a, b) => a.at - b.at)) {
        if (entry.at > now) break;
        const index = queue.indexOf(entry);
        if (index < 0) continue; // cleared by an earlier timer
        queue.splice(index, 1);
        entry.run();
      }
    },
  };
}
