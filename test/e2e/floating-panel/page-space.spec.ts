import { expect, type Locator, type Page } from '@playwright/test';
import type { FloatingPanelOptions } from '../../../src/devtools/panel/index';
import { test } from './fixtures';

// The open sheet is fixed to the bottom of the viewport. While it is open, the page is padded at
// the bottom (on <html>) by the room the sheet and its toggle button take, so the page's last
// content can be scrolled up above them, and the page gets its own padding back when it closes.

const VIEWPORT = { width: 1280, height: 720 };
/** The room kept above the sheet for the toggle button in a bottom corner, in px. */
const TOGGLE_ROOM = 56;
/** 45vh, the default height. */
const DEFAULT_HEIGHT = 324;

test.use({ viewport: VIEWPORT });

interface FooterWindow {
  app: { mount(options?: FloatingPanelOptions): () => void; unmount(): void };
}

const open = async (page: Page, url: string) => {
  await page.goto(url);
  await page.waitForFunction(() => 'app' in window);
  const toggle = page.getByRole('button', { name: 'Hubbub' });
  await toggle.click();
  const sheet = page.getByRole('region', { name: 'Hubbub devtools' });
  await expect(sheet.getByRole('searchbox', { name: 'Filter events' })).toBeVisible();
  return { toggle, sheet };
};

const scrollToEnd = (page: Page) => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
const scrollRoom = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
/** `<html>`'s computed bottom padding, in px. */
const pagePadding = (page: Page) => page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).paddingBottom));
/** `<html>`'s inline style: its declarations, and padding-bottom's priority. */
const inlineStyle = (page: Page) =>
  page.evaluate(() => {
    const { style } = document.documentElement;
    return { cssText: style.cssText, priority: style.getPropertyPriority('padding-bottom') };
  });
const heightOf = (locator: Locator) => locator.evaluate((element) => element.getBoundingClientRect().height);

/** Whether the element is what a click at its centre hits, and its box overlaps neither the toggle nor the sheet. */
const isUncovered = async (target: Locator, toggle: Locator, sheet: Locator) => {
  const onTop = await target.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === element;
  });
  const [box, toggleBox, sheetBox] = await Promise.all([target.boundingBox(), toggle.boundingBox(), sheet.boundingBox()]);
  if (!box || !toggleBox || !sheetBox) throw new Error('The target, the toggle or the sheet is not visible.');
  const overlaps = (other: { x: number; y: number; width: number; height: number }) =>
    box.x < other.x + other.width && other.x < box.x + box.width && box.y < other.y + other.height && other.y < box.y + box.height;
  return onTop && !overlaps(toggleBox) && !overlaps(sheetBox);
};

test('on a page that does not scroll, the footer’s button can be scrolled above the open panel and clicked; closing gives the page back', async ({
  page,
  baseUrl,
}) => {
  await page.goto(`${baseUrl}/footer.html`);
  await page.waitForFunction(() => 'app' in window);
  expect(await scrollRoom(page)).toBe(0);
  const before = await inlineStyle(page);
  const styleAttribute = () => page.evaluate(() => document.documentElement.getAttribute('style'));
  expect(await styleAttribute()).toBeNull();

  const { toggle, sheet } = await open(page, `${baseUrl}/footer.html`);
  const checkout = page.getByRole('button', { name: 'Checkout' });
  await scrollToEnd(page);
  expect(await isUncovered(checkout, toggle, sheet)).toBe(true);
  expect(await pagePadding(page)).toBe(DEFAULT_HEIGHT + TOGGLE_ROOM);
  await checkout.click();
  await expect(page.locator('#checked-out')).toHaveText('checked out');
  // The event the click published is in the open panel's log.
  await expect(sheet.getByRole('listbox', { name: 'Events' }).getByRole('option')).toHaveCount(1);

  await toggle.click();
  await expect(sheet).toBeHidden();
  expect(await inlineStyle(page)).toEqual(before);
  expect(await styleAttribute()).toBeNull();
  expect(await scrollRoom(page)).toBe(0);
});

