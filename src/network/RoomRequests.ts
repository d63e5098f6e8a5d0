// Request/response over the socket for room operations: a request resolves on the message that
// completes it (e.g. the sync.state after room.joined) and rejects on the error that answers it.
import type {
  ClientMessageType,
  ClientPayload,
  ServerMessage,
  ServerMessageType,
} from '../protocol/index';
import { NetworkError } from './types';
import type { WebSocketClient } from './WebSocketClient';

interface Pending {
  id: string;
  /** The message type that completes it; 'reply': any message answering its id. */
  done: ServerMessageType | 'reply';
  resolve: (message: ServerMessage) => void;
  reject: (error: NetworkError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class RoomRequests {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly client: WebSocketClient,
    private readonly timeoutMs: number,
  ) {}

  /** True when `id` is a request still waiting (its replies belong to it). */
  isPending(id: string | undefined): boolean {
    return id !== undefined && this.pending.has(id);
  }

  /**
   * Sends `type` and resolves with the next `done` message ('reply': the first message whose
   * replyTo is this one, e.g. the sequenced change it caused), or rejects on its error reply.
   */
  send<K extends ClientMessageType>(
    type: K,
    payload: ClientPayload<K>,
    done: ServerMessageType | 'reply',
  ): Promise<ServerMessage> {
    const id = this.client.send(type, payload);
    if (id === null)
      return Promise.reject(new NetworkError('NOT_CONNECTED', `cannot send ${type}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new NetworkError('REQUEST_TIMEOUT', `no answer to ${type}`));
      }, this.timeoutMs);
      this.pending.set(id, { id, done, resolve, reject, timer });
    });
  }

  /** Called after the message was processed, so a resolved request sees its effects. */
  deliver(message: ServerMessage): void {
    for (const entry of [...this.pending.values()]) {
      if (message.type === 'error' && message.replyTo === entry.id) {
        this.finish(entry);
        entry.reject(new NetworkError(message.payload.code, message.payload.message));
      } else if (
        entry.done === 'reply' ? message.replyTo === entry.id : message.type === entry.done
      ) {
        this.finish(entry);
        entry.resolve(message);
      }
    }
  }

  connectionLost(): void {
    this.dispose(new NetworkError('CONNECTION_LOST', 'the connection closed'));
  }

  dispose(error: NetworkError): void {
    for (const entry of [...this.pending.values()]) {
      this.finish(entry);
      entry.reject(error);
    }
  }

  private finish(entry: Pending): void {
    clearTimeout(entry.timer);
    this.pending.delete(entry.id);
  }
}
