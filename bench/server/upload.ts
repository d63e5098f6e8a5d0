// Upload throughput: the same bytes uploaded through ReelSync's tus endpoint (tus-js-client,
// as the player does, into the local media store) and as one plain HTTP PUT to a minimal Node
// server that writes the body to a file, on the same machine, alternating runs. Reports MB/s
// of each and the ratio (target ≥ 0.8×); a second PUT server with the upload store's write buffer
// shows what that buffer alone is worth. Everything runs in this process (client and servers
// share one event loop), which costs both sides alike.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Upload } from 'tus-js-client';
import { WebSocket } from 'ws';
import {
  PROTOCOL_VERSION,
  createClientMessage,
  serializeMessage,
  type ClientMessageType,
  type ClientPayload,
  type ServerMessage,
} from '../../src/protocol/index';
import { startServer, type RunningServer } from '../../server/index';
import { DEFAULT_CHUNK_BYTES } from '../../src/features/library/UploadManager';
import { UPLOAD_WRITE_BUFFER_BYTES } from '../../server/media/uploadFileStore';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';
import { createHash } from 'node:crypto';

const MB = 1024 * 1024;

/** A host in a new room, able to register items and fetch a media token. */
async function hostSession(server: RunningServer) {
  const ws = new WebSocket(server.syncUrl);
  const inbox: ServerMessage[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data: Buffer) => {
    inbox.push(JSON.parse(data.toString()) as ServerMessage);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const send = <K extends ClientMessageType>(type: K, payload: ClientPayload<K>) => {
    const message = createClientMessage(type, payload);
    ws.send(serializeMessage(message));
    return message.id;
  };
  const reply = async (id: string): Promise<ServerMessage> => {
    for (;;) {
      const found = inbox.find((message) => 'replyTo' in message && message.replyTo === id);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  await reply(send('hello', { protocolVersion: PROTOCOL_VERSION }));
  const joined = await reply(send('room.create', {}));
  if (joined.type !== 'room.joined') throw new Error(`room.create: ${joined.type}`);
  const { roomId, sessionToken } = joined.payload;
  const response = await fetch(`${server.url}/api/media/token`, {
    method: 'POST',
    body: JSON.stringify({ room: roomId, sessionToken }),
  });
  const { token } = (await response.json()) as { token: string };
  return {
    roomId,
    token,
    async register(bytes: Buffer): Promise<string> {
      const sha = createHash('sha256').update(bytes).digest('hex');
      const answer = await reply(
        send('library.add', {
          item: { id: sha, kind: 'upload', name: 'bench.mov', size: bytes.length },
        }),
      );
      if (answer.type !== 'sync.library') throw new Error(`library.add: ${JSON.stringify(answer)}`);
      return sha;
    },
    /** Resolves once the server finished with the item (hash check and probe). */
    async settled(sha: string): Promise<void> {
      const done = (message: ServerMessage) =>
        message.type === 'sync.library' &&
        message.payload.op === 'upsert' &&
        message.payload.item.id === sha &&
        (message.payload.item.state === 'ready' || message.payload.item.state === 'failed');
      while (!inbox.some(done)) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () => ws.close(),
  };
}

function tusUpload(
  url: string,
  bytes: Buffer,
  metadata: Record<string, string>,
  chunkSize: number,
) {
  return new Promise<void>((resolve, reject) => {
    const upload = new Upload(bytes, {
      endpoint: `${url}/api/uploads`,
      metadata,
      chunkSize,
      retryDelays: [],
      onSuccess: () => resolve(),
      onError: reject,
    });
    upload.start();
  });
}

/**
 * The baseline: a server that writes one PUT body to a file (Node's default write buffer), or
 * with `highWaterMark`, the same write buffer as ReelSync's upload store.
 */
async function plainPutServer(
  dir: string,
  highWaterMark?: number,
): Promise<{ url: string; server: Server }> {
  let count = 0;
  const server = createServer((req, res) => {
    const file = path.join(dir, `put-${highWaterMark ?? 'default'}-${count++}`);
    pipeline(req, createWriteStream(file, { highWaterMark })).then(
      () => res.writeHead(204).end(),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** One tus creation, then the whole body as one raw PATCH (no client library). */
async function rawTus(url: string, bytes: Buffer, metadata: Record<string, string>): Promise<void> {
  const created = await fetch(`${url}/api/uploads`, {
    method: 'POST',
    headers: {
      'tus-resumable': '1.0.0',
      'upload-length': String(bytes.length),
      'upload-metadata': Object.entries(metadata)
        .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
        .join(','),
    },
  });
  const location = new URL(created.headers.get('location') ?? '', url).toString();
  await send(location, 'PATCH', bytes, {
    'tus-resumable': '1.0.0',
    'upload-offset': '0',
    'content-type': 'application/offset+octet-stream',
  });
}

function put(url: string, bytes: Buffer): Promise<void> {
  return send(`${url}/upload`, 'PUT', bytes, {});
}

function send(
  url: string,
  method: string,
  bytes: Buffer,
  headers: Record<string, string>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { ...headers, 'content-length': String(bytes.length) } },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 204 ? resolve() : reject(new Error(`PUT ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

interface Variant {
  key: string;
  label: string;
  upload(url: string, bytes: Buffer, metadata: Record<string, string>): Promise<void>;
}

const VARIANTS: Variant[] = [
  {
    key: 'tus-whole',
    label: 'tus-js-client, one PATCH',
    upload: (url, bytes, metadata) => tusUpload(url, bytes, metadata, Infinity),
  },
  {
    key: 'tus-8mib',
    label: 'tus-js-client, 8 MiB chunks (the player before 2026-12-07)',
    upload: (url, bytes, metadata) => tusUpload(url, bytes, metadata, 8 * MB),
  },
  {
    key: 'tus-player',
    label: `tus-js-client, ${DEFAULT_CHUNK_BYTES / MB} MiB chunks (as the player)`,
    upload: (url, bytes, metadata) => tusUpload(url, bytes, metadata, DEFAULT_CHUNK_BYTES),
  },
  { key: 'tus-raw', label: 'one raw tus PATCH (no client library)', upload: rawTus },
];

async function run(context: BenchContext): Promise<BenchResult> {
  const sizeMb = context.quick ? 64 : 512;
  const rounds = context.quick ? 3 : 5;
  const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-bench-upload-'));
  const staticDir = mkdtempSync(path.join(tmpdir(), 'reelsync-bench-static-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    staticDir,
    logLevel: 'silent',
    dataDir: path.join(dir, 'data'),
    uploadsPerMinute: 10_000,
  });
  const plain = await plainPutServer(dir);
  const buffered = await plainPutServer(dir, UPLOAD_WRITE_BUFFER_BYTES);
  const host = await hostSession(server);
  const rates: Record<string, number[]> = { put: [], 'put-buffered': [] };
  for (const variant of VARIANTS) rates[variant.key] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      // Fresh bytes each round: a new item (content-addressed), nothing cached.
      const bytes = randomBytes(sizeMb * MB);
      let began = performance.now();
      await put(plain.url, bytes);
      rates.put?.push(sizeMb / ((performance.now() - began) / 1000));
      began = performance.now();
      await put(buffered.url, bytes);
      rates['put-buffered']?.push(sizeMb / ((performance.now() - began) / 1000));
      for (const [index, variant] of VARIANTS.entries()) {
        const copy = Buffer.concat([bytes.subarray(0, bytes.length - 1), Buffer.from([index])]);
        const sha = await host.register(copy);
        began = performance.now();
        await variant.upload(server.url, copy, {
          filename: 'bench.mov',
          sha256: sha,
          room: host.roomId,
          token: host.token,
        });
        rates[variant.key]?.push(sizeMb / ((performance.now() - began) / 1000));
        // The hash check and probe run after the upload: let them end before the next one.
        await host.settled(sha);
      }
      context.log(
        `round ${round + 1}/${rounds}: ${Object.entries(rates)
          .map(([k, v]) => `${k} ${Math.round(v.at(-1) ?? 0)} MB/s`)
          .join(', ')}`,
      );
      await rm(path.join(dir, 'data', 'media'), { recursive: true, force: true });
    }
  } finally {
    host.close();
    await server.close();
    await new Promise((resolve) => plain.server.close(resolve));
    await new Promise((resolve) => buffered.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
    await rm(staticDir, { recursive: true, force: true });
  }
  const putRate = median(rates.put ?? []);
  const ratio = (key: string) => median(rates[key] ?? []) / putRate;
  const rows = [
    ['plain HTTP PUT (baseline)', Math.round(putRate), '1.00×'],
    [
      `plain HTTP PUT, ${UPLOAD_WRITE_BUFFER_BYTES / MB} MiB write buffer (as ReelSync's store)`,
      Math.round(median(rates['put-buffered'] ?? [])),
      `${ratio('put-buffered').toFixed(2)}×`,
    ],
    ...VARIANTS.map((variant) => [
      variant.label,
      Math.round(median(rates[variant.key] ?? [])),
      `${ratio(variant.key).toFixed(2)}×`,
    ]),
  ];
  const player = ratio('tus-player');
  return {
    name: 'upload',
    title: 'Upload throughput: tus vs a plain HTTP PUT',
    tables: [
      {
        caption: `${sizeMb} MiB, median of ${rounds} rounds`,
        columns: ['upload', 'MB/s', 'vs PUT'],
        rows,
      },
    ],
    targets: [
      {
        target: 'tus (as the player uploads) ≥ 0.8× plain PUT',
        measured: `${player.toFixed(2)}×`,
        met: player >= 0.8,
      },
    ],
    data: { sizeMb, rounds, rates },
    notes: [
      'Client and all servers run in the bench process (loopback); each upload is written to disk.',
      `The target compares with the minimal PUT server (Node's default 16 KiB write buffer); the row with the ${UPLOAD_WRITE_BUFFER_BYTES / MB} MiB buffer ReelSync's upload store uses shows what the buffer alone is worth.`,
      'tus time ends when the last PATCH is answered (bytes in the upload area); the SHA-256 check and probe run after it, before the next upload starts.',
    ],
  };
}

export const uploadThroughput: Benchmark = {
  name: 'upload',
  description: 'tus upload throughput vs a plain HTTP PUT of the same bytes (target ≥ 0.8×)',
  run,
};
