import AxeBuilder from '@axe-core/playwright';
import { add, expect, test } from './fixtures';

/** The impacts axe-core rates as blocking for a keyboard or screen-reader user. */
const SERIOUS = new Set(['serious', 'critical']);

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the floating panel over the demo (${colorScheme} theme): no serious accessibility violation, no landmark nested in the page’s`, async ({
    openShop,
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await openShop({ panel: 'open' });
    const devtools = page.getByRole('region', { name: 'Hubbub devtools' });
    await expect(devtools.getByRole('tab', { name: 'Events' })).toBeVisible();
    await add(page, 'Two cups');
    await expect(devtools.getByRole('listbox', { name: 'Events' }).getByText('cart/itemAdded')).toBeVisible();

    // The panel lives in its own shadow root, so the page's styles and ids cannot reach it.
    const results = await new AxeBuilder({ page })
      .include({ fromShadowDom: ['[data-hubbub-floating-panel]', '.hb-float-sheet'] })
      .analyze();
    const serious = results.violations.filter((v) => SERIOUS.has(v.impact ?? ''));
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    const landmarks = results.violations.filter((v) => v.id.startsWith('landmark-'));
    expect(landmarks.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}
