// Security headers on every HTTP response. The player is built by Vite into module scripts,
// stylesheets and a worker file, all same-origin, so the policy needs no inline script or
// eval: scripts only from the server itself ('wasm-unsafe-eval' lets the EXR decoder compile its
// WebAssembly inflater, and allows no JavaScript eval); pictures and video also from blob: (local media
// files are opened as blob URLs) and data:; the socket to this same host (ws: or wss:);
// never inside another site's frame (frame-ancestors, against click-jacking and framed joins).
import type { IncomingMessage } from 'node:http';

/** A Host header we may echo into the policy (host name or [IPv6], optional port). */
const SAFE_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * `mediaOrigins`: other origins the player may stream media from (library URL items on studio
 * storage, --media-origins), added to media-src and connect-src.
 */
export function contentSecurityPolicy(
  host: string | undefined,
  mediaOrigins: readonly string[] = [],
): string {
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  const media = mediaOrigins.map((origin) => ` ${origin}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    `media-src 'self' blob: data:${media}`,
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' blob: data:${sockets}${media}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(
  req: IncomingMessage,
  tls: boolean,
  mediaOrigins: readonly string[] = [],
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(req.headers.host, mediaOrigins),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (tls) headers['strict-transport-security'] = 'max-age=31536000';
  return headers;
}
