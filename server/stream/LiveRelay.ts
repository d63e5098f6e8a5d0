// Pixel streaming's server side (docs/pixel-streaming.md): the /stream WebSocket. A program
// (`reelsync stream`, a renderer's display driver) publishes live frames (src/protocol/
// liveFrames.ts) into a room it is a member of; every member's page views them. The relay keeps
// only the newest picture (its last whole frame and the regions since, bounded); a viewer whose
// socket is backed up gets nothing until it drains and then skips to the newest picture — no
// queue grows without bound. Malformed frames are refused with a message to the publisher.
// With several instances (a store with a live bus: Redis) one program streams into a room for
// all of them: the publishing instance holds the room's claim and forwards frames and status to
// the instances whose members watch; those keep their own newest picture and serve their own
// viewers, so a slow viewer anywhere still only skips.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { coversImage, decodeLiveFrame, type LiveFrameHeader } from '../../src/protocol/index';
import { hashToken } from '../auth';
import type { RoomStore } from '../store/RoomStore';
import type { LiveBus, LiveBusMessage } from './LiveBus';
import {
  parseHello,
  rawBuffer,
  rawText,
  status,
  statusMessage,
  type Hello,
  type LiveRoom,
  type Viewer,
} from './liveRoom';

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
/** Another instance's stream counts as ended when its instance is silent this long. */
const REMOTE_SILENCE_MS = 12_000;

export const LIVE_CLOSE = {
  BAD_HELLO: 4400,
  FORBIDDEN: 4403,
  NOT_FOUND: 4404,
  BUSY: 4409,
} as const;

export class LiveRelay {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly timer: NodeJS.Timeout;
  private readonly bus: LiveBus | null;

