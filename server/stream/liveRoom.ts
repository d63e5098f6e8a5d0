// The /stream relay's per-room record and the small wire helpers around it: the hello a socket
// opens with, the status viewers get, and the status one instance tells the others (LiveRelay.ts).
import type { RawData, WebSocket } from 'ws';
import { normalizeRoomCode } from '../../src/protocol/index';
import type { LiveBusMessage } from './LiveBus';

export interface Viewer {
  ws: WebSocket;
  behind: boolean;
}

export interface LiveRoom {
  id: string;
  /** This instance's publishing program. */
  publisher: WebSocket | null;
  /** Another instance's program streams into the room (heard on the bus), and when last heard. */
  remote: { active: boolean; heardAt: number };
  /** The newest picture: its last whole frame and the regions after it, in order. */
  parts: Buffer[];
  bytes: number;
  size: { width: number; height: number } | null;
  frame: number;
  viewers: Set<Viewer>;
  /** The bus: how to stop watching it, and the forwarding of this instance's frames. */
  unwatch: Promise<(() => Promise<void>) | null> | null;
  /** Another instance listens (false once a PUBLISH reached nobody, until a replay request). */
  forwarding: boolean;
  sending: boolean;
  /** Parts arrived while a forward was in flight: send the newest picture when it is done. */
  resend: boolean;
  renewTimer: NodeJS.Timeout | null;
}

export interface Hello {
  room: string;
  sessionToken: string;
  role: 'publish' | 'view';
}

export function status(room: LiveRoom) {
  return {
    type: 'live',
    active: room.publisher !== null || room.remote.active,
    width: room.size?.width ?? 0,
    height: room.size?.height ?? 0,
  };
}

export function statusMessage(room: LiveRoom): LiveBusMessage {
  return {
    kind: 'status',
    active: room.publisher !== null,
    width: room.size?.width ?? 0,
    height: room.size?.height ?? 0,
  };
}

export function parseHello(text: string): Hello | null {
  try {
    const value = JSON.parse(text) as Partial<Hello>;
    const room = typeof value.room === 'string' ? normalizeRoomCode(value.room) : null;
    if (!room || typeof value.sessionToken !== 'string' || value.sessionToken.length > 200)
      return null;
    if (value.role !== 'publish' && value.role !== 'view') return null;
    return { room, sessionToken: value.sessionToken, role: value.role };
  } catch {
    return null;
  }
}

export function rawBuffer(data: RawData): Buffer {
  return Array.isArray(data)
    ? Buffer.concat(data)
    : Buffer.isBuffer(data)
      ? data
      : Buffer.from(data);
}

export function rawText(data: RawData): string {
  return rawBuffer(data).toString('utf8');
}
