import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browsers`: the floating panel, call-site traces, tabs and the relay in real
 * Firefox and WebKit. One file at a time: each starts real browsers, and CI machines have 2 cores.
 */
export default defineConfig({
  test: {
    include: ['test/other-browsers/**/*.test.ts'],
    root: new URL('../..', import.meta.url).pathname,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
