import AxeBuilder from '@axe-core/playwright';
import { activeTabId, expect, test } from './fixtures';
import { openShop, publish } from './shop-driver';

/** The impacts axe-core rates as blocking for a keyboard or screen-reader user. */
const SERIOUS = new Set(['serious', 'critical']);

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the extension's panel (${colorScheme} theme) has no serious accessibility violation`, async ({ context, baseUrl, extensionId }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const tabId = await activeTabId(context, page);
    // The panel's own page, as DevTools hosts it, opened in a tab so axe can read it.
    const panel = await context.newPage();
    await panel.emulateMedia({ colorScheme });
    await panel.goto(`chrome-extension://${extensionId}/panel.html?tabId=${tabId}`);
    await publish(page, 'cart:add', { sku: 'tea', qty: 1 });
    await expect(panel.getByRole('listbox', { name: 'Events' }).getByText('cart:add')).toBeVisible();

    const results = await new AxeBuilder({ page: panel }).analyze();
    const serious = results.violations.filter((v) => SERIOUS.has(v.impact ?? ''));
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  });
}
