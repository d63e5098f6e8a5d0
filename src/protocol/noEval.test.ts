// Under a Content-Security-Policy without 'unsafe-eval', `new Function` throws; the protocol
// validators must still work (TypeBox falls back to its interpreter). Simulated here by
// making Function throw before the protocol module (and TypeBox) is first loaded.
import { afterAll, describe, expect, it } from 'vitest';

const RealFunction = globalThis.Function;

afterAll(() => {
  globalThis.Function = RealFunction;
});

describe('protocol without eval (strict CSP)', () => {
  it('validates and rejects messages correctly with Function disabled', async () => {
    let evalAttempts = 0;
    globalThis.Function = function blocked() {
      evalAttempts++;
      throw new EvalError('Refused to evaluate a string as JavaScript (CSP)');
    } as unknown as FunctionConstructor;
    const { parseClientMessage, createClientMessage, serializeMessage } = await import('./index');
    const ok = parseClientMessage(
      serializeMessage(createClientMessage('sync.frame', { frame: 5, baseVersion: 0 })),
    );
    expect(ok.ok).toBe(true);
    const bad = parseClientMessage(
      '{"type":"sync.frame","id":"a","timestamp":1,"payload":{"frame":"5","baseVersion":0}}',
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_MESSAGE', path: '/payload/frame' },
    });
    expect(evalAttempts).toBeGreaterThan(0);
  });
});
