// Messages between the page and its clock worker (clock.worker.ts).
import type { ClockEstimate } from '../../network/ClockSync';

export type ToClockWorker = { type: 'start'; url: string } | { type: 'stop' };

export type FromClockWorker =
  /** An estimate in the worker's time base; `timeOrigin` is the worker's performance.timeOrigin. */
  ({ type: 'estimate'; timeOrigin: number } & ClockEstimate) | { type: 'failed'; reason: string };
