// The client address every per-address limit is keyed by. Behind reverse proxies the address
// comes from X-Forwarded-For, counting a configured number of trusted hops from the right
// (proxy-addr, as Express does): each trusted proxy appends the address it saw, so only the
// entries our own proxies wrote can be believed. IPv6 addresses are grouped by /64 (one
// host usually owns a whole /64), IPv4-mapped IPv6 addresses count as IPv4.
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

/** The address `hops` proxies in front of us saw (0: the socket's peer). */
export function remoteAddress(req: IncomingMessage, hops: number): string {
  if (hops <= 0) return req.socket.remoteAddress ?? 'unknown';
  return proxyAddr(req, (_address, index) => index < hops);
}

/** The key per-address limits count under: IPv4 as is, IPv6 by its /64 prefix. */
export function addressGroup(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4);
  return `${parts.map((part) => part.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** True for loopback peers (127.0.0.0/8, ::1, ::ffff:127.x). */
export function isLoopback(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'loopback';
}
