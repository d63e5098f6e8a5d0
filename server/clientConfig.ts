// GET /api/config: what the player asks the server that served it (src/features/room/shareBase.ts):
// where share links should point. Plain JSON, no secrets.
import type { IncomingMessage } from 'node:http';

export const CLIENT_CONFIG_PATH = '/api/config';

export interface ClientConfig {
  /** --public-url (ends in `/`): the base of share links; null = the address the page was opened at. */
  publicUrl: string | null;
  /**
   * The server's own addresses other machines can use (its LAN URLs), only for a page opened at
   * localhost on the server machine: its share links then name a LAN address instead of
   * localhost. Empty for everybody else (a proxy's client never learns internal addresses).
   */
  lanUrls: string[];
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;
const LOOPBACK_ADDRESS = /^(127\.|::1$|::ffff:127\.)/;

export function createClientConfig(options: {
  publicUrl: string | null;
  /** Every URL the server answers on (server/addresses.ts), known once it listens. */
  urls: () => readonly string[];
}): (req: IncomingMessage) => ClientConfig {
  return (req) => {
    const local =
      LOOPBACK_HOST.test(req.headers.host ?? '') &&
      // Through a proxy on the same machine the page is not really at localhost.
      req.headers['x-forwarded-for'] === undefined &&
      req.headers.forwarded === undefined &&
      LOOPBACK_ADDRESS.test(req.socket.remoteAddress ?? '');
    const lanUrls =
      local && !options.publicUrl
        ? options.urls().filter((url) => !LOOPBACK_HOST.test(new URL(url).host))
        : [];
    return { publicUrl: options.publicUrl, lanUrls };
  };
}
