// A pool of decode workers (hardwareConcurrency − 1, at least 1) shared by every VFX sequence:
// requests queue in order, each idle worker takes the next; aborted requests leave the queue.
import { ImageDecodeError } from './decodeError';
import type { VfxDecodeOptions, VfxDecodeReply, VfxFormat, VfxPicture } from './decodeVfx';

interface Task {
  id: number;
  file: File;
  format: VfxFormat;
  options: VfxDecodeOptions;
  signal: AbortSignal | undefined;
  resolve: (picture: VfxPicture) => void;
  reject: (error: unknown) => void;
}

/** Workers for a machine with `cores` logical cores: one is left for the page. */
export function poolSize(cores: number | undefined): number {
  return Math.max(1, Math.floor(cores ?? 2) - 1);
}

export class DecodePool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private workers = 0;

  constructor(readonly size: number) {}

  /** Decodes in a worker (inline where there are no workers); rejects with ImageDecodeError. */
  decode(
    file: File,
    format: VfxFormat,
    options: VfxDecodeOptions,
    signal?: AbortSignal,
  ): Promise<VfxPicture> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (typeof Worker === 'undefined') {
      // Node (tests, tools): decode inline. A dynamic import keeps the decoders out of the page's
      // main bundle; in the browser only the worker loads them.
      return import('./decodeVfx')
        .then(({ answer }) => answer({ id: 0, file, format, options }))
        .then(unwrap);
    }
    return new Promise<VfxPicture>((resolve, reject) => {
      const task: Task = { id: this.nextId++, file, format, options, signal, resolve, reject };
      signal?.addEventListener('abort', () => this.cancel(task), { once: true });
      this.queue.push(task);
      this.pump();
    });
  }

  /** Requests queued or running. */
  get pending(): number {
    return this.queue.length + this.busy.size;
  }

  dispose(): void {
    for (const worker of [...this.idle, ...this.busy.keys()]) worker.terminate();
    for (const task of [...this.queue, ...this.busy.values()]) task.reject(abortError());
    this.idle.length = 0;
    this.busy.clear();
    this.queue.length = 0;
    this.workers = 0;
  }

  private cancel(task: Task): void {
    const index = this.queue.indexOf(task);
    if (index < 0) return;
    this.queue.splice(index, 1);
    task.reject(abortError());
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? this.spawn();
      if (!worker) return;
      const task = this.queue.shift();
      if (!task) {
        this.idle.push(worker);
        return;
      }
      this.busy.set(worker, task);
      const { id, file, format, options } = task;
      worker.postMessage({ id, file, format, options });
    }
  }

  private spawn(): Worker | null {
    if (this.workers >= this.size) return null;
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
    this.workers += 1;
    worker.addEventListener('message', (event: MessageEvent<VfxDecodeReply>) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (task && task.id === event.data.id) {
        try {
          task.resolve(unwrap(event.data));
        } catch (error) {
          task.reject(error);
        }
      }
      this.pump();
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      // A worker that failed to load or crashed: fail its task, replace it on the next request.
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.workers -= 1;
      worker.terminate();
      task?.reject(new ImageDecodeError('CORRUPT', `the decoder stopped (${event.message})`));
      this.pump();
    });
    return worker;
  }
}

function unwrap(reply: VfxDecodeReply): VfxPicture {
  if ('picture' in reply) return reply.picture;
  throw new ImageDecodeError(reply.error.code, reply.error.reason);
}

function abortError(): DOMException {
  return new DOMException('The decode was cancelled.', 'AbortError');
}

let shared: DecodePool | null = null;

/** The page's one pool, created on first use. */
export function sharedDecodePool(): DecodePool {
  shared ??= new DecodePool(poolSize(globalThis.navigator?.hardwareConcurrency));
  return shared;
}
