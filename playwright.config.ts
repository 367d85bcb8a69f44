import { defineConfig } from '@playwright/test';
import { launchOptions } from './test/e2e/support/browser';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: { launchOptions: launchOptions(), trace: 'off' },
});
