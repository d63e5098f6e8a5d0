// Which accounts the allowed domains and groups let in, and the name they are shown under.
import { describe, expect, it } from 'vitest';
import { accountAllowed, displayNameOf } from './accessPolicy';

const policy = { domains: [] as string[], groups: [] as string[], groupsClaim: 'groups' };

describe('accountAllowed', () => {
  it('lets every account in when nothing is restricted', () => {
    expect(accountAllowed({ sub: 'a' }, policy)).toEqual({ ok: true });
  });

  it('domains: a verified email of a listed domain, case-insensitively', () => {
    const domains = { ...policy, domains: ['studio.test'] };
    expect(accountAllowed({ sub: 'a', email: 'Alice@Studio.Test' }, domains).ok).toBe(true);
    expect(accountAllowed({ sub: 'a', email: 'a@studio.test.evil' }, domains).ok).toBe(false);
    expect(accountAllowed({ sub: 'a', email: 'a@evil.test@studio.test' }, domains).ok).toBe(true);
    expect(accountAllowed({ sub: 'a' }, domains)).toEqual({
      ok: false,
      reason: 'it has no email address to check its domain',
    });
    expect(
      accountAllowed({ sub: 'a', email: 'a@studio.test', email_verified: false }, domains),
    ).toEqual({ ok: false, reason: 'its email address a@studio.test is not verified' });
  });

  it('groups: one listed group in the claim (a list or one string)', () => {
    const groups = { ...policy, groups: ['artists', 'supes'] };
    expect(accountAllowed({ sub: 'a', groups: ['visitors', 'supes'] }, groups).ok).toBe(true);
    expect(accountAllowed({ sub: 'a', groups: 'artists' }, groups).ok).toBe(true);
    expect(accountAllowed({ sub: 'a', groups: ['visitors'] }, groups).ok).toBe(false);
    expect(accountAllowed({ sub: 'a' }, groups).ok).toBe(false);
    const roles = { ...groups, groupsClaim: 'roles' };
    expect(accountAllowed({ sub: 'a', roles: ['artists'] }, roles).ok).toBe(true);
  });
});

describe('displayNameOf', () => {
  it('name, else username, else the email before @, else the subject; 32 characters at most', () => {
    expect(displayNameOf({ sub: 's', name: ' Alice Artist ', email: 'a@x' })).toBe('Alice Artist');
    expect(displayNameOf({ sub: 's', preferred_username: 'alice' })).toBe('alice');
    expect(displayNameOf({ sub: 's', email: 'alice.artist@studio.test' })).toBe('alice.artist');
    expect(displayNameOf({ sub: 'subject-1' })).toBe('subject-1');
    expect(displayNameOf({ sub: 's', name: 'x'.repeat(40) })).toHaveLength(32);
  });
});
