// Short-lived media tokens: `m1.<room>.<userId>.<expiresAt>.<mac>`, an HMAC (the server's room
// secret, so every instance sharing the secret accepts them) over the room, the user and the
// expiry. A token lets its holder fetch the media its room holds, nothing else; players get one
// with their session token (POST /api/media/token) and refresh it before it expires.
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_LENGTH = 32;

export interface MediaGrant {
  roomId: string;
  userId: string;
  expiresAt: number;
}

export type TokenCheck = { ok: true; grant: MediaGrant } | { ok: false; reason: string };

export class MediaTokens {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.key = Buffer.from(`media:${secret}`, 'utf8');
  }

  issue(roomId: string, userId: string): { token: string; expiresAt: number } {
    const expiresAt = this.now() + this.ttlMs;
    const body = `m1.${roomId}.${userId}.${expiresAt.toString(36)}`;
    return { token: `${body}.${this.mac(body)}`, expiresAt };
  }

  check(token: string | null | undefined): TokenCheck {
    if (!token) return { ok: false, reason: 'no media token' };
    const parts = token.split('.');
    const [version, roomId, userId, expiry, mac] = parts;
    if (parts.length !== 5 || version !== 'm1' || !roomId || !userId || !expiry || !mac)
      return { ok: false, reason: 'malformed media token' };
    const body = parts.slice(0, 4).join('.');
    const expected = Buffer.from(this.mac(body));
    const actual = Buffer.from(mac);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
      return { ok: false, reason: 'media token not signed by this server' };
    const expiresAt = parseInt(expiry, 36);
    if (!Number.isFinite(expiresAt) || expiresAt <= this.now())
      return { ok: false, reason: 'media token expired; fetch a new one' };
    return { ok: true, grant: { roomId, userId, expiresAt } };
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url').slice(0, MAC_LENGTH);
  }
}
