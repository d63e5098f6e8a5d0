// Timers for the network layer's injectable `Timers` (Outbox, Throttle, features' outboxes),
// driven by the test.
import type { Timers } from '../../src/network/timers';

/** Timers driven by the test: nothing fires until `advance`. */
export class ManualTimers implements Timers {
  private time = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; run: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get count(): number {
    return this.pending.size;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; run: () => void }] | undefined;
      for (const item of this.pending) if (!next || item[1].at < next[1].at) next = item;
      if (!next || next[1].at > end) break;
      this.pending.delete(next[0]);
      this.time = next[1].at;
      next[1].run();
    }
    this.time = end;
  }
}
