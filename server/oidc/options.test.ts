// The sign-in options as the command line reads them: off by default, checked together.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';

const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig(argv, env).config;

describe('sign-in options', () => {
  it('are off by default: npm start needs no OpenID Connect setup', () => {
    const config = parse([]);
    expect(config.oidcIssuer).toBeUndefined();
    expect(config.oidcAllowedDomains).toEqual([]);
    expect(config.oidcSessionHours).toBe(12);
  });

  it('read the issuer and client from flags, the secret from the environment', () => {
    const config = parse(
      [
        '--oidc-issuer',
        'https://login.studio.test/realms/vfx',
        '--oidc-client-id',
        'reelsync',
        '--oidc-allowed-domains',
        '@Studio.Test, partner.test',
      ],
      { OIDC_CLIENT_SECRET: 's3cret' },
    );
    expect(config.oidcIssuer).toBe('https://login.studio.test/realms/vfx');
    expect(config.oidcClientSecret).toBe('s3cret');
    expect(config.oidcAllowedDomains).toEqual(['studio.test', 'partner.test']);
  });

  it('refuse a half or unsafe setup', () => {
    expect(() => parse(['--oidc-issuer', 'https://login.studio.test'])).toThrow(
      '--oidc-issuer needs --oidc-client-id',
    );
    expect(() =>
      parse(['--oidc-issuer', 'http://login.studio.test', '--oidc-client-id', 'r']),
    ).toThrow('must be https');
    expect(() => parse(['--oidc-client-id', 'r'])).toThrow('need --oidc-issuer');
    expect(() => parse(['--oidc-audience', 'https://reelsync.test'])).toThrow('need --oidc-issuer');
    // A loopback issuer may be plain http (tests, a provider on the same machine).
    expect(
      parse(['--oidc-issuer', 'http://127.0.0.1:4000', '--oidc-client-id', 'r']).oidcIssuer,
    ).toBe('http://127.0.0.1:4000');
  });
});
