// Signs in over plain HTTP the way a browser would: GET /auth/login, follow every redirect with
// a cookie jar per origin, fill and submit the provider's login form (any password) and consent
// form, until the server's callback answers with its session cookie.

type Jar = Map<string, Map<string, string>>;

export interface HttpSignIn {
  /** `reelsync_session=…`, for a Cookie header (WebSocket upgrade, /api/me). */
  cookie: string;
  /** Where the callback sent the browser (the `return` path). */
  landedAt: string;
  /** Every URL requested, in order (the test checks PKCE went along). */
  visited: string[];
}

export async function signInOverHttp(
  serverUrl: string,
  login: string,
  returnTo = '/',
): Promise<HttpSignIn> {
  const jar: Jar = new Map();
  const visited: string[] = [];
  let url = `${serverUrl}/auth/login?return=${encodeURIComponent(returnTo)}`;
  let init: RequestInit = {};
  for (let step = 0; step < 20; step++) {
    visited.push(url);
    const response = await send(jar, url, init);
    init = {};
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url).href;
      if (new URL(url).origin === new URL(serverUrl).origin && url.includes('/auth/callback')) {
        const session = jar.get(new URL(serverUrl).origin)?.get('reelsync_session');
        if (!session) throw new Error(`callback set no session cookie (→ ${location})`);
        return { cookie: `reelsync_session=${session}`, landedAt: location, visited };
      }
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status} at ${url}: ${html}`);
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form?.[1]) throw new Error(`no form to submit at ${url}: ${html.slice(0, 400)}`);
    const fields = new URLSearchParams();
    for (const input of (form[2] ?? '').matchAll(/<input[^>]*>/gi)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      if (!name) continue;
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      fields.set(name, name === 'login' ? login : name === 'password' ? 'any password' : value);
    }
    url = new URL(form[1], url).href;
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    };
  }
  throw new Error('sign-in did not finish within 20 steps');
}

async function send(jar: Jar, url: string, init: RequestInit): Promise<Response> {
  const origin = new URL(url).origin;
  const cookies = jar.get(origin) ?? new Map<string, string>();
  jar.set(origin, cookies);
  const headers = new Headers(init.headers);
  if (cookies.size > 0)
    headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (value === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line))
      cookies.delete(name);
    else cookies.set(name, value);
  }
  return response;
}
