// Where people reach this server, as sign-in's messages, redirect URI and cookies need it:
// --public-url, else the request's (trusted) host; and the Set-Cookie header for that address.
import type { IncomingMessage } from 'node:http';
import { stringifySetCookie, type SerializeOptions } from 'cookie';
import type { ServerConfig } from '../config';

/** A Host header we may build a redirect URI from (host name or [IPv6], optional port). */
const SAFE_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export class PublicAddress {
  constructor(
    private readonly config: Pick<ServerConfig, 'publicUrl' | 'trustProxyHops' | 'trustProxy'>,
    /** Served over TLS (the Secure cookie flag, https redirect URIs). */
    private readonly tls: boolean,
  ) {}

  /** Where people reach this server: --public-url, else the request's (trusted) host. */
  base(req: IncomingMessage): string {
    if (this.config.publicUrl) return this.config.publicUrl.replace(/\/$/, '');
    const proxied = this.proxyHops > 0;
    const forwardedHost = proxied ? firstValue(req.headers['x-forwarded-host']) : undefined;
    const forwardedProto = proxied ? firstValue(req.headers['x-forwarded-proto']) : undefined;
    const host = forwardedHost ?? req.headers.host ?? 'localhost';
    const safeHost = SAFE_HOST.test(host) ? host : 'localhost';
    const https = this.tls || forwardedProto === 'https';
    return `${https ? 'https' : 'http'}://${safeHost}`;
  }

  /** HttpOnly, SameSite=Lax (sent on the issuer's redirect back), Secure when served over https. */
  cookie(
    req: IncomingMessage,
    name: string,
    value: string,
    options: Pick<SerializeOptions, 'maxAge' | 'path'>,
  ): string {
    return stringifySetCookie(name, value, {
      ...options,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.base(req).startsWith('https:'),
    });
  }

  private get proxyHops(): number {
    return Math.max(this.config.trustProxyHops, this.config.trustProxy ? 1 : 0);
  }
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
}
