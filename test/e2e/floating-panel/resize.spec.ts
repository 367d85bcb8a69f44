import { expect, type Locator, type Page } from '@playwright/test';
import { test } from './fixtures';

const VIEWPORT = { width: 1280, height: 720 };
/** The sheet's bounds in px: 120 at least, the viewport less 56px for the toggle at most. */
const MIN_HEIGHT = 120;
const MAX_HEIGHT = VIEWPORT.height - 56;
/** 45vh, the default height. */
const DEFAULT_HEIGHT = 324;
const KEYBOARD_STEP = 40;
const STORAGE_KEY = 'hubbub:floating-panel-height';

test.use({ viewport: VIEWPORT });

const openPanel = async (page: Page, url: string) => {
  await page.goto(url);
  await page.waitForFunction(() => 'app' in window);
  await page.getByRole('button', { name: 'Hubbub' }).click();
  const sheet = page.getByRole('region', { name: 'Hubbub devtools' });
  // The toolbar: still shown at the smallest height, where the event list may have no room left.
  await expect(sheet.getByRole('searchbox', { name: 'Filter events' })).toBeVisible();
  return { sheet, handle: page.getByRole('separator', { name: 'Resize Hubbub devtools' }) };
};

const heightOf = (sheet: Locator) => sheet.evaluate((element) => element.getBoundingClientRect().height);

/** How far the toggle's bottom edge is above the sheet's top edge, in px. */
const toggleGap = async (page: Page, sheet: Locator) => {
  const [sheetBox, toggleBox] = await Promise.all([sheet.boundingBox(), page.getByRole('button', { name: 'Hubbub' }).boundingBox()]);
  if (!sheetBox || !toggleBox) throw new Error('The sheet or its toggle is not visible.');
  return Math.round(sheetBox.y - (toggleBox.y + toggleBox.height));
};

/** Drags the handle from its centre by `deltaY` px (negative: up), in small pointer moves. */
const dragHandle = async (page: Page, handle: Locator, deltaY: number) => {
  const box = await handle.boundingBox();
  if (!box) throw new Error('The resize handle is not visible.');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + deltaY, { steps: 8 });
  await page.mouse.up();
};

const storedHeight = (page: Page) => page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);

test('dragging the top edge resizes the sheet and the toggle button stays just above it', async ({ page, baseUrl }) => {
  const { sheet, handle } = await openPanel(page, `${baseUrl}/index.html`);
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT);
  await expect(handle).toHaveAttribute('aria-valuenow', String(DEFAULT_HEIGHT));
  await expect(handle).toHaveAttribute('aria-valuemin', String(MIN_HEIGHT));
  await expect(handle).toHaveAttribute('aria-valuemax', String(MAX_HEIGHT));
  await expect(handle).toHaveAttribute('aria-orientation', 'horizontal');
  expect(await toggleGap(page, sheet)).toBe(12);

  await dragHandle(page, handle, -100);
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT + 100);
  await expect(handle).toHaveAttribute('aria-valuenow', String(DEFAULT_HEIGHT + 100));
  expect(await toggleGap(page, sheet)).toBe(12);

  await dragHandle(page, handle, 150);
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT - 50);
  expect(await toggleGap(page, sheet)).toBe(12);
  expect(await storedHeight(page)).toBe(String(DEFAULT_HEIGHT - 50));
});

test('dragging is clamped: never shorter than 120px, never over the toggle button', async ({ page, baseUrl }) => {
  const { sheet, handle } = await openPanel(page, `${baseUrl}/index.html`);
  await dragHandle(page, handle, -2_000);
  await expect.poll(() => heightOf(sheet)).toBe(MAX_HEIGHT);
  await expect(handle).toHaveAttribute('aria-valuenow', String(MAX_HEIGHT));
  expect(await toggleGap(page, sheet)).toBe(12);
  await expect(page.getByRole('button', { name: 'Hubbub' })).toBeInViewport({ ratio: 1 });

  await dragHandle(page, handle, 2_000);
  await expect.poll(() => heightOf(sheet)).toBe(MIN_HEIGHT);
  await expect(handle).toHaveAttribute('aria-valuenow', String(MIN_HEIGHT));
  expect(await toggleGap(page, sheet)).toBe(12);
});

