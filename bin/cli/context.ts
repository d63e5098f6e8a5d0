// Flags shared by every reelsync command, and joining the room they name.
import { buildDeepLink } from '../../src/protocol/index';
import {
  connect,
  type NodeConnectOptions,
  type ReelSyncClient,
  type RoomInfo,
} from '../../sdk/node';
import { UsageError } from './exitCodes';

export interface Flags {
  server: string;
  /** An access token for a server with sign-in (--token or REELSYNC_TOKEN). */
  token?: string;
  room?: string;
  pin?: string;
  name: string;
  role?: 'participant' | 'viewer';
  format: string;
  json: boolean;
  /** push: add to the library without making the shot current. */
  addOnly?: boolean;
  /** link: where the deep link opens (as typed; checked by the link command). */
  item?: string;
  frame?: string;
  in?: string;
  out?: string;
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

export function requireRoom(flags: Flags): string {
  if (!flags.room) throw new UsageError('reelsync: this command needs --room CODE (see --help).');
  return flags.room;
}

/** Connects and joins the --room; `changes` joins as participant unless --role says otherwise. */
export async function joinFromFlags(
  flags: Flags,
  io: Output,
  changes: boolean,
): Promise<{ client: ReelSyncClient; info: RoomInfo }> {
  const code = requireRoom(flags);
  const role = flags.role ?? (changes ? 'participant' : 'viewer');
  const client = await connect(flags.server, connectOptions(flags));
  try {
    const info = await client.joinRoom(code, {
      role,
      name: flags.name,
      ...(flags.pin ? { pin: flags.pin } : {}),
    });
    if (changes) io.err(`reelsync: joined room ${info.roomId} as ${info.role} (${flags.name})`);
    return { client, info };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}

/** How the commands connect: as reelsync-cli, with the access token when one is given. */
export function connectOptions(flags: Flags): NodeConnectOptions {
  return { clientName: 'reelsync-cli', ...(flags.token ? { accessToken: flags.token } : {}) };
}

export function shareLink(server: string, code: string): string {
  return buildDeepLink(server, { room: code });
}
