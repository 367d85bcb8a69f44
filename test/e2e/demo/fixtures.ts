import { test as base, expect, type Page } from '@playwright/test';
import { type BusRecorder, recordBus } from '../../../src/testing/index';
import { type DemoServer, freePort, startDemoServer } from './demo-server';

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
 */
export const test = base.extend<DemoFixtures, { demoServer: DemoServer }>({
  demoServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object
    async ({}, use) => {
      const server = await startDemoServer(await freePort());
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
    page.on('pageerror', (error) => problems.push(error.message));
    await use(async (params = {}) => {
      const query = new URLSearchParams({ panel: 'off', ...params });
      await page.goto(new URL(`/?${query}`, demoServer.url).href);
      await expect(page.getByRole('heading', { name: 'Products' })).toBeVisible();
      await expect.poll(() => recorder.instances.length, { message: 'the shop bus said hello to the recorder' }).toBeGreaterThan(0);
      return page;
    });
    expect(problems, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** The landmark region of one shop panel, by its title. */
export const panel = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });

/** Signs in as ada with the header button and waits until the header says so. */
export const signIn = async (page: Page) => {
  await page.getByRole('button', { name: 'Sign in as ada' }).click();
  await expect(page.getByText('Signed in as ada')).toBeVisible();
};

/** Adds products by name, one click each. */
export const add = async (page: Page, ...names: string[]) => {
  for (const name of names) await page.getByRole('button', { name: `Add ${name}`, exact: true }).click();
};

/** Clicks Checkout and returns the checkout result line. */
export const checkout = async (page: Page) => {
  await page.getByRole('button', { name: /^Checkout/ }).click();
  const result = page.getByRole('status', { name: 'Checkout result' });
  await expect(result).toBeVisible();
  return result;
};