  constructor(
    private readonly store: RoomStore,
    private readonly logger: Logger,
  ) {
    this.bus = store.liveBus?.() ?? null;
    this.bus?.onReconnect(() => {
      // Pub/sub dropped what was sent meanwhile: ask for the newest pictures again.
      for (const room of this.rooms.values())
        if (!room.publisher) this.busSend(room, { kind: 'replay' });
    });
    this.timer = setInterval(() => this.catchUp(), DRAIN_CHECK_MS);
    this.timer.unref();
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  close(): void {
    clearInterval(this.timer);
    for (const room of this.rooms.values()) {
      if (room.renewTimer) clearInterval(room.renewTimer);
      if (room.publisher) void this.bus?.release(room.id).catch(() => undefined);
    }
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
        this.forgetIfEmpty(room);
      });
      ws.send(JSON.stringify(status(room)));
      for (const part of room.parts) ws.send(part);
      return;
    }
    if (member.role === 'viewer')
      return ws.close(LIVE_CLOSE.FORBIDDEN, 'viewers cannot stream into the room');
    const busy = 'another program is streaming into this room';
    if (room.publisher) return ws.close(LIVE_CLOSE.BUSY, busy);
    if (this.bus) {
      room.publisher = ws; // held while the claim is asked, so a second local program waits its turn
      const claimed = await this.bus.claim(room.id).catch((error: unknown) => {
        this.logger.warn({ err: error, roomId: room.id }, 'live stream claim failed');
        return null;
      });
      if (claimed !== true) {
        room.publisher = null;
        this.forgetIfEmpty(room);
        if (claimed === null)
          return ws.close(1013, 'the server cannot reach its other instances (Redis); try again');
        return ws.close(LIVE_CLOSE.BUSY, busy);
      }
      if (ws.readyState !== ws.OPEN) return this.unpublish(room);
      room.forwarding = true;
      room.renewTimer = setInterval(() => this.renew(room), this.bus.renewEveryMs);
      room.renewTimer.unref();
    }
    room.publisher = ws;
    ws.send(JSON.stringify({ type: 'ready' }));
    this.logger.info({ roomId: hello.room, userId: member.userId }, 'live stream started');
    ws.on('message', (data, binary) => this.publish(ws, room, data, binary));
    ws.on('close', () => this.unpublish(room));
    this.announce(room);
  }

  private unpublish(room: LiveRoom): void {
    room.publisher = null;
    if (room.renewTimer) clearInterval(room.renewTimer);
    room.renewTimer = null;
    void this.bus?.release(room.id).catch(() => undefined);
    this.announce(room);
    this.logger.info({ roomId: room.id }, 'live stream ended');
    this.forgetIfEmpty(room);
  }

  /** Keeps the room's claim, and tells the watching instances the stream is still on. */
  private renew(room: LiveRoom): void {
    if (!this.bus || !room.publisher) return;
    const publisher = room.publisher;
    this.bus.renew(room.id).then(
      (kept) => {
        if (kept) this.busSend(room, statusMessage(room));
        else if (room.publisher === publisher)
          publisher.close(LIVE_CLOSE.BUSY, 'the stream lost its place to another program');
      },
      (error: unknown) =>
        this.logger.warn({ err: error, roomId: room.id }, 'live claim renewal failed'),
    );
  }

  /** The stream's status to this instance's viewers and the other instances. */
  private announce(room: LiveRoom): void {
    this.broadcastText(room, JSON.stringify(status(room)));
    if (this.bus && !room.remote.active) this.busSend(room, statusMessage(room));
  }

  private publish(ws: WebSocket, room: LiveRoom, data: RawData, binary: boolean): void {
    const bytes = rawBuffer(data);
    const parsed = binary ? decodeLiveFrame(bytes) : null;
    if (!parsed?.ok) {
      const reason = parsed ? parsed.reason : 'a text message (frames are binary)';
      ws.send(JSON.stringify({ type: 'error', message: `Frame refused: ${reason}` }));
      return;
    }
    this.accept(room, bytes, parsed.header);
    this.forward(room, bytes);
  }

  /** A frame message joins the room's newest picture and goes to its viewers. */
  private accept(room: LiveRoom, bytes: Buffer, header: LiveFrameHeader): void {
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
    if (resized) this.announce(room);
    for (const viewer of room.viewers) {
      if (viewer.behind || viewer.ws.bufferedAmount > VIEWER_HIGH_WATER) viewer.behind = true;
      else viewer.ws.send(bytes);
    }
  }

  /** Viewers that were behind and have drained get the newest picture (older frames skipped). */
  private catchUp(): void {
    const now = Date.now();
    for (const room of this.rooms.values())
      if (room.remote.active && now - room.remote.heardAt > REMOTE_SILENCE_MS) {
        // The publishing instance went away without saying so: its stream has ended.
        room.remote.active = false;
        this.broadcastText(room, JSON.stringify(status(room)));
      }
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
      room = {
        id: roomId,
        publisher: null,
        remote: { active: false, heardAt: 0 },
        parts: [],
        bytes: 0,
        size: null,
        frame: 0,
        viewers: new Set(),
        unwatch: null,
        forwarding: false,
        sending: false,
        resend: false,
        renewTimer: null,
      };
      this.rooms.set(roomId, room);
      this.watch(room);
    }
    return room;
  }

  private forgetIfEmpty(room: LiveRoom): void {
    if (room.publisher || room.viewers.size > 0 || this.rooms.get(room.id) !== room) return;
    this.rooms.delete(room.id);
    void room.unwatch?.then((stop) => stop?.()).catch(() => undefined);
  }

  // --- Between instances (the live bus) ---

  /** Hears the room's other instances, and asks a publishing one for its newest picture. */
  private watch(room: LiveRoom): void {
    if (!this.bus) return;
    room.unwatch = this.bus
      .watch(room.id, (message) => this.heard(room, message))
      .then(
        (stop) => {
          this.busSend(room, { kind: 'replay' });
          return stop;
        },
        (error: unknown) => {
          this.logger.warn({ err: error, roomId: room.id }, 'live stream watch failed');
          return null;
        },
      );
  }

  private heard(room: LiveRoom, message: LiveBusMessage): void {
    if (message.kind === 'replay') {
      if (!room.publisher) return;
      // An instance with new viewers: forward again, starting from the newest picture.
      room.forwarding = true;
      this.busSend(room, statusMessage(room));
      this.sendParts(room, [...room.parts]);
      return;
    }
    if (room.publisher) return; // our own program holds the room; nothing else may stream
    room.remote.heardAt = Date.now();
    if (message.kind === 'status') {
      const changed =
        room.remote.active !== message.active ||
        room.size?.width !== message.width ||
        room.size?.height !== message.height;
      room.remote.active = message.active;
      if (message.width > 0 && message.height > 0)
        room.size = { width: message.width, height: message.height };
      if (changed) this.broadcastText(room, JSON.stringify(status(room)));
      return;
    }
    const parsed = decodeLiveFrame(message.bytes);
    if (!parsed.ok) return; // checked by the publishing instance; a torn message is skipped
    if (!room.remote.active) {
      room.remote.active = true;
      this.broadcastText(room, JSON.stringify(status(room)));
    }
    this.accept(room, Buffer.from(message.bytes), parsed.header);
  }

  /** Forwards a frame message to watching instances; one send at a time, newest picture wins. */
  private forward(room: LiveRoom, bytes: Buffer): void {
    if (!this.bus || !room.forwarding) return;
    if (room.sending) room.resend = true;
    else this.sendParts(room, [bytes]);
  }

  private sendParts(room: LiveRoom, parts: Buffer[]): void {
    const bus = this.bus;
    if (!bus || parts.length === 0) return;
    if (room.sending) {
      room.resend = true;
      return;
    }
    room.sending = true;
    void (async () => {
      for (const bytes of parts) {
        const listened = await bus
          .send(room.id, { kind: 'frame', bytes })
          .catch((error: unknown) => {
            this.logger.debug({ err: error, roomId: room.id }, 'live frame not forwarded');
            return true; // Redis trouble, not an absence of listeners: try the next picture
          });
        if (!listened) room.forwarding = false;
      }
      room.sending = false;
      const again = room.resend;
      room.resend = false;
      if (again && room.forwarding && room.publisher) this.sendParts(room, [...room.parts]);
    })();
  }

  private busSend(room: LiveRoom, message: LiveBusMessage): void {
    void this.bus
      ?.send(room.id, message)
      .catch((error: unknown) =>
        this.logger.debug({ err: error, roomId: room.id }, 'live bus message not sent'),
      );
  }
}
