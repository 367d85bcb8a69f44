import { expect, type Locator, type Page } from '@playwright/test';
import type { FloatingPanelOptions } from '../../../src/devtools/panel/index';
import { test } from './fixtures';

// A page shows one floating panel: calling mountFloatingPanel() again (a hot reload re-running the
// module that calls it, or a second call elsewhere) keeps the mounted panel, with its log, and applies
// the options that changed since the previous call. These tests call it the way that module does.

const VIEWPORT = { width: 1280, height: 720 };
const STORAGE_KEY = 'hubbub:floating-panel-height';

test.use({ viewport: VIEWPORT });

interface AgainWindow {
  app: {
    bus: { emit(type: string, payload: unknown): void };
    mount(options?: FloatingPanelOptions): () => void;
    unmounts?: (() => void)[];
  };
}

/** Calls `mountFloatingPanel(options)` in the page; keeps what it returned, in order, for {@link sameUnmount}. */
const mount = (page: Page, options: Omit<FloatingPanelOptions, 'container'> & { container?: string } = {}) =>
  page.evaluate(({ container, ...rest }) => {
    const { app } = window as unknown as AgainWindow;
    const element = container ? (document.getElementById(container) ?? undefined) : undefined;
    app.unmounts ??= [];
    app.unmounts.push(app.mount({ ...rest, ...(element && { container: element }) }));
  }, options);
/** Whether the last two calls returned the same `unmount`. */
const sameUnmount = (page: Page) =>
  page.evaluate(() => {
    const unmounts = (window as unknown as AgainWindow).app.unmounts ?? [];
    return unmounts.at(-1) === unmounts.at(-2);
  });

const heightOf = (locator: Locator) => locator.evaluate((element) => element.getBoundingClientRect().height);
const sheetOf = (page: Page) => page.getByRole('region', { name: 'Hubbub devtools' });
const rowsOf = (page: Page) => page.getByRole('listbox', { name: 'Events' }).getByRole('option');

const load = async (page: Page, baseUrl: string) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(`${baseUrl}/again.html`);
  await page.waitForFunction(() => 'app' in window);
  return warnings;
};

test('called again with other options, the mounted panel takes them: label, corner, height; still open, its log kept', async ({
  page,
  baseUrl,
}) => {
  const warnings = await load(page, baseUrl);
  await mount(page, { buttonLabel: 'Bus' });
  await page.getByRole('button', { name: 'Bus' }).click();
  await page.evaluate(() => (window as unknown as AgainWindow).app.bus.emit('cart:add', { sku: 'tea' }));
  await expect(rowsOf(page)).toHaveCount(1);

  await mount(page, { buttonLabel: 'Shop bus', position: 'top-left', height: '200px' });
  expect(await sameUnmount(page)).toBe(true);
  const toggle = page.getByRole('button', { name: 'Shop bus' });
  await expect(toggle).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Bus', exact: true })).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  expect(await toggle.boundingBox()).toMatchObject({ x: 12, y: 12 });
  await expect.poll(() => heightOf(sheetOf(page))).toBe(200);
  await expect(page.getByRole('separator', { name: 'Resize Hubbub devtools' })).toHaveAttribute('aria-valuenow', '200');
  await expect(rowsOf(page)).toHaveCount(1);
  expect(await page.locator('[data-hubbub-floating-panel]').count()).toBe(1);
  expect(warnings).toEqual([]);
});

test('an option a call leaves as it was keeps what the user did since; one it changes applies', async ({ page, baseUrl }) => {
  await load(page, baseUrl);
  await mount(page, { open: true, height: '200px' });
  const toggle = page.getByRole('button', { name: 'Hubbub' });
  const sheet = sheetOf(page);
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');

  // The user makes the sheet taller and closes it; the same call again (a hot reload of an unrelated edit) keeps both.
  await page.getByRole('separator', { name: 'Resize Hubbub devtools' }).focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => heightOf(sheet)).toBe(240);
  await page.keyboard.press('Escape');
  await mount(page, { open: true, height: '200px' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect.poll(() => heightOf(sheet)).toBe(240);

  // The app changes them: the panel follows.
  await mount(page, { open: false, height: '200px' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(sheet).toBeHidden();
  await mount(page, { open: true, height: '300px' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect.poll(() => heightOf(sheet)).toBe(300);

  // Without `height`, the user's stored height applies, and the user's resizing is remembered again.
  await page.evaluate((key) => localStorage.setItem(key, '260'), STORAGE_KEY);
  await mount(page, { open: true });
  await expect.poll(() => heightOf(sheet)).toBe(260);
  await page.getByRole('separator', { name: 'Resize Hubbub devtools' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBe('220');
  // With it again, the app's height wins and the user's is left alone.
  await mount(page, { open: true, height: '150px' });
  await expect.poll(() => heightOf(sheet)).toBe(150);
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => heightOf(sheet)).toBe(190);
  expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBe('220');
  expect(await sameUnmount(page)).toBe(true);
});

test('called again with another container, the panel is mounted again there, and a development warning says what was lost', async ({
  page,
  baseUrl,
}) => {
  const warnings = await load(page, baseUrl);
  await mount(page, { container: 'first-container', open: true });
  await page.evaluate(() => (window as unknown as AgainWindow).app.bus.emit('cart:add', { sku: 'tea' }));
  await expect(rowsOf(page)).toHaveCount(1);

  await mount(page, { container: 'second-container', open: true });
  expect(await sameUnmount(page)).toBe(false);
  const toggleIn = (id: string) => page.locator(`#${id}`).locator('button[aria-expanded]');
  await expect(toggleIn('first-container')).toHaveCount(0);
  await expect(toggleIn('second-container')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('button', { name: 'Hubbub' })).toHaveCount(1);
  await expect(page.getByTestId('event-count')).toBeVisible();
  expect(warnings).toEqual([expect.stringContaining('[hubbub] mountFloatingPanel(): called with another `container`')]);
  expect(warnings[0]).toContain('empty log');

  // The same container again: kept, no further warning.
  await mount(page, { container: 'second-container', open: true, buttonLabel: 'Bus' });
  expect(await sameUnmount(page)).toBe(true);
  await expect(toggleIn('second-container')).toHaveText('Bus');
  expect(warnings).toHaveLength(1);
});
