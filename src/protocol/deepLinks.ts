// Deep links (RV's RVLINK; docs/deep-links.md): `<player>/?room=K7QX-M2PD&item=…&frame=1012&
// in=1001&out=1100` opens the player in a room at an item, a frame and an in/out range;
// `web+reelsync:?room=…&frame=…` is the same link for the installed protocol handler, which the
// browser hands to the page as `?link=web%2Breelsync%3A…`. Reading, writing and unwrapping them
// (the player, the SDK and the command line share this); no DOM.
import { normalizeRoomCode } from './ids';

export const LINK_SCHEME = 'web+reelsync';
/** The query parameter the protocol handler passes the whole `web+reelsync:` link in. */
export const LINK_PARAM = 'link';
/** Every parameter a deep link may carry (room and pin are the share link's). */
export const DEEP_LINK_PARAMS = ['room', 'pin', 'item', 'frame', 'in', 'out'] as const;

export interface DeepLinkTarget {
  room?: string;
  pin?: string;
  /** A playlist item id (opened when the player has a playlist; see LinkItems). */
  item?: string;
  frame?: number;
  inFrame?: number;
  outFrame?: number;
}

export interface ParsedDeepLink {
  target: DeepLinkTarget;
  /** What could not be used, in words for the person who opened the link. */
  problems: string[];
}

const ITEM_PATTERN = /^[\w.:-]{1,128}$/;
const FRAME_LIMIT = 10_000_000;

/** Reads a deep link's parameters from a query string (`location.search`). */
export function parseDeepLink(search: string): ParsedDeepLink {
  const params = new URLSearchParams(search);
  const target: DeepLinkTarget = {};
  const problems: string[] = [];
  const room = params.get('room');
  if (room !== null) {
    const code = normalizeRoomCode(room);
    if (code) target.room = code;
    else problems.push(`room "${room.slice(0, 20)}" is not a room code (XXXX-XXXX)`);
  }
  const pin = params.get('pin');
  if (pin) target.pin = pin;
  const item = params.get('item');
  if (item !== null) {
    if (ITEM_PATTERN.test(item)) target.item = item;
    else problems.push(`item "${item.slice(0, 20)}" is not an item id`);
  }
  for (const [name, key] of [
    ['frame', 'frame'],
    ['in', 'inFrame'],
    ['out', 'outFrame'],
  ] as const) {
    const raw = params.get(name);
    if (raw === null) continue;
    const value = Number(raw);
    if (raw.trim() !== '' && Number.isInteger(value) && Math.abs(value) <= FRAME_LIMIT)
      target[key] = value;
    else problems.push(`${name} "${raw.slice(0, 20)}" is not a frame number`);
  }
  if (
    target.inFrame !== undefined &&
    target.outFrame !== undefined &&
    target.inFrame > target.outFrame
  ) {
    problems.push(`in ${target.inFrame} is after out ${target.outFrame}`);
    delete target.inFrame;
    delete target.outFrame;
  }
  return { target, problems };
}

/** Whether the target asks for anything beyond joining a room. */
export function movesPlayhead(target: DeepLinkTarget): boolean {
  return (
    target.item !== undefined ||
    target.frame !== undefined ||
    target.inFrame !== undefined ||
    target.outFrame !== undefined
  );
}

function query(target: DeepLinkTarget): { toString(): string } {
  const params = new URLSearchParams();
  if (target.room) params.set('room', target.room);
  if (target.pin) params.set('pin', target.pin);
  if (target.item) params.set('item', target.item);
  if (target.frame !== undefined) params.set('frame', String(target.frame));
  if (target.inFrame !== undefined) params.set('in', String(target.inFrame));
  if (target.outFrame !== undefined) params.set('out', String(target.outFrame));
  return params;
}

/** `<base>/?room=…&frame=…` (base: the player's address, path kept). */
export function buildDeepLink(base: string, target: DeepLinkTarget): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = query(target).toString();
  url.hash = '';
  return url.toString();
}

/** `web+reelsync:?room=…&frame=…`: opens in whichever player page installed the handler. */
export function buildProtocolLink(target: DeepLinkTarget): string {
  return `${LINK_SCHEME}:?${query(target).toString()}`;
}

/** The URL template given to navigator.registerProtocolHandler (`%s`: the whole link). */
export function protocolHandlerUrl(base: string): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return `${url.toString()}?${LINK_PARAM}=%s`;
}

export type Unwrapped =
  { kind: 'none' } | { kind: 'link'; search: string } | { kind: 'invalid'; reason: string };

/**
 * A page opened by the protocol handler (`?link=web+reelsync:?room=…`): the query the link
 * carries, to put in the address bar in its place. Parameters beside `link` are dropped.
 */
export function unwrapProtocolLink(search: string): Unwrapped {
  const raw = new URLSearchParams(search).get(LINK_PARAM);
  if (raw === null) return { kind: 'none' };
  if (!raw.toLowerCase().startsWith(`${LINK_SCHEME}:`))
    return { kind: 'invalid', reason: `the link does not start with ${LINK_SCHEME}:` };
  const rest = raw.slice(LINK_SCHEME.length + 1);
  const at = rest.indexOf('?');
  const inner = at < 0 ? '' : rest.slice(at + 1).split('#')[0];
  if (!inner) return { kind: 'invalid', reason: 'the link carries no room or frame' };
  const params = new URLSearchParams(inner);
  const kept = new URLSearchParams();
  for (const name of DEEP_LINK_PARAMS) {
    const value = params.get(name);
    if (value !== null) kept.set(name, value);
  }
  if ([...kept.keys()].length === 0)
    return { kind: 'invalid', reason: 'the link carries no room or frame' };
  return { kind: 'link', search: `?${kept.toString()}` };
}

/** The page's address without the deep-link parameters (kept: anything else). */
export function withoutDeepLinkParams(href: string, names: readonly string[]): string {
  const url = new URL(href);
  for (const name of names) url.searchParams.delete(name);
  return url.toString();
}
