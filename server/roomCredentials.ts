// Room credentials the server can check without remembering them: session and host tokens
// carry an HMAC (server secret) over the room code (and user id), so after a restart that lost
// every room (memory store) the room's host can prove it held the room and re-create it under
// the same code, and its members can prove they were in it. A stranger who knows the code has
// no such token and cannot claim it. The secret comes from --room-secret / ROOM_SECRET, or a
// file created once (~/.reelsync/room-secret, mode 0600) so it survives restarts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { randomString } from '../src/protocol/index';

const MAC_LENGTH = 32;

export const DEFAULT_ROOM_SECRET_FILE = path.join(homedir(), '.reelsync', 'room-secret');

export class RoomCredentials {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(secret, 'utf8');
  }

  /** `<random>.<mac>`: proves its holder was given the host role of `roomId` by this server. */
  hostToken(roomId: string): string {
    const nonce = randomString(24);
    return `${nonce}.${this.mac(`host:${roomId}:${nonce}`)}`;
  }

  /** `<userId>.<random>.<mac>`: proves its holder was the member `userId` of `roomId`. */
  sessionToken(roomId: string, userId: string): string {
    const nonce = randomString(24);
    return `${userId}.${nonce}.${this.mac(`session:${roomId}:${userId}:${nonce}`)}`;
  }

  isHostToken(roomId: string, token: string): boolean {
    const [nonce, mac, ...rest] = token.split('.');
    if (!nonce || !mac || rest.length > 0) return false;
    return this.matches(mac, `host:${roomId}:${nonce}`);
  }

  /** The user id a session token was issued to in `roomId`, or null when it was not. */
  sessionUser(roomId: string, token: string): string | null {
    const [userId, nonce, mac, ...rest] = token.split('.');
    if (!userId || !nonce || !mac || rest.length > 0) return null;
    return this.matches(mac, `session:${roomId}:${userId}:${nonce}`) ? userId : null;
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url').slice(0, MAC_LENGTH);
  }

  private matches(mac: string, text: string): boolean {
    const expected = Buffer.from(this.mac(text));
    const actual = Buffer.from(mac);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

/**
 * The configured secret, else the one in `file` (created on first start). When the file cannot
 * be read or written, a secret for this process only: rooms then cannot be restored after a
 * restart (logged).
 */
export async function loadRoomSecret(
  configured: string | undefined,
  logger: Logger,
  file: string = DEFAULT_ROOM_SECRET_FILE,
): Promise<string> {
  if (configured) return configured;
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 32) return stored;
  } catch {
    // Not there yet: created below.
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    logger.info({ file }, 'room secret created');
    return secret;
  } catch {
    // Another process created it meanwhile: use theirs.
    try {
      const stored = (await readFile(file, 'utf8')).trim();
      if (stored.length >= 32) return stored;
    } catch {
      // fall through
    }
  }
  logger.warn(
    { file },
    'room secret file not usable: rooms lost in a restart cannot be restored (set ROOM_SECRET)',
  );
  return secret;
}
