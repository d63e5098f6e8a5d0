// The base of share links: the server's --public-url from /api/config, else the page's address.
import { describe, expect, it } from 'vitest';
import { CLIENT_CONFIG_PATH, ShareBase, shareBaseFrom } from './shareBase';
import { buildShareLink } from './shareLink';

function jsonResponse(body: unknown, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { headers: { 'content-type': contentType } });
}

describe('ShareBase', () => {
  it('uses the public URL the server gives', async () => {
    const asked: string[] = [];
    const base = new ShareBase('http://192.168.1.20:8080', (url) => {
      asked.push(url);
      return Promise.resolve(jsonResponse({ publicUrl: 'https://review.example.com/reelsync' }));
    });
    // Until the server answers, links use the page's own address (never localhost).
    expect(base.url).toBe('http://192.168.1.20:8080/');
    await base.ready;
    expect(asked).toEqual([CLIENT_CONFIG_PATH]);
    expect(base.isPublic).toBe(true);
    expect(base.url).toBe('https://review.example.com/reelsync/');
    expect(buildShareLink(base.url, 'ABCD-2345')).toBe(
      'https://review.example.com/reelsync/?room=ABCD-2345',
    );
  });

  it('keeps the page address without a public URL, or when the answer is not the config', async () => {
    const none = new ShareBase('http://192.168.1.20:8080', () =>
      Promise.resolve(jsonResponse({ publicUrl: null })),
    );
    await none.ready;
    expect(none.url).toBe('http://192.168.1.20:8080/');
    expect(none.isPublic).toBe(false);
    // A dev server answers unknown paths with the player's HTML.
    const html = new ShareBase('https://10.0.0.7:8443', () =>
      Promise.resolve(
        new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }),
      ),
    );
    await html.ready;
    expect(html.url).toBe('https://10.0.0.7:8443/');
    const down = new ShareBase('https://10.0.0.7:8443', () => Promise.reject(new Error('offline')));
    await down.ready;
    expect(down.url).toBe('https://10.0.0.7:8443/');
  });

  it('a page at localhost shares the server LAN address instead of localhost', async () => {
    const config = {
      publicUrl: null,
      lanUrls: ['https://192.168.1.20:8443/', 'https://10.0.0.7:8443/'],
    };
    const local = new ShareBase('https://localhost:8443', () =>
      Promise.resolve(jsonResponse(config)),
    );
    await local.ready;
    expect(local.url).toBe('https://192.168.1.20:8443/');
    const loopback = new ShareBase('http://127.0.0.1:8080', () =>
      Promise.resolve(jsonResponse({ publicUrl: null, lanUrls: ['http://192.168.1.20:8080/'] })),
    );
    await loopback.ready;
    expect(loopback.url).toBe('http://192.168.1.20:8080/');
    // A page opened at another address keeps it (that address already works for others).
    const lan = new ShareBase('https://10.0.0.7:8443', () => Promise.resolve(jsonResponse(config)));
    await lan.ready;
    expect(lan.url).toBe('https://10.0.0.7:8443/');
    // A server bound to localhost only has no LAN address to offer.
    const alone = new ShareBase('http://localhost:8080', () =>
      Promise.resolve(jsonResponse({ publicUrl: null, lanUrls: [] })),
    );
    await alone.ready;
    expect(alone.url).toBe('http://localhost:8080/');
  });

  it('accepts only http(s) URLs', () => {
    expect(shareBaseFrom('javascript:alert(1)')).toBeNull();
    expect(shareBaseFrom('review.local')).toBeNull();
    expect(shareBaseFrom(42)).toBeNull();
    expect(shareBaseFrom('https://r.example/x?y=1#z')).toBe('https://r.example/x/');
  });
});
