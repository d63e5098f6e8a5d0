// Requests waiting for the server's answer (matched by the answer's replyTo), each with a timeout.
import type { ServerMessage } from '../src/protocol/index';
import { ReelSyncError } from './errors';

interface Pending {
  resolve: (message: ServerMessage | null) => void;
  reject: (error: ReelSyncError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class PendingRequests {
  private readonly entries = new Map<string, Pending>();

  constructor(private readonly timeoutMs: number) {}

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Resolves with the answer to message `id` (null: settled as a no-op), or rejects. */
  expect(id: string): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.entries.delete(id);
        reject(
          new ReelSyncError('TIMEOUT', `No answer from the server within ${this.timeoutMs} ms`),
        );
      }, this.timeoutMs);
      this.entries.set(id, {
        resolve: resolve as (message: ServerMessage | null) => void,
        reject,
        timer,
      });
    });
  }

  /** Settles request `id`: an error or sync.rejected rejects with its code, anything else resolves. */
  settle(id: string, message: ServerMessage | null): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    clearTimeout(entry.timer);
    if (message?.type === 'error') {
      const { code, message: text, retryAfterMs } = message.payload;
      entry.reject(new ReelSyncError(code, text, retryAfterMs));
    } else if (message?.type === 'sync.rejected') {
      entry.reject(new ReelSyncError(message.payload.code, message.payload.message));
    } else entry.resolve(message);
  }

  rejectAll(error: ReelSyncError): void {
    for (const [id, entry] of this.entries) {
      clearTimeout(entry.timer);
      this.entries.delete(id);
      entry.reject(error);
    }
  }
}

/**
 * Resolves when each of `types` has been received once (from now on, through `subscribe`), or
 * rejects with TIMEOUT; `cancel` stops listening.
 */
export function receivedOnce(
  types: ServerMessage['type'][],
  subscribe: (listener: (message: ServerMessage) => void) => () => void,
  timeoutMs: number,
): { done: Promise<void>; cancel: () => void } {
  const left = new Set(types);
  let cancel = () => undefined as void;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new ReelSyncError('TIMEOUT', `No ${[...left].join(', ')} from the server`));
    }, timeoutMs);
    const off = subscribe((message) => {
      left.delete(message.type);
      if (left.size === 0) {
        cancel();
        resolve();
      }
    });
    cancel = () => {
      clearTimeout(timer);
      off();
    };
  });
  done.catch(() => undefined); // reported through `await done` when awaited
  return { done, cancel };
}
