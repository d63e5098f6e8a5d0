// The addresses a listening server can be reached at: what the CLI prints on start, and the
// names a generated certificate must cover.
import { hostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const WILDCARD_V4 = '0.0.0.0';
const WILDCARD_V6 = new Set(['::', '[::]', '::0']);

export function isWildcardHost(host: string): boolean {
  return host === WILDCARD_V4 || WILDCARD_V6.has(host);
}

/** A host as it goes in a URL (IPv6 addresses in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The hosts a server bound to `host` answers on, `localhost` first. A wildcard bind lists every
 * non-internal address (IPv4 for 0.0.0.0; IPv4 and IPv6 for ::). Link-local IPv6 (fe80::) is left
 * out: a browser needs a zone id to open it.
 */
export function reachableHosts(
  host: string,
  interfaces: Interfaces = networkInterfaces(),
): string[] {
  if (!isWildcardHost(host)) return [host];
  const ipv6 = WILDCARD_V6.has(host);
  const hosts = ['localhost'];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv6' && (!ipv6 || /^fe80:/i.test(info.address))) continue;
      if (!hosts.includes(info.address)) hosts.push(info.address);
    }
  }
  return hosts;
}

/** `<scheme>://<host>:<port>/` for each reachable host. */
export function serverUrls(
  host: string,
  port: number,
  secure: boolean,
  interfaces: Interfaces = networkInterfaces(),
): string[] {
  const scheme = secure ? 'https' : 'http';
  return reachableHosts(host, interfaces).map((name) => `${scheme}://${urlHost(name)}:${port}/`);
}

/**
 * What a generated certificate covers: localhost, the loopback addresses, the machine's host
 * name, every interface address, and the bound host if it is a specific one.
 */
export function certificateNames(
  host: string,
  interfaces: Interfaces = networkInterfaces(),
  machineName: string = hostname(),
): { dns: string[]; ips: string[] } {
  const dns = new Set(['localhost']);
  const ips = new Set(['127.0.0.1', '::1']);
  if (machineName) dns.add(machineName);
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (!/^fe80:/i.test(info.address)) ips.add(info.address);
    }
  }
  if (!isWildcardHost(host)) {
    const bare = host.replace(/^\[|\]$/g, '');
    if (/^[\d.]+$/.test(bare) || bare.includes(':')) ips.add(bare);
    else dns.add(bare);
  }
  return { dns: [...dns], ips: [...ips] };
}
