// Share links: building, parsing what people paste or mangle, and cleaning the address bar.
import { describe, expect, it } from 'vitest';
import { buildShareLink, parseShareLink, withoutShareParams } from './shareLink';

describe('share links', () => {
  it('builds <origin>/?room=CODE, with the PIN only when given', () => {
    expect(buildShareLink('https://r.example', 'ABCD-2345')).toBe(
      'https://r.example/?room=ABCD-2345',
    );
    expect(buildShareLink('http://127.0.0.1:8080', 'ABCD-2345', '4711')).toBe(
      'http://127.0.0.1:8080/?room=ABCD-2345&pin=4711',
    );
    expect(buildShareLink('https://r.example', 'ABCD-2345', null)).not.toContain('pin');
  });

  it('keeps the path of a base served under one (a proxy prefix in --public-url)', () => {
    expect(buildShareLink('https://r.example/reelsync/', 'ABCD-2345')).toBe(
      'https://r.example/reelsync/?room=ABCD-2345',
    );
    expect(buildShareLink('https://r.example/reelsync', 'ABCD-2345')).toBe(
      'https://r.example/reelsync/?room=ABCD-2345',
    );
  });

  it('round-trips through the parser', () => {
    const link = new URL(buildShareLink('https://r.example', 'ABCD-2345', 'p!n#1'));
    expect(parseShareLink(link.search)).toEqual({
      kind: 'room',
      roomId: 'ABCD-2345',
      pin: 'p!n#1',
    });
  });

  it('reads codes typed loosely and ignores bad PINs', () => {
    expect(parseShareLink('?room=abcd2345')).toEqual({
      kind: 'room',
      roomId: 'ABCD-2345',
      pin: null,
    });
    expect(parseShareLink('?room=abcd%202345&pin=12')).toEqual({
      kind: 'room',
      roomId: 'ABCD-2345',
      pin: null,
    });
  });

  it('tells no link from a malformed one', () => {
    expect(parseShareLink('')).toEqual({ kind: 'none' });
    expect(parseShareLink('?foo=1')).toEqual({ kind: 'none' });
    expect(parseShareLink('?room=')).toEqual({ kind: 'invalid', raw: '' });
    expect(parseShareLink('?room=<script>')).toEqual({ kind: 'invalid', raw: '<script>' });
    expect(parseShareLink('?room=OOOO-0000')).toEqual({ kind: 'invalid', raw: 'OOOO-0000' });
  });

  it('removes only the share parameters', () => {
    expect(withoutShareParams('https://r.example/?room=ABCD-2345&pin=1234&debug=1#x')).toBe(
      'https://r.example/?debug=1#x',
    );
    expect(withoutShareParams('https://r.example/?room=ABCD-2345')).toBe('https://r.example/');
  });
});
