import { test as base, expect, type Page } from '@playwright/test';
import { type HotApp, serveHotApp } from '../hmr/hot-app';

// Real Chromium, a real Vite dev server with hot reload, and bus.ts (the module that calls
// mountFloatingPanel) edited on disk: the developer changes the panel's options and sees them
// applied to the panel on the page, which stays the one panel, with its log.

const test = base.extend<{ hotApp: HotApp }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern.
  hotApp: async ({}, use) => {
    const app = await serveHotApp((edit) =>
      edit('bus.ts', 'mountFloatingPanel();', "mountFloatingPanel({ buttonLabel: 'Shop devtools' });"),
    );
    await use(app);
    await app.close();
  },
});

test.use({ viewport: { width: 1280, height: 720 } });

/** Whether the page is still the one first loaded: a hot reload keeps it, a full reload does not. */
const stillTheSamePage = (page: Page) => page.evaluate(() => 'notReloaded' in window);

test('editing the options of mountFloatingPanel() in the module that calls it: the mounted panel takes them at the hot reload', async ({
  page,
  hotApp,
}) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(hotApp.url);
  await expect(page.getByTestId('added')).toHaveText('0');
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));
  await page.getByRole('button', { name: 'Shop devtools' }).click();
  await page.getByRole('button', { name: 'Add tea' }).click();
  await expect(page.getByTestId('event-count')).toHaveText('1 event');

  hotApp.edit('bus.ts', "{ buttonLabel: 'Shop devtools' }", "{ buttonLabel: 'Bus', position: 'top-left', height: '200px' }");
  const toggle = page.getByRole('button', { name: 'Bus', exact: true });
  await expect(toggle).toBeVisible();
  await expect(page.getByRole('button', { name: 'Shop devtools' })).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  expect(await toggle.boundingBox()).toMatchObject({ x: 12, y: 12 });
  const sheet = page.getByRole('region', { name: 'Hubbub devtools' });
  await expect.poll(() => sheet.evaluate((element) => element.getBoundingClientRect().height)).toBe(200);
  await expect(page.getByTestId('event-count')).toHaveText('1 event');

  // The user closes it; the developer then asks for it open.
  await toggle.click();
  hotApp.edit('bus.ts', "height: '200px' }", "height: '200px', open: true }");
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('event-count')).toHaveText('1 event');
  expect(await stillTheSamePage(page)).toBe(true);
  expect(warnings.filter((text) => text.includes('[hubbub]'))).toEqual([]);
});
