// GET /api/me's answers as the header's states, and the sign-in link that comes back to the page.
import { describe, expect, it } from 'vitest';
import { loginHref, parseMe, signInForLink, SignedInUser } from './account';

describe('parseMe', () => {
  it('reads sign-in off, signed in and signed out', () => {
    expect(parseMe(200, { auth: 'none' })).toEqual({ kind: 'off' });
    expect(
      parseMe(200, {
        auth: 'oidc',
        provider: 'Studio',
        signedIn: true,
        user: { name: 'Alice', email: 'alice@studio.test', sub: 'a' },
        logoutUrl: '/auth/logout',
      }),
    ).toEqual({
      kind: 'signedIn',
      provider: 'Studio',
      name: 'Alice',
      email: 'alice@studio.test',
      logoutUrl: '/auth/logout',
    });
    expect(
      parseMe(401, {
        auth: 'oidc',
        provider: 'Studio',
        signedIn: false,
        code: 'AUTH_REQUIRED',
        message: 'Sign in first',
        loginUrl: '/auth/login',
      }),
    ).toEqual({
      kind: 'signedOut',
      provider: 'Studio',
      loginUrl: '/auth/login',
      message: 'Sign in first',
    });
  });

  it('treats an answer it does not understand (an older server’s page) as unknown', () => {
    expect(parseMe(404, '<html>')).toEqual({ kind: 'unknown' });
    expect(parseMe(200, { auth: 'saml' })).toEqual({ kind: 'unknown' });
    expect(parseMe(200, null)).toEqual({ kind: 'unknown' });
  });

  it('a signed-in answer without a 200 is not trusted as signed in', () => {
    expect(parseMe(401, { auth: 'oidc', provider: 'S', signedIn: true }).kind).toBe('signedOut');
  });
});

describe('loginHref', () => {
  it('comes back to the page, room link included', () => {
    expect(loginHref('/auth/login', { pathname: '/', search: '', hash: '' })).toBe('/auth/login');
    expect(loginHref('/auth/login', { pathname: '/', search: '?room=ABCD-EFGH', hash: '' })).toBe(
      '/auth/login?return=%2F%3Froom%3DABCD-EFGH',
    );
  });
});

describe('SignedInUser', () => {
  it('tells listeners when the name changes, once', () => {
    const user = new SignedInUser();
    const seen: Array<string | null> = [];
    user.on('changed', (name) => seen.push(name));
    user.set('Alice');
    user.set('Alice');
    user.set(null);
    expect(seen).toEqual(['Alice', null]);
    expect(user.name).toBeNull();
  });
});

describe('signInForLink', () => {
  const signedOut = {
    kind: 'signedOut',
    provider: 'Studio',
    loginUrl: '/auth/login',
    message: 'Sign in first',
  } as const;
  const link = { pathname: '/', search: '?room=ABCD-EFGH', hash: '' };

  it('sends a room link opened signed out to the sign-in, coming back to the link', () => {
    expect(signInForLink(signedOut, link, null)).toBe('/auth/login?return=%2F%3Froom%3DABCD-EFGH');
  });

  it('only once per link (a browser that drops the cookie is not sent round in circles)', () => {
    expect(signInForLink(signedOut, link, '/?room=ABCD-EFGH')).toBeNull();
    expect(signInForLink(signedOut, link, '/?room=WXYZ-2345')).not.toBeNull();
  });

  it('stays on the page without a link, signed in, or without sign-in', () => {
    expect(signInForLink(signedOut, { pathname: '/', search: '', hash: '' }, null)).toBeNull();
    expect(signInForLink({ kind: 'off' }, link, null)).toBeNull();
    expect(
      signInForLink(
        { kind: 'signedIn', provider: 'S', name: 'A', email: null, logoutUrl: '/auth/logout' },
        link,
        null,
      ),
    ).toBeNull();
  });
});
