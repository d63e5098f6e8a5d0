// The webhook signature as a receiver checks it: the right secret and body pass; another secret,
// an altered body, a malformed header or an old timestamp (a replay) are refused with a reason.
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature';

describe('webhook signature', () => {
  const body = '{"type":"note.added"}';
  const now = 1_800_000_000;
  const header = signWebhook('s3cret', body, now);

  it('verifies a body signed with the same secret', () => {
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('s3cret', body, header, { nowSeconds: now + 10 })).toEqual({
      ok: true,
      timestamp: now,
    });
  });

  it('refuses another secret, an altered body, a malformed header and replays', () => {
    const at = { nowSeconds: now };
    expect(verifyWebhookSignature('other', body, header, at)).toMatchObject({ ok: false });
    expect(verifyWebhookSignature('s3cret', `${body} `, header, at)).toMatchObject({
      reason: expect.stringContaining('does not match'),
    });
    expect(verifyWebhookSignature('s3cret', body, undefined, at)).toMatchObject({ ok: false });
    expect(verifyWebhookSignature('s3cret', body, 'v1=abc', at)).toMatchObject({
      reason: 'malformed signature header',
    });
    expect(verifyWebhookSignature('s3cret', body, header, { nowSeconds: now + 301 })).toMatchObject(
      { reason: expect.stringContaining('too old') },
    );
  });
});
