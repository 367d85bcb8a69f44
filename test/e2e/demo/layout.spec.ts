import type { Locator } from '@playwright/test';
import { add, checkout, expect, panel, signIn, test } from './fixtures';

/** Whether the element's text fits its box across (nothing hidden behind a horizontal scrollbar). */
const fitsAcross = (element: Locator) => element.evaluate((node) => node.scrollWidth <= node.clientWidth);

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 800, height: 900 },
]) {
  test(`the logging middleware's lines wrap instead of being cut (${viewport.width}x${viewport.height})`, async ({ openShop, page }) => {
    await page.setViewportSize(viewport);
    await openShop({ replyOrder: 'payment-first' });
    await signIn(page);
    await add(page, 'Sencha tea');
    await checkout(page);
    await expect(panel(page, 'Orders').getByTestId('status-o-1')).toHaveText('fulfilling');

    // The longest lines: nested events name their cause.
    const log = panel(page, 'Metrics').getByTestId('log');
    await expect(log).toContainText('OrderFulfillmentStarted');
    await expect(log).toContainText('(depth 2, caused by demo shop-');
    await expect.poll(() => fitsAcross(log)).toBe(true);
  });
}
