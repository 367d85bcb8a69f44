import { defineConfig } from 'vitest/config';

/** `npm run test:consumer`: packs and installs the package, so it runs alone, with minutes to spare. */
export default defineConfig({
  test: {
    include: ['test/consumer/**/*.test.ts'],
    root: new URL('../..', import.meta.url).pathname,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
