// The /stream WebSocket as tests use it: a member's live socket that records the status texts
// and the numbers of the frames it receives, and small whole frames to publish.
import { WebSocket } from 'ws';
import { encodeLiveFrame, decodeLiveFrame } from '../../../src/protocol/index';
import type { Joined } from './rooms';

export interface LiveSocket {
  socket: WebSocket;
  texts: Array<{ type: string; message?: string; active?: boolean }>;
  frames: number[];
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens /stream on the server of `syncUrl` as `member` and says hello. */
export async function openLive(
  syncUrl: string,
  member: Joined,
  role: 'publish' | 'view',
  token = member.joined.payload.sessionToken,
): Promise<LiveSocket> {
  const socket = new WebSocket(syncUrl.replace(/\/sync$/, '/stream'));
  const texts: LiveSocket['texts'] = [];
  const frames: number[] = [];
  socket.on('message', (data: Buffer, binary) => {
    if (!binary) texts.push(JSON.parse(data.toString()) as LiveSocket['texts'][number]);
    else {
      const parsed = decodeLiveFrame(new Uint8Array(data));
      if (parsed.ok) frames.push(parsed.header.frame);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ room: member.joined.payload.roomId, sessionToken: token, role }));
  return { socket, texts, frames, closed };
}

/** A whole square frame numbered `number`, every byte `number % 256`. */
export const frame = (number: number, side = 4) =>
  encodeLiveFrame(
    {
      encoding: 'rgba8',
      frame: number,
      width: side,
      height: side,
      x: 0,
      y: 0,
      regionWidth: side,
      regionHeight: side,
    },
    new Uint8Array(side * side * 4).fill(number % 256),
  );
