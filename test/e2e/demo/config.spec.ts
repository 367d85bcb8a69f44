import { add, checkout, expect, panel, signIn, test } from './fixtures';

test('bad URL settings are reported with the fix, and the defaults keep the shop working', async ({ openShop }) => {
  const page = await openShop({ replyOrder: 'sideways', timeoutMs: 'soon' });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('replyOrder=sideways is unknown; using random. Use one of: random, payment-first, inventory-first.');
  await expect(alert).toContainText('timeoutMs=soon is not a number from 50 to 600000; using 4000.');
  await expect(panel(page, 'Orders').getByText('replies: random · saga timeout 4000 ms')).toBeVisible();

  await signIn(page);
  await add(page, 'Sencha tea');
  await checkout(page);
  await expect(panel(page, 'Orders').getByTestId('status-o-1')).toHaveText('fulfilling');
});

test('the in-page devtools panel is behind a toggle', async ({ openShop, page }) => {
  await openShop({ panel: 'closed' });
  const button = page.getByRole('button', { name: 'Hubbub', exact: true });
  await expect(button).toBeVisible();
  await button.click();
  const devtools = page.getByRole('region', { name: 'Hubbub devtools' });
  // The panel UI loads lazily on first open; it sees what the bus does from then on.
  await expect(devtools.getByRole('tab', { name: 'Events' })).toBeVisible();
  await add(page, 'Two cups');
  await expect(devtools.getByRole('listbox', { name: 'Events' }).getByText('cart/itemAdded')).toBeVisible();
  await page.getByRole('checkbox', { name: 'In-page devtools panel' }).uncheck();
  await expect(button).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Hubbub devtools' })).toHaveCount(0);
});
