import { join } from 'node:path';
import { test as base } from '@playwright/test';
import type { ViteDevServer } from 'vite';
import { baseUrlOf, PANEL_UI_PACKAGES, servePages } from '../support/page-server';

/** Playwright's `test` with a Vite server of ./pages (one per worker) and its `baseUrl`. */
export const test = base.extend<{ baseUrl: string }, { server: ViteDevServer }>({
  server: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern.
    async ({}, use) => {
      const server = await servePages(join(import.meta.dirname, 'pages'), PANEL_UI_PACKAGES);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  baseUrl: async ({ server }, use) => use(baseUrlOf(server)),
});
