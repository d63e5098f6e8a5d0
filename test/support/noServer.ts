// For unit tests that mount the App without a server: what the page asks the server at start (its
// config, the signed-in account) fails as it would offline, instead of reaching for whatever
// listens on localhost (happy-dom's page is http://localhost:3000).
import { afterEach, beforeEach, vi } from 'vitest';

export function withoutServer(): void {
  beforeEach(() => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('no server in this test'))),
    );
  });
  afterEach(() => vi.unstubAllGlobals());
}
