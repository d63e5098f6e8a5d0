// Identifiers on the wire: message ids, room codes, tokens, display names. Web Crypto only
// (globalThis.crypto exists in browsers, insecure contexts included, and in Node 20).

/** Room codes avoid look-alikes (0/O, 1/I/L) and U; 30 symbols, 8 per code ≈ 39 bits. */
export const ROOM_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ROOM_CODE_PATTERN =
  '^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$';
const ROOM_CODE_REGEX = new RegExp(ROOM_CODE_PATTERN);

/** Message ids: 1–64 URL-safe characters, unique per sender. */
export const MESSAGE_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Uniform random string over `alphabet` (rejection sampling, so no modulo bias). */
export function randomString(length: number, alphabet: string = ID_ALPHABET): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    const bytes = new Uint8Array(length * 2);
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * Message ids only need to be unique per sender, not secret: a random prefix per page or process
 * (12 base-62 characters ≈ 71 bits) and a counter. One random draw per process instead of one per
 * message: the server stamps an id on every broadcast, and drawing randomness for each one took
 * about 5% of its busy time under cursor load.
 */
const MESSAGE_ID_PREFIX = randomString(12);
let messageCounter = 0;

export function createMessageId(): string {
  messageCounter = (messageCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `${MESSAGE_ID_PREFIX}${messageCounter.toString(36)}`;
}

/** A fresh room code `XXXX-XXXX` from the unambiguous alphabet. */
export function createRoomCode(): string {
  const raw = randomString(8, ROOM_CODE_ALPHABET);
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/** A secret (session token, host token): 32 base-62 characters ≈ 190 bits. */
export function createToken(): string {
  return randomString(32);
}

export function isValidRoomCode(value: unknown): value is string {
  return typeof value === 'string' && ROOM_CODE_REGEX.test(value);
}

/**
 * Normalizes what a person typed or pasted ("abcd efgh", "abcdefgh", " ABCD-EFGH ") to the
 * canonical `XXXX-XXXX`, or returns null when it cannot be a room code.
 */
export function normalizeRoomCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== 8) return null;
  const code = `${compact.slice(0, 4)}-${compact.slice(4)}`;
  return isValidRoomCode(code) ? code : null;
}

export const MAX_DISPLAY_NAME_LENGTH = 32;

/**
 * Cleans a display name for showing to others: drops control and formatting characters
 * (including bidi overrides), collapses whitespace, trims, limits to 32 code points.
 * Returns '' when nothing printable is left (the server then assigns "Guest N").
 */
export function sanitizeDisplayName(input: string): string {
  const cleaned = input
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return Array.from(cleaned).slice(0, MAX_DISPLAY_NAME_LENGTH).join('').trim();
}

/** Longest media file name kept (code points), the extension included. */
export const MAX_MEDIA_NAME_LENGTH = 200;

/**
 * Cleans a media file name for the library and downloads: keeps only the last path segment
 * (no `/`, `\\` or `:`), drops control and formatting characters, collapses whitespace, strips
 * leading dots, and cuts the base (keeping the extension) to MAX_MEDIA_NAME_LENGTH. Returns
 * 'untitled' when nothing usable is left.
 */
export function sanitizeMediaName(input: string): string {
  const lastSegment = input.normalize('NFC').split(/[/\\]/u).pop() ?? '';
  const cleaned = lastSegment
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[:<>"|?*]/gu, '_')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/u, '')
    .trim();
  const chars = Array.from(cleaned);
  if (chars.length === 0) return 'untitled';
  if (chars.length <= MAX_MEDIA_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)).slice(0, 16).join('') : '';
  const base = Array.from(dot > 0 ? cleaned.slice(0, dot) : cleaned);
  return (
    base
      .slice(0, MAX_MEDIA_NAME_LENGTH - Array.from(extension).length)
      .join('')
      .trim() + extension
  );
}
