import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { ViteDevServer } from 'vite';
import { baseUrlOf, servePages } from '../support/page-server';

const test = base.extend<{ baseUrl: string }, { server: ViteDevServer }>({
  server: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern.
    async ({}, use) => {
      const server = await servePages(join(import.meta.dirname, 'pages'), [
        'react',
        'react/jsx-runtime',
        'react/jsx-dev-runtime',
        'react-dom/client',
        'zustand',
        'zustand/vanilla',
        'zustand/shallow',
        '@tanstack/react-virtual',
      ]);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  baseUrl: async ({ server }, use) => use(baseUrlOf(server)),
});

interface AppWindow {
  app: { bus: { publish(type: string, payload: unknown): Promise<unknown> }; unmount(): void };
}

test('the in-page floating panel loads its UI on first open and shows the page’s stream', async ({ page, baseUrl }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${baseUrl}/index.html`);
  await page.waitForFunction(() => 'app' in window);
  const publish = (type: string, payload: unknown) =>
    page.evaluate(([t, p]) => (window as unknown as AppWindow).app.bus.publish(t as string, p).then(() => undefined), [
      type,
      payload,
    ] as const);

  await publish('cart:add', { sku: 'BEFORE-OPEN' });
  await publish('admin:delete', { id: 'u1' });
  await publish('payment:charge', { amount: 5 });
  expect(requested.some((url) => url.includes('mount-panel'))).toBe(false);

  const toggle = page.getByRole('button', { name: 'Hubbub' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  expect(requested.some((url) => url.includes('mount-panel'))).toBe(true);

  const rows = page.getByRole('listbox', { name: 'Events' }).getByRole('option');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'admin:delete' })).toContainText('blocked');
  await expect(rows.filter({ hasText: 'payment:charge' })).toContainText('failed');

  await rows.filter({ hasText: 'payment:charge' }).click();
  await page.getByRole('tab', { name: 'Pipeline' }).click();
  await expect(page.getByTestId('handler-run')).toContainText('Error: Card expired');

  await page.getByRole('searchbox', { name: 'Filter events' }).fill('before-open');
  await expect(rows).toHaveCount(1);
  await publish('cart:add', { sku: 'before-open-too' });
  await expect(rows).toHaveCount(2);

  // The app's `button { font-size: 40px }` does not reach the panel in its shadow root.
  const fontSize = await page.getByRole('button', { name: 'Pause' }).evaluate((el) => getComputedStyle(el).fontSize);
  expect(fontSize).toBe('12px');

  await page.evaluate(() => (window as unknown as AppWindow).app.unmount());
  await expect(page.getByRole('button', { name: 'Hubbub' })).toHaveCount(0);
});
