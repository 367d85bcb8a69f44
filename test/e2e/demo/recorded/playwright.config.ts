import { defineConfig } from '@playwright/test';
import { launchOptions } from '../../support/browser';

/**
 * Runs the Playwright tests the panel's "Copy as test" wrote into test/generated/
 * (copy-as-test.spec.ts) against the demo server at HUBBUB_DEMO_URL.
 */
export default defineConfig({
  testDir: '../../../generated',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL: process.env.HUBBUB_DEMO_URL, launchOptions: launchOptions(), trace: 'off' },
});
