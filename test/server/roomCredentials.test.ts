// Room credentials: tokens signed for one room code (and user) by one secret prove nothing for
// another code, user or secret, and a tampered token is refused.
import { describe, expect, it } from 'vitest';
import { RoomCredentials } from '../../server/roomCredentials';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

describe('RoomCredentials', () => {
  const credentials = new RoomCredentials(secret);

  it('a host token holds for its room only, and under the same secret only', () => {
    const token = credentials.hostToken('ABCD-2345');
    expect(credentials.isHostToken('ABCD-2345', token)).toBe(true);
    expect(new RoomCredentials(secret).isHostToken('ABCD-2345', token)).toBe(true);
    expect(credentials.isHostToken('ABCD-2346', token)).toBe(false);
    expect(new RoomCredentials(`${secret}x`).isHostToken('ABCD-2345', token)).toBe(false);
    const [nonce, mac] = token.split('.') as [string, string];
    expect(credentials.isHostToken('ABCD-2345', `${nonce}x.${mac}`)).toBe(false);
    expect(credentials.isHostToken('ABCD-2345', nonce)).toBe(false);
  });

  it('a session token names its user in its room; it is no host token', () => {
    const token = credentials.sessionToken('ABCD-2345', 'user123');
    expect(credentials.sessionUser('ABCD-2345', token)).toBe('user123');
    expect(credentials.sessionUser('WXYZ-2345', token)).toBeNull();
    expect(credentials.sessionUser('ABCD-2345', token.replace('user123', 'user124'))).toBeNull();
    expect(credentials.isHostToken('ABCD-2345', token)).toBe(false);
    expect(credentials.sessionUser('ABCD-2345', credentials.hostToken('ABCD-2345'))).toBeNull();
  });
});
