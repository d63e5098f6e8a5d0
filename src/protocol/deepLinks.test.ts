// Deep links: reading `?room=…&item=…&frame=…&in=…&out=…` (tolerating pasted codes, refusing
// junk with a reason), writing both forms, and unwrapping what the protocol handler passes.
import { describe, expect, it } from 'vitest';
import {
  buildDeepLink,
  buildProtocolLink,
  parseDeepLink,
  protocolHandlerUrl,
  unwrapProtocolLink,
  withoutDeepLinkParams,
} from './deepLinks';

describe('parseDeepLink', () => {
  it('reads room, pin, item, frame and in/out', () => {
    expect(
      parseDeepLink('?room=k7qx-m2pd&pin=4321&item=shot_010&frame=1012&in=1001&out=1100'),
    ).toEqual({
      target: {
        room: 'K7QX-M2PD',
        pin: '4321',
        item: 'shot_010',
        frame: 1012,
        inFrame: 1001,
        outFrame: 1100,
      },
      problems: [],
    });
    expect(parseDeepLink('?frame=0')).toEqual({ target: { frame: 0 }, problems: [] });
  });

  it('names what it cannot use and keeps the rest', () => {
    const parsed = parseDeepLink('?room=nope&frame=12.5&in=abc&out=&item=a%20b');
    expect(parsed.target).toEqual({});
    expect(parsed.problems).toEqual([
      'room "nope" is not a room code (XXXX-XXXX)',
      'item "a b" is not an item id',
      'frame "12.5" is not a frame number',
      'in "abc" is not a frame number',
      'out "" is not a frame number',
    ]);
    expect(parseDeepLink('?in=50&out=10&frame=20')).toEqual({
      target: { frame: 20 },
      problems: ['in 50 is after out 10'],
    });
    expect(parseDeepLink('?frame=99999999999').problems).toHaveLength(1);
  });
});

describe('building links', () => {
  const target = { room: 'K7QX-M2PD', frame: 1012, inFrame: 1001, outFrame: 1100 };

  it('writes the page link under the player base, path kept', () => {
    expect(buildDeepLink('https://review.example/reelsync', target)).toBe(
      'https://review.example/reelsync/?room=K7QX-M2PD&frame=1012&in=1001&out=1100',
    );
  });

  it('writes the web+reelsync: link, which round-trips through the handler', () => {
    const link = buildProtocolLink(target);
    expect(link).toBe('web+reelsync:?room=K7QX-M2PD&frame=1012&in=1001&out=1100');
    // The browser passes the whole link, escaped, into the handler URL's %s.
    const opened = protocolHandlerUrl('http://localhost:8080/').replace(
      '%s',
      encodeURIComponent(link),
    );
    expect(opened).toBe(`http://localhost:8080/?link=${encodeURIComponent(link)}`);
    const unwrapped = unwrapProtocolLink(new URL(opened).search);
    expect(unwrapped).toEqual({
      kind: 'link',
      search: '?room=K7QX-M2PD&frame=1012&in=1001&out=1100',
    });
    expect(unwrapped.kind === 'link' && parseDeepLink(unwrapped.search).target).toEqual(target);
  });

  it('unwraps web+reelsync://open?… too, and refuses other schemes or empty links', () => {
    expect(
      unwrapProtocolLink(`?link=${encodeURIComponent('web+reelsync://open?frame=5&x=1')}`),
    ).toEqual({
      kind: 'link',
      search: '?frame=5',
    });
    expect(unwrapProtocolLink('?link=javascript%3Aalert(1)')).toMatchObject({ kind: 'invalid' });
    expect(unwrapProtocolLink('?link=web%2Breelsync%3A')).toMatchObject({ kind: 'invalid' });
    expect(unwrapProtocolLink('?room=K7QX-M2PD')).toEqual({ kind: 'none' });
  });

  it('removes only the given parameters from the address', () => {
    expect(withoutDeepLinkParams('http://h/?room=A&frame=1&debug=1', ['frame'])).toBe(
      'http://h/?room=A&debug=1',
    );
  });
});
