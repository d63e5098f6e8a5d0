// `reelsync stream`: pushes frames into a room's live source (pixel streaming,
// docs/pixel-streaming.md) over the /stream WebSocket — PNG, OpenEXR or raw RGBA files from a folder at
// --fps, or live frames in the documented binary format from stdin (a renderer's driver writes
// them). Joins the room as a participant first (the server admits members only). Back-pressure:
// a frame waits while the socket still holds more than one unsent frame.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { WebSocket } from 'ws';
import {
  LIVE_ENCODINGS,
  LIVE_HEADER_BYTES,
  LIVE_PATH,
  decodeLiveFrame,
  encodeLiveFrame,
  exrDisplaySize,
  type LiveEncoding,
} from '../../src/protocol/index';
import { syncUrlOf } from '../../sdk/socket';
import { joinFromFlags, type Flags, type Output } from './context';
import { UsageError } from './exitCodes';

export interface StreamFlags {
  fps: string | undefined;
  fromDir: string | undefined;
  stdin: boolean;
  size: string | undefined;
}

export async function stream(flags: Flags, io: Output, options: StreamFlags): Promise<void> {
  if (Boolean(options.fromDir) === options.stdin)
    throw new UsageError('reelsync stream: give either --from-dir DIR or --stdin.');
  const fps = options.fps === undefined ? 24 : Number(options.fps);
  if (!Number.isFinite(fps) || fps <= 0 || fps > 240)
    throw new UsageError(`reelsync stream: --fps "${options.fps}" is not a rate (0–240).`);
  const files = options.fromDir ? await framesIn(options.fromDir) : null;
  const { client } = await joinFromFlags(flags, io, true);
  const credentials = client.credentials;
  const socket = new WebSocket(syncUrlOf(flags.server, LIVE_PATH));
  try {
    await opened(socket);
    socket.send(JSON.stringify({ ...credentialsOrThrow(credentials), role: 'publish' }));
    await ready(socket, io);
    let sent = 0;
    if (files) {
      for (const [index, file] of files.entries()) {
        const started = Date.now();
        await send(socket, await fileFrame(file, index + 1, options.size));
        sent += 1;
        await delay(Math.max(0, 1000 / fps - (Date.now() - started)));
      }
    } else sent = await fromStdin(socket, io);
    io.err(`reelsync: streamed ${sent} frame(s) into room ${credentials?.room ?? ''}`);
  } finally {
    socket.close();
    await client.close();
  }
}

function credentialsOrThrow(value: { room: string; sessionToken: string } | null) {
  if (!value) throw new Error('not in the room');
  return value;
}

async function framesIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new UsageError(`reelsync stream: cannot read the folder ${dir}.`);
  }
  const frames = names.filter((name) => /\.(png|exr|rgba)$/i.test(name)).sort();
  if (frames.length === 0)
    throw new UsageError(`reelsync stream: no .png, .exr or .rgba files in ${dir}.`);
  return frames.map((name) => path.join(dir, name));
}

/**
 * One file as a whole-frame live frame: a PNG or OpenEXR file as it is (the pages decode it; an
 * EXR's size is its display window), raw RGBA with --size WxH.
 */
async function fileFrame(
  file: string,
  frame: number,
  size: string | undefined,
): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(file));
  if (/\.png$/i.test(file)) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 24 || view.getUint32(12) !== 0x49484452)
      throw new Error(`${path.basename(file)} is not a PNG file`);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    return wholeFrame('png', frame, width, height, bytes);
  }
  if (/\.exr$/i.test(file)) {
    const size = exrDisplaySize(bytes);
    if (!size)
      throw new Error(`${path.basename(file)} is not an OpenEXR file (no display window found)`);
    return wholeFrame('exr', frame, size.width, size.height, bytes);
  }
  const match = /^(\d+)x(\d+)$/.exec(size ?? '');
  if (!match) throw new UsageError('reelsync stream: raw .rgba files need --size WIDTHxHEIGHT.');
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (bytes.byteLength !== width * height * 4)
    throw new Error(
      `${path.basename(file)} has ${bytes.byteLength} bytes, not ${width}×${height}×4`,
    );
  return wholeFrame('rgba8', frame, width, height, bytes);
}

function wholeFrame(
  encoding: LiveEncoding,
  frame: number,
  width: number,
  height: number,
  payload: Uint8Array,
): Uint8Array {
  const region = { x: 0, y: 0, regionWidth: width, regionHeight: height };
  return encodeLiveFrame({ encoding, frame, width, height, ...region }, payload);
}

/** Live frames from stdin, each as documented (header, then its payload), checked and sent. */
async function fromStdin(socket: WebSocket, io: Output): Promise<number> {
  let buffer = Buffer.alloc(0);
  let sent = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const length = frameLength(buffer);
      if (length === null || buffer.byteLength < length) break;
      const message = new Uint8Array(buffer.subarray(0, length));
      buffer = buffer.subarray(length);
      const parsed = decodeLiveFrame(message);
      if (!parsed.ok) throw new Error(`stdin frame ${sent + 1}: ${parsed.reason}`);
      await send(socket, message);
      sent += 1;
    }
  }
  if (buffer.byteLength > 0)
    io.err(`reelsync: ${buffer.byteLength} trailing byte(s) on stdin ignored`);
  return sent;
}

/** The whole message's length from its header (null: header not complete yet). */
function frameLength(buffer: Buffer): number | null {
  if (buffer.byteLength < LIVE_HEADER_BYTES) return null;
  if (buffer[5] === LIVE_ENCODINGS.indexOf('exr'))
    throw new Error('stdin: OpenEXR frames have no length to find on a stream; use --from-dir');
  const parsed = decodeLiveFrame(new Uint8Array(buffer.subarray(0, LIVE_HEADER_BYTES)));
  if (
    !parsed.ok &&
    !parsed.reason.includes('bytes of RGBA') &&
    !parsed.reason.includes('empty PNG')
  )
    throw new Error(`stdin: ${parsed.reason}`);
  const view = new DataView(buffer.buffer, buffer.byteOffset, LIVE_HEADER_BYTES);
  const encoding = view.getUint8(5);
  const regionWidth = view.getUint32(28, true);
  const regionHeight = view.getUint32(32, true);
  if (encoding === 0) return LIVE_HEADER_BYTES + regionWidth * regionHeight * 4;

  // PNG: its chunks end with IEND; find it (the PNG's own length is not in our header).
  const end = buffer.indexOf('IEND', LIVE_HEADER_BYTES);
  return end < 0 ? null : end + 8;
}

function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', (error) => reject(error));
  });
}

/** Waits for the server's "ready"; a refusal closes the socket with the reason. */
function ready(socket: WebSocket, io: Output): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.on('message', (data, binary) => {
      if (binary) return;
      const message = JSON.parse(String(data)) as { type: string; message?: string };
      if (message.type === 'ready') resolve();
      else if (message.type === 'error') io.err(`reelsync: ${message.message ?? 'frame refused'}`);
    });
    socket.once('close', (code, reason) =>
      reject(
        new Error(`the server closed the stream (${code}: ${reason.toString() || 'no reason'})`),
      ),
    );
  });
}

/** Sends one frame once the socket holds at most one unsent frame (back-pressure). */
async function send(socket: WebSocket, message: Uint8Array): Promise<void> {
  while (socket.bufferedAmount > message.byteLength) await delay(5);
  if (socket.readyState !== WebSocket.OPEN) throw new Error('the stream closed');
  socket.send(message);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
