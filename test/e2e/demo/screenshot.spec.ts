import { fileURLToPath } from 'node:url';
import { add, checkout, expect, panel, signIn, test } from './fixtures';

/**
 * The README's screenshot: a scripted session (a blocked checkout, two completed orders, one with
 * the isolated analytics failure, the storm, the replayed reviews). Saved to docs/images/demo.png
 * with UPDATE_SCREENSHOTS=1, else to this test's output folder, so `npm test` leaves the tree clean.
 */
test('a full session, saved as the README screenshot', async ({ openShop, page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openShop({ replyOrder: 'random' });
  await add(page, 'Sencha tea');
  await checkout(page);
  await signIn(page);
  await checkout(page);
  await expect(panel(page, 'Orders').getByTestId('status-o-2')).toHaveText('fulfilling');
  await add(page, 'Copper kettle', 'Two cups');
  await checkout(page);
  await expect(panel(page, 'Orders').getByTestId('status-o-3')).toHaveText('fulfilling');
  await panel(page, 'Storm guard')
    .getByRole('button', { name: /Start ping/ })
    .click();
  await panel(page, 'Reviews')
    .getByRole('button', { name: /Replay/ })
    .click();
  await add(page, 'Cast-iron teapot');
  await expect(panel(page, 'Reviews').getByText('rejected').first()).toBeVisible();
  await expect(panel(page, 'Metrics').getByTestId('blocked-authorization')).toHaveText('1');

  const readmeImage = fileURLToPath(new URL('../../../docs/images/demo.png', import.meta.url));
  const path = process.env.UPDATE_SCREENSHOTS === '1' ? readmeImage : testInfo.outputPath('demo.png');
  await page.screenshot({ path, fullPage: true });
});
