// Browser tests: real Chromium (the system's, never a downloaded one) against the real server.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  // Under CI one retry, reported as "flaky" in the list output: a flake shows without failing the run.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1280, height: 800 },
    trace: 'on-first-retry',
  },
});
