// Pixel streaming's server side (docs/pixel-streaming.md): the /stream WebSocket. A program
// (`reelsync stream`, a renderer's display driver) publishes live frames (src/protocol/
// liveFrames.ts) into a room it is a member of; every member's page views them. The relay keeps
// only the newest picture (its last whole frame and the regions since, bounded); a viewer whose
// socket is backed up gets nothing until it drains and then skips to the newest picture — no
// queue grows without bound. Malformed frames are refused with a message to the publisher.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { coversImage, decodeLiveFrame, normalizeRoomCode } from '../../src/protocol/index';
import { hashToken } from '../auth';
import type { RoomStore } from '../store/RoomStore';

/** Largest message (a 4K RGBA frame is 33 MB; a 16K one would not fit and is refused). */
const MAX_MESSAGE_BYTES = 96 * 1024 * 1024;
/** A viewer with more than this unsent is "behind": it skips to the newest picture. */
const VIEWER_HIGH_WATER = 24 * 1024 * 1024;
/** The newest picture's parts kept at most (a renderer's buckets since the last whole frame). */
const PICTURE_MAX_BYTES = 160 * 1024 * 1024;
/** How often backed-up viewers are checked for having drained. */
const DRAIN_CHECK_MS = 50;
/** Time allowed between connect and the hello. */
const HELLO_TIMEOUT_MS = 10_000;

export const LIVE_CLOSE = {
  BAD_HELLO: 4400,
  FORBIDDEN: 4403,
  NOT_FOUND: 4404,
  BUSY: 4409,
} as const;

interface Viewer {
  ws: WebSocket;
  behind: boolean;
}

interface LiveRoom {
  publisher: WebSocket | null;
  /** The newest picture: its last whole frame and the regions after it, in order. */
  parts: Buffer[];
  bytes: number;
  size: { width: number; height: number } | null;
  frame: number;
  viewers: Set<Viewer>;
}

interface Hello {
  room: string;
  sessionToken: string;
  role: 'publish' | 'view';
}

export class LiveRelay {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: RoomStore,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => this.catchUp(), DRAIN_CHECK_MS);
    this.timer.unref();
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  close(): void {
    clearInterval(this.timer);
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.rooms.clear();
  }

  private connected(ws: WebSocket): void {
    const timeout = setTimeout(() => ws.close(LIVE_CLOSE.BAD_HELLO, 'no hello'), HELLO_TIMEOUT_MS);
    ws.once('message', (data, binary) => {
      clearTimeout(timeout);
      const hello = binary ? null : parseHello(rawText(data));
      if (!hello)
        return ws.close(
          LIVE_CLOSE.BAD_HELLO,
          'first message: {"room","sessionToken","role":"publish"|"view"}',
        );
      void this.admit(ws, hello).catch((error: unknown) => {
        this.logger.error({ err: error }, 'live stream admission failed');
        ws.close(1011, 'server error');
      });
    });
    ws.on('error', () => undefined);
  }

  private async admit(ws: WebSocket, hello: Hello): Promise<void> {
    const member = await this.store.findMemberBySession(hello.room, hashToken(hello.sessionToken));
    if (!member) return ws.close(LIVE_CLOSE.NOT_FOUND, 'not a member of this room (join it first)');
    const room = this.room(hello.room);
    if (hello.role === 'view') {
      const viewer: Viewer = { ws, behind: false };
      room.viewers.add(viewer);
      ws.on('close', () => {
        room.viewers.delete(viewer);
        this.forgetIfEmpty(hello.room, room);
      });
      ws.send(JSON.stringify(status(room)));
      for (const part of room.parts) ws.send(part);
      return;
    }
    if (member.role === 'viewer')
      return ws.close(LIVE_CLOSE.FORBIDDEN, 'viewers cannot stream into the room');
    if (room.publisher)
      return ws.close(LIVE_CLOSE.BUSY, 'another program is streaming into this room');
    room.publisher = ws;
    ws.send(JSON.stringify({ type: 'ready' }));
    this.logger.info({ roomId: hello.room, userId: member.userId }, 'live stream started');
    ws.on('message', (data, binary) => this.publish(ws, room, data, binary));
    ws.on('close', () => {
      room.publisher = null;
      this.broadcastText(room, JSON.stringify({ ...status(room), active: false }));
      this.logger.info({ roomId: hello.room }, 'live stream ended');
      this.forgetIfEmpty(hello.room, room);
    });
    this.broadcastText(room, JSON.stringify(status(room)));
  }

  private publish(ws: WebSocket, room: LiveRoom, data: RawData, binary: boolean): void {
    const bytes = rawBuffer(data);
    const parsed = binary ? decodeLiveFrame(bytes) : null;
    if (!parsed?.ok) {
      const reason = parsed ? parsed.reason : 'a text message (frames are binary)';
      ws.send(JSON.stringify({ type: 'error', message: `Frame refused: ${reason}` }));
      return;
    }
    const { header } = parsed;
    const resized =
      !room.size || room.size.width !== header.width || room.size.height !== header.height;
    if (coversImage(header) || resized) {
      room.parts = [];
      room.bytes = 0;
    }
    room.parts.push(bytes);
    room.bytes += bytes.byteLength;
    // Bounded: the oldest regions go first (the picture keeps its newest ones).
    while (room.bytes > PICTURE_MAX_BYTES && room.parts.length > 1)
      room.bytes -= room.parts.shift()?.byteLength ?? 0;
    room.size = { width: header.width, height: header.height };
    room.frame = header.frame;
    if (resized) this.broadcastText(room, JSON.stringify(status(room)));
    for (const viewer of room.viewers) {
      if (viewer.behind || viewer.ws.bufferedAmount > VIEWER_HIGH_WATER) viewer.behind = true;
      else viewer.ws.send(bytes);
    }
  }

  /** Viewers that were behind and have drained get the newest picture (older frames skipped). */
  private catchUp(): void {
    for (const room of this.rooms.values())
      for (const viewer of room.viewers) {
        if (!viewer.behind || viewer.ws.bufferedAmount > 0) continue;
        viewer.behind = false;
        for (const part of room.parts) viewer.ws.send(part);
      }
  }

  private broadcastText(room: LiveRoom, text: string): void {
    for (const viewer of room.viewers) viewer.ws.send(text);
  }

  private room(roomId: string): LiveRoom {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = { publisher: null, parts: [], bytes: 0, size: null, frame: 0, viewers: new Set() };
      this.rooms.set(roomId, room);
    }
    return room;
  }

  private forgetIfEmpty(roomId: string, room: LiveRoom): void {
    if (!room.publisher && room.viewers.size === 0) this.rooms.delete(roomId);
  }
}

function status(room: LiveRoom) {
  return {
    type: 'live',
    active: room.publisher !== null,
    width: room.size?.width ?? 0,
    height: room.size?.height ?? 0,
  };
}

function parseHello(text: string): Hello | null {
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

function rawBuffer(data: RawData): Buffer {
  return Array.isArray(data)
    ? Buffer.concat(data)
    : Buffer.isBuffer(data)
      ? data
      : Buffer.from(data);
}

function rawText(data: RawData): string {
  return rawBuffer(data).toString('utf8');
}
