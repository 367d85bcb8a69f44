import { fileURLToPath } from 'node:url';
import { baseUrlOf, servePages } from '../support/page-server';

const root = fileURLToPath(new URL('./page', import.meta.url));

/**
 * Worker-scoped Playwright fixture: the tabs and remote test pages served on a free port; its
 * value is the base URL (with a trailing slash).
 *
 * @example
 * const test = base.extend<object, { server: string }>({ server: pagesServerFixture })
 */
export const pagesServerFixture: [(args: object, use: (url: string) => Promise<void>) => Promise<void>, { scope: 'worker' }] = [
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern
  async ({}, use: (url: string) => Promise<void>) => {
    const vite = await servePages(root);
    try {
      await use(`${baseUrlOf(vite)}/`);
    } finally {
      await vite.close();
    }
  },
  { scope: 'worker' },
];
