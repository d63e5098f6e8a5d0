// The SDK's public types: connect options, the room a client is in, and its events.
import type {
  Motion,
  Role,
  RoomState,
  ServerChange,
  ServerMessage,
  ServerMessageOf,
  User,
} from '../src/protocol/index';
import type { ReelSyncError } from './errors';
import type { ReconnectPolicy } from './link';
import type { WebSocketFactory } from './socket';

export interface ConnectOptions {
  /** How to open the socket; default: the global WebSocket (sdk/node.ts passes `ws`). */
  webSocket?: WebSocketFactory;
  /** How long a request waits for the server's answer (ms, default 10 000). */
  timeoutMs?: number;
  /** Sent in hello, for the server's logs. */
  clientName?: string;
  /**
   * After an open connection drops: reconnect and resume the room (default on, with
   * DEFAULT_RECONNECT's delays), or `false` to close instead.
   */
  reconnect?: Partial<ReconnectPolicy> | false;
}

export interface RoomInfo {
  roomId: string;
  userId: string;
  role: Role;
  mode: 'created' | 'joined' | 'resumed';
  pinProtected: boolean;
  capacity: number;
  /** Only for the creator: reclaims the host role. */
  hostToken?: string;
}

export interface ClientEvents {
  [event: string]: unknown;
  /** Room state after a sequenced change (change: null for a snapshot). */
  state: { state: RoomState; version: number; change: ServerChange | null };
  playback: { motion: Motion; userId: string | null };
  note: ServerMessageOf<'sync.note'>;
  annotation: ServerMessageOf<'sync.annotation'>;
  users: User[];
  /** A refusal or server error not tied to a pending request. */
  error: ReelSyncError;
  ended: { reason: 'host' | 'idle' | 'server' };
  /** Closed for good (close(), a fatal close by the server, or reconnect attempts used up). */
  close: { code: number; reason: string };
  /** The connection dropped; the next attempt is in `delayMs`. Requests wait meanwhile. */
  reconnecting: { code: number; reason: string; attempt: number; delayMs: number };
  /** Back: the room (if any) resumed and caught up to `version`. */
  reconnected: { room: string | null; version: number };
  /** Every parsed server message. */
  message: ServerMessage;
}
