import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import { createServer } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '../fixtures');
const repoRoot = resolve(here, '../../../..');

/**
 * Playwright's `test` with a Vite dev server (one per worker, on a free port) that serves the
 * fixture pages in test/e2e/devtools/fixtures; they import the library straight from src/.
 * `baseURL` points at it, so tests call `page.goto('/stream.html')`.
 */
export const test = base.extend<object, { fixtureServer: string }>({
  fixtureServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured first argument
    async ({}, use) => {
      const server = await createServer({
        configFile: false,
        root: fixtures,
        logLevel: 'silent',
        clearScreen: false,
        optimizeDeps: { noDiscovery: true, include: [] },
        server: { host: '127.0.0.1', port: 0, hmr: false, watch: null, fs: { allow: [repoRoot] } },
      });
      await server.listen();
      const address = server.httpServer?.address();
      if (!address || typeof address === 'string') throw new Error('the fixture server did not get a TCP port');
      try {
        await use(`http://127.0.0.1:${address.port}`);
      } finally {
        await server.close();
      }
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ fixtureServer }, use) => use(fixtureServer),
});

export { expect } from '@playwright/test';
