// Unit and integration tests (Node). UI component tests opt into happy-dom per file
// with a `// @vitest-environment happy-dom` docblock. test/redis needs the Redis store, so it
// runs only in `npm run test:redis` (REELSYNC_TEST_STORE=redis), together with test/server.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const redisRun = process.env.REELSYNC_TEST_STORE === 'redis';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: redisRun ? [] : ['test/redis/**'],
    environment: 'node',
    // One file per core: Vitest's default (cores - 1) is a single worker on a 2-core machine,
    // where most server tests wait on sockets and timers: 217 s → 143 s for the suite here.
    maxWorkers: availableParallelism(),
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
