// The page side of the clock worker: starts it on the sync endpoint and hands its estimates to
// ClockSync in the page's time base. A worker's performance.now() counts from its own time origin,
// so an estimate made there is moved by the difference of the two origins (a subtraction).
import type { ClockEstimate, ClockSource } from '../../network/ClockSync';
import type { FromClockWorker, ToClockWorker } from './protocol';

/** Moves an estimate from a clock whose origin is `from` to one whose origin is `to` (both epoch ms). */
export function rebaseEstimate(estimate: ClockEstimate, from: number, to: number): ClockEstimate {
  // local_to = local_from + (from − to); offsets are server − local, so they move the other way.
  const shift = from - to;
  return { ...estimate, at: estimate.at + shift, offset: estimate.offset - shift };
}

export class ClockWorkerSource implements ClockSource {
  private worker: Worker | null = null;

  constructor(private readonly url: string) {}

  start(estimate: (estimate: ClockEstimate) => void, failed: (reason: string) => void): void {
    this.stop();
    let worker: Worker;
    try {
      worker = new Worker(new URL('./clock.worker.ts', import.meta.url), { type: 'module' });
    } catch (error) {
      failed(`no clock worker: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.worker = worker;
    worker.addEventListener('message', (event: MessageEvent<FromClockWorker>) => {
      const data = event.data;
      if (data.type === 'failed') {
        this.stop();
        failed(data.reason);
        return;
      }
      const { timeOrigin, type: _type, ...rest } = data;
      estimate(rebaseEstimate(rest, timeOrigin, performance.timeOrigin));
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      this.stop();
      failed(`clock worker failed: ${event.message}`);
    });
    worker.postMessage({ type: 'start', url: this.url } satisfies ToClockWorker);
  }

  stop(): void {
    this.worker?.postMessage({ type: 'stop' } satisfies ToClockWorker);
    this.worker?.terminate();
    this.worker = null;
  }
}
