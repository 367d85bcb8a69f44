import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import { baseUrlOf, servePages } from '../../support/page-server';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures');

/**
 * Playwright's `test` with a Vite dev server (one per worker, on a free port) that serves the
 * fixture pages in test/e2e/devtools/fixtures; they import the library straight from src/.
 * `baseURL` points at it, so tests call `page.goto('/stream.html')`.
 */
export const test = base.extend<object, { fixtureServer: string }>({
  fixtureServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured first argument
    async ({}, use) => {
      const server = await servePages(fixtures);
      try {
        await use(baseUrlOf(server));
      } finally {
        await server.close();
      }
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ fixtureServer }, use) => use(fixtureServer),
});

export { expect } from '@playwright/test';
