import { expect, openHubbubPanel, test } from './fixtures';
import { logRow, logRows, openShop, publish } from './shop-driver';

test.describe('the Hubbub panel in real Chrome DevTools: keyboard and Edit in Dispatch', () => {
  test("'/' and Ctrl+F bring focus to the filter, Escape clears it; '/' typed in a field stays a character", async ({
    context,
    baseUrl,
  }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const { panel, devtools } = await openHubbubPanel(context, page);
    await publish(page, 'cart:add', { sku: 'A1', qty: 1 });
    await publish(page, 'order:placed', { orderId: 'o-1', total: 3 });
    await expect(logRows(panel)).toHaveCount(3);
    const filter = panel.getByRole('searchbox', { name: 'Filter events' });

    await logRow(panel, 'cart:add').click();
    await devtools.keyboard.press('/');
    await expect(filter).toBeFocused();
    await devtools.keyboard.type('placed');
    await expect(filter).toHaveValue('placed');
    await expect(logRows(panel)).toHaveCount(1);
    await devtools.keyboard.press('Escape');
    await expect(filter).toHaveValue('');
    await expect(logRows(panel)).toHaveCount(3);

    await logRow(panel, 'order:placed').click();
    await devtools.keyboard.press('Control+F');
    await expect(filter).toBeFocused();

    await panel.getByRole('tab', { name: 'Dispatch' }).press('Enter');
    const eventType = panel.getByRole('textbox', { name: 'Event type to dispatch' });
    await eventType.focus();
    await devtools.keyboard.type('cart/add');
    await expect(eventType).toHaveValue('cart/add');
    await expect(eventType).toBeFocused();
  });

  test('"Edit in Dispatch" from any event publishes the edited copy; a Date marker comes back as a Date', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl, '?allowDispatch=1');
    const { panel } = await openHubbubPanel(context, page);
    await publish(page, 'cart:add', { sku: 'A1', qty: 1, at: new Date('2026-01-02T03:04:05.000Z') });
    await logRow(panel, 'cart:add').click();
    await panel.getByRole('button', { name: 'Edit in Dispatch' }).press('Enter');

    const payload = panel.getByRole('textbox', { name: 'Payload JSON' });
    await expect(panel.getByRole('list', { name: 'Payload notes' })).toContainText('at (Date 2026-01-02T03:04:05.000Z)');
    await payload.fill((await payload.inputValue()).replace('"qty": 1', '"qty": 5'));
    await panel.getByRole('button', { name: 'Dispatch', exact: true }).press('Enter');
    await expect(panel.getByRole('list', { name: 'Dispatch results' }).getByRole('listitem').first()).toContainText('published');

    await panel.getByRole('tab', { name: 'Events' }).press('Enter');
    await expect(logRows(panel).filter({ hasText: 'cart:add' })).toHaveCount(2);
    await logRows(panel).filter({ hasText: 'replayed' }).click();
    const tree = panel.getByRole('complementary', { name: 'Event detail' }).getByRole('list', { name: 'Payload' });
    await expect(tree).toContainText('qty: 5');
    await expect(tree).toContainText('Date 2026-01-02T03:04:05.000Z');
  });
});
