import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaError, openMediaFiles } from './openMedia';
import {
  insecureVideoMessage,
  secureContextFixes,
  secureContextProblem,
  secureContextReason,
} from './secureContext';

const LAN_PAGE = { protocol: 'http:', hostname: '192.168.1.20', port: '8080' };

afterEach(() => vi.unstubAllGlobals());

describe('secureContextProblem', () => {
  it('is null in a secure page with WebCodecs', () => {
    expect(
      secureContextProblem({
        isSecureContext: true,
        VideoDecoder: class {},
        crypto: { subtle: {} },
      }),
    ).toBeNull();
  });

  it('reports an insecure page (plain http from a LAN address) and what it lacks', () => {
    expect(secureContextProblem({ isSecureContext: false, crypto: {} })).toEqual({
      insecure: true,
      missing: ['VideoDecoder', 'crypto.subtle'],
    });
  });

  it('reports a secure page whose browser has no WebCodecs, but not one without crypto.subtle', () => {
    expect(secureContextProblem({ isSecureContext: true, crypto: { subtle: {} } })).toEqual({
      insecure: false,
      missing: ['VideoDecoder'],
    });
    // Fingerprints fall back to the JS SHA-256: video still works.
    expect(secureContextProblem({ isSecureContext: true, VideoDecoder: class {} })).toBeNull();
  });
});

describe('the explanation', () => {
  it('names the address, why video is off, and three ways to fix it', () => {
    const problem = { insecure: true, missing: ['VideoDecoder'] };
    expect(secureContextReason(problem, LAN_PAGE)).toContain('not a secure context');
    expect(secureContextReason(problem, LAN_PAGE)).toContain('http://192.168.1.20');
    const fixes = secureContextFixes(LAN_PAGE);
    expect(fixes[0]).toContain('https://192.168.1.20:8080/');
    expect(fixes[0]).toContain('--https');
    expect(fixes[1]).toContain('http://localhost:8080/');
    expect(fixes[2]).toContain('ssh -L 8080:localhost:8080');
    expect(secureContextFixes({ protocol: 'http:', hostname: 'fd00::2', port: '' })[0]).toContain(
      'https://[fd00::2]/',
    );
    const message = insecureVideoMessage('shot_v001.mp4', problem, LAN_PAGE);
    expect(message).toContain('shot_v001.mp4 cannot be played here');
    expect(message).toContain('--https');
    expect(message).not.toContain('codec');
  });
});

describe('openMediaFiles in an insecure page', () => {
  it('explains the secure context instead of blaming the codec', async () => {
    vi.stubGlobal('isSecureContext', false);
    vi.stubGlobal('location', LAN_PAGE);
    const error: unknown = await openMediaFiles([
      new File(['x'], 'shot_v001.mp4', { type: 'video/mp4' }),
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('INSECURE_CONTEXT');
    expect((error as MediaError).message).toContain('not a secure context');
    expect((error as MediaError).message).toContain('https://192.168.1.20:8080/');
  });
});