test('the keyboard resizes the sheet as a window splitter: arrows by a step, Home and End to the bounds', async ({ page, baseUrl }) => {
  const { sheet, handle } = await openPanel(page, `${baseUrl}/index.html`);
  await page.getByRole('button', { name: 'Hubbub' }).focus();
  await page.keyboard.press('Tab');
  await expect(handle).toBeFocused();

  await page.keyboard.press('ArrowUp');
  await expect(handle).toHaveAttribute('aria-valuenow', String(DEFAULT_HEIGHT + KEYBOARD_STEP));
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT + KEYBOARD_STEP);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(handle).toHaveAttribute('aria-valuenow', String(DEFAULT_HEIGHT - KEYBOARD_STEP));
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT - KEYBOARD_STEP);
  expect(await toggleGap(page, sheet)).toBe(12);

  await page.keyboard.press('Home');
  await expect(handle).toHaveAttribute('aria-valuenow', String(MIN_HEIGHT));
  await page.keyboard.press('ArrowDown');
  await expect(handle).toHaveAttribute('aria-valuenow', String(MIN_HEIGHT));
  await expect.poll(() => heightOf(sheet)).toBe(MIN_HEIGHT);

  await page.keyboard.press('End');
  await expect(handle).toHaveAttribute('aria-valuenow', String(MAX_HEIGHT));
  await page.keyboard.press('ArrowUp');
  await expect(handle).toHaveAttribute('aria-valuenow', String(MAX_HEIGHT));
  await expect.poll(() => heightOf(sheet)).toBe(MAX_HEIGHT);
  expect(await storedHeight(page)).toBe(String(MAX_HEIGHT));

  // Escape on the handle still closes the panel, as anywhere in it.
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});

test('the chosen height survives a reload; a junk or out-of-range stored height does not break the panel', async ({ page, baseUrl }) => {
  const first = await openPanel(page, `${baseUrl}/index.html`);
  await dragHandle(page, first.handle, -80);
  await expect.poll(() => heightOf(first.sheet)).toBe(DEFAULT_HEIGHT + 80);

  await page.reload();
  const { sheet, handle } = await openPanel(page, `${baseUrl}/index.html`);
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT + 80);
  await expect(handle).toHaveAttribute('aria-valuenow', String(DEFAULT_HEIGHT + 80));
  expect(await toggleGap(page, sheet)).toBe(12);

  for (const [stored, expected] of [
    ['junk', DEFAULT_HEIGHT],
    ['-40', DEFAULT_HEIGHT],
    ['99999', MAX_HEIGHT],
    ['3', MIN_HEIGHT],
  ] as const) {
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, stored] as const);
    const reopened = await openPanel(page, `${baseUrl}/index.html`);
    await expect.poll(() => heightOf(reopened.sheet), { message: `stored ${stored}` }).toBe(expected);
    expect(await toggleGap(page, reopened.sheet)).toBe(12);
  }
});

test('an explicit height option wins over the stored one, and resizing then is not remembered', async ({ page, baseUrl }) => {
  await page.goto(`${baseUrl}/index.html`);
  await page.evaluate((key) => localStorage.setItem(key, '500'), STORAGE_KEY);
  const { sheet, handle } = await openPanel(page, `${baseUrl}/index.html?height=200px`);
  await expect.poll(() => heightOf(sheet)).toBe(200);
  expect(await toggleGap(page, sheet)).toBe(12);

  await handle.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => heightOf(sheet)).toBe(200 + KEYBOARD_STEP);
  expect(await storedHeight(page)).toBe('500');

  const reloaded = await openPanel(page, `${baseUrl}/index.html?height=200px`);
  await expect.poll(() => heightOf(reloaded.sheet)).toBe(200);
});

test('without a usable localStorage the panel still opens and resizes', async ({ page, baseUrl }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('Storage is disabled.', 'SecurityError');
      },
    });
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const { sheet, handle } = await openPanel(page, `${baseUrl}/index.html`);
  expect(
    await page.evaluate(() =>
      Promise.resolve()
        .then(() => localStorage)
        .then(
          () => 'readable',
          () => 'throws',
        ),
    ),
  ).toBe('throws');
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT);
  await dragHandle(page, handle, -60);
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT + 60);
  expect(errors).toEqual([]);
});

test('a page button the open sheet covers can be clicked once the sheet is dragged shorter', async ({ page, baseUrl }) => {
  const { sheet, handle } = await openPanel(page, `${baseUrl}/covered.html`);
  const save = page.getByRole('button', { name: 'Save' });
  const isOnTop = () =>
    save.evaluate((button) => {
      const box = button.getBoundingClientRect();
      return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === button;
    });
  expect(await isOnTop()).toBe(false);

  await dragHandle(page, handle, 400);
  await expect.poll(() => heightOf(sheet)).toBe(MIN_HEIGHT);
  expect(await isOnTop()).toBe(true);
  await save.click();
  await expect(page.locator('#saved')).toHaveText('saved');
  await expect(sheet.getByRole('searchbox', { name: 'Filter events' })).toBeVisible();
});

test('under a CSP without inline styles the handle is styled and resizes the sheet, with no violation', async ({ page, baseUrl }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const { sheet, handle } = await openPanel(page, `${baseUrl}/strict-csp.html`);
  expect(await handle.evaluate((element) => getComputedStyle(element).cursor)).toBe('ns-resize');
  await dragHandle(page, handle, -50);
  await expect.poll(() => heightOf(sheet)).toBe(DEFAULT_HEIGHT + 50);
  await handle.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => heightOf(sheet)).toBe(MIN_HEIGHT);
  expect(await toggleGap(page, sheet)).toBe(12);
  expect(violations).toEqual([]);
});
