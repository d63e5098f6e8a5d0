// The sign-in's HTTP routes: GET /auth/login, GET /auth/callback, POST /auth/logout and
// GET /api/me (what the player shows in its header: sign-in off, signed out, or who is signed in).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODES } from '../../src/protocol/index';
import type { OidcAuth } from './OidcAuth';

export const AUTH_PATHS = {
  login: '/auth/login',
  callback: '/auth/callback',
  logout: '/auth/logout',
  me: '/api/me',
} as const;

/** GET /api/me's answer (src/features/signIn/ reads it). */
export type MeResponse =
  | { auth: 'none' }
  | {
      auth: 'oidc';
      provider: string;
      signedIn: true;
      user: { name: string; email: string | null; sub: string };
      logoutUrl: string;
    }
  | {
      auth: 'oidc';
      provider: string;
      signedIn: false;
      code: 'AUTH_REQUIRED';
      message: string;
      loginUrl: string;
    };

/** Handles the request when it is one of the sign-in routes (true), else leaves it (false). */
export async function handleAuthRoutes(
  auth: OidcAuth | null,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  if (pathname === AUTH_PATHS.me) {
    await me(auth, req, res);
    return true;
  }
  if (!pathname.startsWith('/auth/')) return false;
  if (!auth) {
    page(res, 404, 'Sign-in is off', 'This server does not use sign-in: open the player.');
    return true;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    switch (pathname) {
      case AUTH_PATHS.login: {
        if (!allow(req, res, 'GET')) return true;
        const { location, cookie } = await auth.signIn.loginRedirect(req, {
          returnTo: url.searchParams.get('return') ?? '/',
          prompt: url.searchParams.get('prompt'),
        });
        res.writeHead(302, { location, 'set-cookie': cookie, 'cache-control': 'no-store' }).end();
        return true;
      }
      case AUTH_PATHS.callback: {
        if (!allow(req, res, 'GET')) return true;
        const result = await auth.signIn.callback(req);
        if (result.ok) {
          res
            .writeHead(303, {
              location: result.location,
              'set-cookie': result.cookies,
              'cache-control': 'no-store',
            })
            .end();
        } else {
          res.setHeader('set-cookie', result.cookies);
          page(res, result.status, 'Not signed in', result.message, result.code);
        }
        return true;
      }
      case AUTH_PATHS.logout:
        if (!allow(req, res, 'POST')) return true;
        res
          .writeHead(303, {
            location: '/',
            'set-cookie': auth.signIn.logoutCookie(req),
            'cache-control': 'no-store',
          })
          .end();
        return true;
      default:
        return false;
    }
  } catch (error) {
    // The issuer could not be reached (discovery, token endpoint).
    page(
      res,
      503,
      'Sign-in unavailable',
      `${auth.providerName} cannot be reached right now (${
        error instanceof Error ? error.message : String(error)
      }). Try again shortly.`,
      'SIGN_IN_UNAVAILABLE',
    );
    return true;
  }
}

async function me(auth: OidcAuth | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let status = 200;
  let body: MeResponse = { auth: 'none' };
  if (auth) {
    const result = await auth.authenticate(req);
    if (result.ok) {
      body = {
        auth: 'oidc',
        provider: auth.providerName,
        signedIn: true,
        user: { name: result.account.name, email: result.account.email, sub: result.account.sub },
        logoutUrl: AUTH_PATHS.logout,
      };
    } else {
      status = 401;
      body = {
        auth: 'oidc',
        provider: auth.providerName,
        signedIn: false,
        code: 'AUTH_REQUIRED',
        message: `${ERROR_CODES.AUTH_REQUIRED}: ${result.reason}`,
        loginUrl: AUTH_PATHS.login,
      };
    }
  }
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      // Behind a cache the answer depends on the cookie.
      vary: 'Cookie, Authorization',
    })
    .end(JSON.stringify(body));
}

function allow(req: IncomingMessage, res: ServerResponse, method: 'GET' | 'POST'): boolean {
  if (req.method === method || (method === 'GET' && req.method === 'HEAD')) return true;
  res.writeHead(405, { allow: method, 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${method} only\n`);
  return false;
}

/** A plain page (no script or style: the CSP allows neither inline) with a way back. */
function page(
  res: ServerResponse,
  status: number,
  title: string,
  message: string,
  code?: string,
): void {
  // Refused accounts are asked to log in again at the issuer (else it signs the same one in).
  const again = `${AUTH_PATHS.login}${code === 'ACCOUNT_NOT_ALLOWED' ? '?prompt=login' : ''}`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ReelSync: ${escape(title)}</title></head>
<body><h1>${escape(title)}</h1>
<p${code ? ` data-code="${escape(code)}"` : ''}>${escape(message)}</p>
<p><a href="${again}">Sign in again</a> · <a href="/">Open the player</a></p>
</body></html>
`;
  res
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(html);
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}