test('at the end of a long page, the last content can be scrolled above the open panel', async ({ page, baseUrl }) => {
  const { toggle, sheet } = await open(page, `${baseUrl}/footer.html?long`);
  await scrollToEnd(page);
  expect(await isUncovered(page.getByRole('button', { name: 'Checkout' }), toggle, sheet)).toBe(true);
  expect(await isUncovered(page.getByText('Line 60', { exact: true }), toggle, sheet)).toBe(true);
});

test('the room follows the sheet as it is resized and as the window is; the page’s own inline padding comes back exactly', async ({
  page,
  baseUrl,
}) => {
  await page.goto(`${baseUrl}/footer.html`);
  await page.evaluate(() => document.documentElement.setAttribute('style', 'padding-bottom: 7px !important; color: rgb(1, 2, 3)'));
  const before = await inlineStyle(page);
  expect(before.priority).toBe('important');
  expect(await pagePadding(page)).toBe(7);

  await page.getByRole('button', { name: 'Hubbub' }).click();
  const sheet = page.getByRole('region', { name: 'Hubbub devtools' });
  await expect.poll(() => pagePadding(page)).toBe(DEFAULT_HEIGHT + TOGGLE_ROOM);
  const handle = page.getByRole('separator', { name: 'Resize Hubbub devtools' });
  await handle.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT + 40);
  expect(await pagePadding(page)).toBe(DEFAULT_HEIGHT + 40 + TOGGLE_ROOM);
  // The sheet as tall as it gets: then the room is the whole viewport.
  await page.keyboard.press('End');
  await expect.poll(() => pagePadding(page)).toBe(VIEWPORT.height);
  await page.setViewportSize({ width: 1000, height: 600 });
  await expect.poll(() => pagePadding(page)).toBe(600);

  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  expect(await inlineStyle(page)).toEqual(before);

  // Unmounted while open: the same.
  await page.getByRole('button', { name: 'Hubbub' }).click();
  await expect.poll(() => pagePadding(page)).toBe(600);
  await page.evaluate(() => (window as unknown as FooterWindow).app.unmount());
  expect(await inlineStyle(page)).toEqual(before);
});

test('a padding the page sets while the panel is open is the one it keeps when the panel closes', async ({ page, baseUrl }) => {
  const { toggle } = await open(page, `${baseUrl}/footer.html`);
  await expect.poll(() => pagePadding(page)).toBe(DEFAULT_HEIGHT + TOGGLE_ROOM);
  await page.evaluate(() => {
    document.documentElement.style.paddingBottom = '30px';
  });
  await toggle.click();
  expect(await pagePadding(page)).toBe(30);
});

test('a toggle button in a top corner takes no room at the bottom: the room is the sheet’s height', async ({ page, baseUrl }) => {
  const { toggle, sheet } = await open(page, `${baseUrl}/footer.html?position=top-left`);
  await expect.poll(() => pagePadding(page)).toBe(DEFAULT_HEIGHT);
  await scrollToEnd(page);
  expect(await isUncovered(page.getByRole('button', { name: 'Checkout' }), toggle, sheet)).toBe(true);
});

test('reserveSpace: false leaves the page as it is; a later call turns it on and off on the mounted panel', async ({ page, baseUrl }) => {
  const { toggle } = await open(page, `${baseUrl}/footer.html?reserveSpace=false`);
  const before = await inlineStyle(page);
  expect(await pagePadding(page)).toBe(0);
  expect(await scrollRoom(page)).toBe(0);

  await page.evaluate(() => (window as unknown as FooterWindow).app.mount({ reserveSpace: true }));
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  expect(await pagePadding(page)).toBe(DEFAULT_HEIGHT + TOGGLE_ROOM);
  await page.evaluate(() => (window as unknown as FooterWindow).app.mount({ reserveSpace: false }));
  expect(await inlineStyle(page)).toEqual(before);
});
