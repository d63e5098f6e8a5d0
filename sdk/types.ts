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
import type { WebSocketFactory } from './socket';

export interface ConnectOptions {
  /** How to open the socket; default: the global WebSocket (sdk/node.ts passes `ws`). */
  webSocket?: WebSocketFactory;
  /** How long a request waits for the server's answer (ms, default 10 000). */
  timeoutMs?: number;
  /** Sent in hello, for the server's logs. */
  clientName?: string;
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
  close: { code: number; reason: string };
  /** Every parsed server message. */
  message: ServerMessage;
}
