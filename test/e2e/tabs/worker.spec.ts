import { test as base, expect } from '@playwright/test';
import { pagesServerFixture } from './page-server';

const test = base.extend<object, { server: string }>({ server: pagesServerFixture });

test('a bus in a Web Worker talks to the page bus through connectTabs; connectDevtools in the worker says why it shows nothing, and what to do', async ({
  page,
  server,
}) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(`${server}worker.html`);
  await expect(page).toHaveTitle('ready');
  await page.evaluate(() => window.hubbubWorker.workerReady);
  await page.evaluate(() => window.hubbubWorker.bus.emit('report/requested', { month: '2026-11' }));
  await expect.poll(() => page.evaluate(() => window.hubbubWorker.ready)).toEqual([{ rows: 7 }]);
  await expect
    .poll(() => warnings.find((text) => text.includes('connectDevtools(bus "reports") in a Web Worker does nothing')))
    .toContain('bridge the events you want to see to it with connectTabs()');
  // The page's own bus is connected: no warning about it.
  expect(warnings.filter((text) => text.includes('bus "page"'))).toEqual([]);
});
