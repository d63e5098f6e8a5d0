// Share links for rooms: `<origin>/?room=XXXX-XXXX[&pin=…]` — building one, reading one from the
// page's query string (tolerating how people paste codes), and removing it from the address bar.
import { normalizeRoomCode } from '../../protocol/index';

export type ShareLink =
  /** No `room` parameter: an ordinary visit. */
  | { kind: 'none' }
  | { kind: 'room'; roomId: string; pin: string | null }
  /** A `room` parameter that cannot be a room code; `raw` is what was there. */
  | { kind: 'invalid'; raw: string };

/** PINs are 4–32 characters without spaces (as the protocol allows); anything else is ignored. */
export const PIN_PATTERN = /^\S{4,32}$/;

/**
 * `base` is where the player is served: an origin (`https://host:port`) or a URL with a path
 * (`https://review.example.com/reelsync/`, e.g. behind a proxy); the link keeps that path.
 */
export function buildShareLink(base: string, roomId: string, pin?: string | null): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  url.searchParams.set('room', roomId);
  if (pin) url.searchParams.set('pin', pin);
  return url.toString();
}

/** Reads `?room=` (and `?pin=`) from a query string such as `location.search`. */
export function parseShareLink(search: string): ShareLink {
  const params = new URLSearchParams(search);
  const raw = params.get('room');
  if (raw === null) return { kind: 'none' };
  const roomId = normalizeRoomCode(raw);
  if (!roomId) return { kind: 'invalid', raw };
  const pin = params.get('pin');
  return { kind: 'room', roomId, pin: pin !== null && PIN_PATTERN.test(pin) ? pin : null };
}

/** The same URL without the share parameters (so a reload does not re-join by link). */
export function withoutShareParams(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('room');
  url.searchParams.delete('pin');
  return url.toString();
}
