// Unit and integration tests (Node). UI component tests opt into happy-dom per file
// with a `// @vitest-environment happy-dom` docblock.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
