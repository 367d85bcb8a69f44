import { test as base, expect, type Page } from '@playwright/test';
import { type BusRecorder, recordBus } from '../../../src/testing/playwright/index';
import { type DemoServer, freePort, startDemoServer } from './demo-server';

/** Another process may take the free port before Vite binds it (--strictPort then fails): try a few. */
const startOnFreePort = async (attempts = 3): Promise<DemoServer> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDemoServer(await freePort());
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('already in use')) throw error;
    }
  }
};

/** What each demo test gets. */
export interface DemoFixtures {
  /** Opens the shop with URL parameters (the in-page panel off unless asked) and waits for it. */
  openShop: (params?: Record<string, string>) => Promise<Page>;
  /** The shop bus's devtools stream, recorded from before the page loads. */
  recorder: BusRecorder;
}

/**
 * Playwright's `test` with a demo server per worker (started with the README's command on a free
 * port, killed with its process group after) and a bus recorder per test.
 *
 * @example
 * test('cart', async ({ openShop, recorder }) => { const page = await openShop({ replyOrder: 'payment-first' }) })
 */
export const test = base.extend<DemoFixtures, { demoServer: DemoServer }>({
  demoServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object
    async ({}, use) => {
      const server = await startOnFreePort();
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  recorder: async ({ page }, use) => {
    const recorder = await recordBus(page, { bus: 'demo shop' });
    await use(recorder);
    await recorder.stop();
  },
  openShop: async ({ page, demoServer, recorder }, use) => {
    const problems: string[] = [];
    let expectedLoads = 0;
    page.on('pageerror', (error) => problems.push(error.message));
    // A new user runs the demo with the console open: a red line there reads as a broken shop.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    page.on('load', () => {
      if (expectedLoads-- <= 0) problems.push('the page reloaded by itself (a Vite reload?): the test lost its state');
    });
    await use(async (params = {}) => {
      const query = new URLSearchParams({ panel: 'off', ...params });
      expectedLoads++;
      await page.goto(new URL(`/?${query}`, demoServer.url).href);
      await expect(page.getByRole('heading', { name: 'Products' })).toBeVisible();
      await expect.poll(() => recorder.instances.length, { message: 'the shop bus said hello to the recorder' }).toBeGreaterThan(0);
      return page;
    });
    expect(problems, 'uncaught errors, console errors or reloads in the page').toEqual([]);
  },
});

export { expect };

/**
 * The landmark region of one shop panel, by its title.
 *
 * @example
 * await expect(panel(page, 'Cart').getByTestId('cart-total')).toHaveText('€8')
 */
export const panel = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });

/**
 * Signs in as ada with the header button and waits until the header says so.
 *
 * @example
 * await signIn(page)
 */
export const signIn = async (page: Page) => {
  await page.getByRole('button', { name: 'Sign in as ada' }).click();
  await expect(page.getByText('Signed in as ada')).toBeVisible();
};

/**
 * Adds products by name, one click each.
 *
 * @example
 * await add(page, 'Sencha tea', 'Sencha tea')
 */
export const add = async (page: Page, ...names: string[]) => {
  for (const name of names) await page.getByRole('button', { name: `Add ${name}`, exact: true }).click();
};

/**
 * Clicks Checkout and returns the checkout result line.
 *
 * @example
 * await expect(await checkout(page)).toContainText('blocked')
 */
export const checkout = async (page: Page) => {
  await page.getByRole('button', { name: /^Checkout/ }).click();
  const result = page.getByRole('status', { name: 'Checkout result' });
  await expect(result).toBeVisible();
  return result;
};
