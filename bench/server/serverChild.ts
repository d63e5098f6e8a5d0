// A benchmark target in its own process: the real ReelSync server (startServer), a minimal
// raw `ws` relay, or a Socket.IO relay, on 127.0.0.1 port 0. The parent talks to it over IPC:
// it reports its URL once listening and answers `stats` (CPU time, memory; after a full GC
// for `gc`) so server cost is measured in the server's process only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
import { startServer } from '../../server/index';
import type { ChildRequest, ChildStats, ServerSpec } from './protocol';

const spec = JSON.parse(process.env.BENCH_SERVER_SPEC ?? '{}') as ServerSpec;

async function start(): Promise<{ url: string; close(): Promise<void> }> {
  switch (spec.kind) {
    case 'reelsync':
      return startReelSync();
    case 'raw':
      return startRawRelay();
    case 'socketio':
      return startSocketIo();
  }
}

async function startReelSync() {
  const staticDir = mkdtempSync(path.join(tmpdir(), 'reelsync-bench-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>bench</title>');
  // All load comes from 127.0.0.1 and the saturation runs need far more than a person sends:
  // lift the per-client rate limits, room capacity and per-address limits (see performance.md).
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    staticDir,
    logLevel: 'warn',
    roomCapacity: 1000,
    maxRoomsPerAddress: 1_000_000,
    maxConnections: 50_000,
    // Every simulated client comes from 127.0.0.1.
    maxConnectionsPerAddress: 50_000,
    stateRate: 1_000_000,
    stateBurst: 1_000_000,
    liveRate: 1_000_000,
    liveBurst: 1_000_000,
    roomOpRate: 1_000,
    roomOpBurst: 1_000,
    handshakeTimeoutMs: 60_000,
    ...(spec.redisUrl ? { redisUrl: spec.redisUrl, redisPrefix: spec.redisPrefix } : {}),
  });
  return { url: server.syncUrl, close: () => server.close() };
}

/** The baseline: receive, JSON.parse, broadcast the received frame to the rest of the room. */
async function startRawRelay() {
  const rooms = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws, req) => {
    const roomId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('room') ?? '';
    let room = rooms.get(roomId);
    if (!room) rooms.set(roomId, (room = new Set()));
    const members = room;
    members.add(ws);
    ws.on('message', (data, isBinary) => {
      try {
        JSON.parse(data.toString());
      } catch {
        return;
      }
      for (const peer of members)
        if (peer !== ws && peer.readyState === 1) peer.send(data, { binary: isBinary });
    });
    ws.on('close', () => {
      members.delete(ws);
      if (members.size === 0) rooms.delete(roomId);
    });
    ws.send('{"type":"joined"}');
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

/** Socket.IO with its websocket transport only: join a room, broadcast to the rest of it. */
async function startSocketIo() {
  const http = createServer();
  const io = new SocketIoServer(http, { transports: ['websocket'], serveClient: false });
  io.on('connection', (socket) => {
    let roomId = '';
    socket.on('join', (room: string) => {
      roomId = room;
      void socket.join(room);
      socket.emit('joined');
    });
    socket.on('m', (message: unknown) => {
      socket.to(roomId).emit('m', message);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

function stats(): ChildStats {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return {
    wallMs: performance.now(),
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    external: mem.external + mem.arrayBuffers,
  };
}

const running = await start();
process.send?.({ type: 'ready', url: running.url });
process.on('message', (request: ChildRequest) => {
  if (request.type === 'stats') {
    if (request.gc) {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
    }
    process.send?.({ type: 'stats', id: request.id, stats: stats() });
  } else if (request.type === 'close') {
    void running.close().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
