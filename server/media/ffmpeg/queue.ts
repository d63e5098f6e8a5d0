// MediaJobQueue: runs media jobs (proxies, thumbnails) at most `concurrency` at a time, first in
// first out; each job's start, progress and end are events, and a job can be cancelled by id
// (queued: dropped; running: its signal aborts, which kills its ffmpeg).
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { MediaToolError } from './errors';

/** What a job gets: its abort signal and a progress reporter (fraction 0..1). */
export interface MediaJobContext {
  signal: AbortSignal;
  progress(fraction: number): void;
}

export type MediaJob<T> = (context: MediaJobContext) => Promise<T>;

export type MediaJobEnd =
  | { id: string; outcome: 'done' }
  | { id: string; outcome: 'failed'; error: Error }
  | { id: string; outcome: 'cancelled' };

export interface MediaJobQueueEvents {
  queued: { id: string; position: number };
  started: { id: string };
  progress: { id: string; fraction: number };
  ended: MediaJobEnd;
}

export interface MediaJobQueueOptions {
  /** Jobs running at once (default: the number of cores, os.availableParallelism()). */
  concurrency?: number;
}

interface Entry {
  id: string;
  run: MediaJob<unknown>;
  controller: AbortController;
  promise: Promise<unknown>;
  settle: { resolve(value: unknown): void; reject(error: unknown): void };
}

export class MediaJobQueue {
  readonly concurrency: number;
  private readonly waiting: Entry[] = [];
  private readonly running = new Map<string, Entry>();
  private readonly events = new EventEmitter();

  constructor(options: MediaJobQueueOptions = {}) {
    const concurrency = options.concurrency ?? availableParallelism();
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
    }
    this.concurrency = concurrency;
  }

  /**
   * Queues `run` under `id` and resolves with its result. An id already queued or running is
   * not run twice: the caller shares the job in progress (the same bytes make the same proxy).
   */
  add<T>(id: string, run: MediaJob<T>): Promise<T> {
    const existing = this.find(id);
    if (existing) return existing.promise as Promise<T>;
    // Assigned synchronously by the executor below.
    let settle!: Entry['settle'];
    const promise = new Promise<unknown>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Callers may follow a job through events only; an unawaited failure must not crash the server.
    promise.catch(() => {});
    const entry: Entry = { id, run, controller: new AbortController(), promise, settle };
    this.waiting.push(entry);
    this.emit('queued', { id, position: this.waiting.length });
    this.pump();
    return promise as Promise<T>;
  }

  /** Cancels a queued or running job; false when no such job. Its promise rejects with ABORTED. */
  cancel(id: string): boolean {
    const index = this.waiting.findIndex((entry) => entry.id === id);
    const queued = index >= 0 ? this.waiting.splice(index, 1)[0] : undefined;
    if (queued) {
      queued.settle.reject(
        new MediaToolError('ABORTED', 'The job was cancelled before it started.'),
      );
      this.emit('ended', { id, outcome: 'cancelled' });
      return true;
    }
    const running = this.running.get(id);
    if (!running) return false;
    running.controller.abort();
    return true;
  }

  /** Cancels every job (at shutdown). */
  cancelAll(): void {
    for (const entry of [...this.waiting, ...this.running.values()]) this.cancel(entry.id);
  }

  has(id: string): boolean {
    return this.find(id) !== undefined;
  }

  get runningCount(): number {
    return this.running.size;
  }

  get queuedCount(): number {
    return this.waiting.length;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof MediaJobQueueEvents>(
    event: K,
    listener: (payload: MediaJobQueueEvents[K]) => void,
  ): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  private find(id: string): Entry | undefined {
    return this.running.get(id) ?? this.waiting.find((entry) => entry.id === id);
  }

  private emit<K extends keyof MediaJobQueueEvents>(
    event: K,
    payload: MediaJobQueueEvents[K],
  ): void {
    this.events.emit(event, payload);
  }

  private pump(): void {
    while (this.running.size < this.concurrency) {
      const entry = this.waiting.shift();
      if (!entry) return;
      this.running.set(entry.id, entry);
      void this.start(entry);
    }
  }

  private async start(entry: Entry): Promise<void> {
    const { id, controller } = entry;
    this.emit('started', { id });
    const progress = (fraction: number) => {
      if (!controller.signal.aborted) {
        this.emit('progress', { id, fraction: Math.min(Math.max(fraction, 0), 1) });
      }
    };
    let end: MediaJobEnd;
    try {
      const value = await entry.run({ signal: controller.signal, progress });
      this.running.delete(id);
      entry.settle.resolve(value);
      end = { id, outcome: 'done' };
    } catch (error) {
      this.running.delete(id);
      const reason = error instanceof Error ? error : new Error(String(error));
      if (controller.signal.aborted) {
        const aborted = reason instanceof MediaToolError && reason.code === 'ABORTED';
        entry.settle.reject(
          aborted ? reason : new MediaToolError('ABORTED', 'The job was cancelled.'),
        );
        end = { id, outcome: 'cancelled' };
      } else {
        entry.settle.reject(reason);
        end = { id, outcome: 'failed', error: reason };
      }
    }
    this.emit('ended', end);
    this.pump();
  }
}
