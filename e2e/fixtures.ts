// Test fixtures: one real ReelSync server per worker, on an ephemeral port, serving dist/.
import { test as base } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../server/index';

// REELSYNC_DIST_DIR lets a developer test another build (e.g. `vite build --outDir /tmp/x`).
export const distDir = path.resolve(
  process.env.REELSYNC_DIST_DIR ?? path.join(import.meta.dirname, '..', 'dist'),
);

export const test = base.extend<object, { server: RunningServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their deps
    async ({}, use) => {
      if (!existsSync(path.join(distDir, 'index.html'))) {
        throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does).');
      }
      // The media library's uploads, thumbnails and proxies: a fresh folder per worker.
      const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-e2e-media-'));
      // Warnings and errors only: info logs for every room would bury the test report.
      const server = await startServer({
        dataDir,
        port: 0,
        host: '127.0.0.1',
        staticDir: distDir,
        logLevel: 'warn',
        // Every page of the suite comes from 127.0.0.1, and rooms outlive their test until the
        // idle expiry: the per-address room limit (default 20) would count the whole worker.
        maxRoomsPerAddress: 10_000,
        // Likewise the per-address limits on unknown room codes and open connections.
        lookupFailuresPerAddress: 10_000,
        maxConnectionsPerAddress: 10_000,
      });
      await use(server);
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => use(server.url),
});

export { expect } from '@playwright/test';
