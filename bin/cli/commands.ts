// The reelsync commands (one function each), on the SDK.
import {
  buildDeepLink,
  buildProtocolLink,
  parseDeepLink,
  type DeepLinkTarget,
} from '../../src/protocol/index';
import { NOTES_FORMATS, connect, type NotesFormat, type ReelSyncClient } from '../../sdk/node';
import { UsageError } from './exitCodes';
import {
  connectOptions,
  joinFromFlags,
  requireRoom,
  shareLink,
  type Flags,
  type Output,
} from './context';

export function parseFrame(text: string | undefined): number {
  const frame = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(frame))
    throw new UsageError(`reelsync: "${text ?? ''}" is not a frame number (an integer).`);
  return frame;
}

export function parseFormat(text: string): NotesFormat {
  if (!(NOTES_FORMATS as readonly string[]).includes(text))
    throw new UsageError(`reelsync: --format must be one of ${NOTES_FORMATS.join(', ')}.`);
  return text as NotesFormat;
}

/** The room's state in brief, for `room info` and the shell's `info`. */
export function summary(client: ReelSyncClient) {
  const state = client.state;
  const motion = state?.motion;
  return {
    room: client.room?.roomId ?? null,
    role: client.room?.role ?? null,
    version: client.version,
    frame: state ? client.currentFrame() : null,
    playing: motion?.playing ?? false,
    speed: motion?.speed ?? 1,
    loopMode: motion?.loopMode ?? 'loop',
    inPoint: motion?.inPoint ?? null,
    outPoint: motion?.outPoint ?? null,
    fps: motion?.fps ?? null,
    media: state?.media ?? null,
    users: client.users.map((user) => ({
      name: user.displayName,
      role: user.role,
      connected: user.connected,
    })),
    notes: state?.notes.length ?? 0,
  };
}

export function formatSummary(info: ReturnType<typeof summary>): string {
  return [
    `room     ${info.room ?? '-'}`,
    `media    ${info.media ? `${info.media.name} (${info.media.fps} fps, ${info.media.frameStart}–${info.media.frameEnd})` : 'none'}`,
    `frame    ${info.frame ?? '-'} (${info.playing ? `playing at ${info.speed}×` : 'paused'}, loop ${info.loopMode}, in ${info.inPoint} out ${info.outPoint})`,
    `users    ${info.users.map((user) => `${user.name} [${user.role}${user.connected ? '' : ', away'}]`).join(', ') || 'none'}`,
    `notes    ${info.notes}`,
  ].join('\n');
}

export async function roomCreate(flags: Flags, io: Output): Promise<void> {
  const client = await connect(flags.server, connectOptions(flags));
  try {
    const info = await client.createRoom({
      name: flags.name,
      ...(flags.pin ? { pin: flags.pin } : {}),
    });
    const link = shareLink(flags.server, info.roomId);
    if (flags.json)
      io.out(
        JSON.stringify({
          room: info.roomId,
          link,
          pinProtected: info.pinProtected,
          hostToken: info.hostToken ?? null,
        }),
      );
    else
      io.out(
        `room ${info.roomId}\nlink ${link}${info.pinProtected ? '\n(PIN protected)' : ''}\nhost token ${info.hostToken ?? '-'} (keep it to reclaim host)`,
      );
  } finally {
    await client.close();
  }
}

export async function roomInfo(flags: Flags, io: Output): Promise<void> {
  const { client } = await joinFromFlags(flags, io, false);
  try {
    const info = summary(client);
    io.out(flags.json ? JSON.stringify(info) : formatSummary(info));
  } finally {
    await client.close();
  }
}

export async function playbackCommand(
  flags: Flags,
  io: Output,
  action: 'seek' | 'play' | 'pause',
  frameText?: string,
): Promise<void> {
  const frame = action === 'seek' ? parseFrame(frameText) : 0;
  const { client } = await joinFromFlags(flags, io, true);
  try {
    if (action === 'seek') await client.seek(frame);
    else if (action === 'play') await client.play();
    else await client.pause();
    const info = summary(client);
    io.out(
      flags.json
        ? JSON.stringify({ ok: true, frame: info.frame, playing: info.playing })
        : `${action}: frame ${info.frame}, ${info.playing ? 'playing' : 'paused'}`,
    );
  } finally {
    await client.close();
  }
}

export async function notesExport(flags: Flags, io: Output): Promise<void> {
  const format = parseFormat(flags.format);
  const { client } = await joinFromFlags(flags, io, false);
  try {
    io.out(client.exportNotes(format).replace(/\n$/, ''));
  } finally {
    await client.close();
  }
}

/**
 * Prints the deep link (RVLINK) to the room, at --item/--frame/--in/--out when given, in both
 * forms: the player URL and the web+reelsync: link (docs/deep-links.md). No connection needed.
 */
export function link(flags: Flags, io: Output): void {
  const code = requireRoom(flags);
  const target = linkTarget(flags, code);
  const url = buildDeepLink(flags.server, target);
  const protocolLink = buildProtocolLink(target);
  io.out(
    flags.json
      ? JSON.stringify({ room: target.room, link: url, protocolLink })
      : `${url}\n${protocolLink}`,
  );
}

/** The link's target from the flags, refused with the reason when a value cannot be used. */
function linkTarget(flags: Flags, code: string): DeepLinkTarget {
  const query = new URLSearchParams({ room: code });
  if (flags.pin) query.set('pin', flags.pin);
  for (const name of ['item', 'frame', 'in', 'out'] as const) {
    const value = flags[name];
    if (value !== undefined) query.set(name, value);
  }
  const { target, problems } = parseDeepLink(`?${query.toString()}`);
  if (problems.length > 0) throw new UsageError(`reelsync link: ${problems.join('; ')}.`);
  return target;
}

/** Room events as JSON lines until Ctrl-C (SIGINT/SIGTERM) or the room ends. */
export async function events(flags: Flags, io: Output): Promise<void> {
  const { client, info } = await joinFromFlags(flags, io, false);
  const line = (value: unknown) => io.out(JSON.stringify(value));
  line({
    type: 'joined',
    room: info.roomId,
    role: info.role,
    version: client.version,
    state: client.state,
  });
  client.on('message', (message) => {
    if (message.type === 'pong' || message.type === 'welcome') return;
    line({
      type: message.type,
      version: message.version ?? null,
      userId: message.userId ?? null,
      timestamp: message.timestamp,
      payload: message.payload,
    });
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    client.on('ended', stop);
    client.on('close', stop);
  });
  await client.close();
}
