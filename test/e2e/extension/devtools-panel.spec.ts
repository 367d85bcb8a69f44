import { expect, openHubbubPanel, test } from './fixtures';
import { logRow, logRows, openShop, publish, received } from './shop-driver';

test.describe('the Hubbub panel in real Chrome DevTools', () => {
  test('shows events published before DevTools opened, a middleware block by name and a handler error', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    await publish(page, 'cart:add', { sku: 'A1', qty: 2 });
    await publish(page, 'order:placed', { orderId: 'o-17', total: 30 });
    await publish(page, 'admin:delete', { id: 'user-9' });

    const { panel } = await openHubbubPanel(context, page);

    await expect(logRow(panel, 'cart:add')).toBeVisible();
    await expect(logRow(panel, 'payment:charge')).toContainText('failed');
    // At a glance: the first error of a failed row, the middleware that blocked a blocked one.
    await expect(logRow(panel, 'payment:charge')).toContainText('Payment declined for o-17');
    await expect(logRow(panel, 'admin:delete')).toContainText('blocked');
    await expect(logRow(panel, 'admin:delete')).toContainText('by auth-guard');

    await logRow(panel, 'admin:delete').click();
    // Small targets in the panel frame hosted by DevTools are activated with the keyboard: Playwright's
    // mouse clicks there missed the lower part of the frame on this machine.
    await panel.getByRole('tab', { name: 'Pipeline' }).press('Enter');
    const step = panel.getByTestId('middleware-step');
    await expect(step).toContainText('auth-guard');
    await expect(step).toContainText('blocked');

    await logRow(panel, 'payment:charge').click();
    await expect(panel.getByTestId('handler-run').filter({ hasText: 'payment-gateway' })).toContainText('Payment declined for o-17');

    await publish(page, 'cart:add', { sku: 'LIVE-1', qty: 1 });
    await expect(logRows(panel).filter({ hasText: 'cart:add' })).toHaveCount(2);
  });

  test('filters by text, regex and invert, and shows the detail of an event', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const { panel } = await openHubbubPanel(context, page);
    // The regex engine is a file of its own, which the panel loads when regex is ticked.
    const scriptsLoaded: string[] = [];
    context.on('request', (request) => {
      // Not the service worker's: Chrome may stop and restart it at any time, and it then loads its modules (the shared protocol chunk) again.
      if (request.url().endsWith('.js') && !request.serviceWorker()) scriptsLoaded.push(request.url());
    });
    await publish(page, 'cart:add', { sku: 'BLUE-MUG', qty: 3 });
    await publish(page, 'order:placed', { orderId: 'o-2', total: 12 });
    await expect(logRows(panel)).toHaveCount(3);

    const filter = panel.getByRole('searchbox', { name: 'Filter events' });
    await filter.fill('blue-mug');
    await expect(logRows(panel)).toHaveCount(1);
    await expect(panel.getByTestId('event-count')).toHaveText('1 of 3 events');

    await filter.fill('^(order|payment):');
    expect(scriptsLoaded).toEqual([]);
    await panel.getByRole('checkbox', { name: 'regex' }).check();
    await expect(logRows(panel)).toHaveCount(2);
    expect(scriptsLoaded).toEqual([expect.stringMatching(/^chrome-extension:\/\/\w+\/assets\/[\w-]+\.js$/)]);
    await panel.getByRole('checkbox', { name: 'invert' }).check();
    await expect(logRows(panel)).toHaveCount(1);
    await expect(logRows(panel).first()).toContainText('cart:add');

    await logRows(panel).first().click();
    const detail = panel.getByRole('complementary', { name: 'Event detail' });
    await expect(detail.getByRole('heading', { name: 'cart:add' })).toBeVisible();
    const tree = detail.getByRole('list', { name: 'Payload' });
    await expect(tree).toContainText('sku: "BLUE-MUG"');
    await expect(tree).toContainText('qty: 3');

    await panel.getByRole('checkbox', { name: 'invert' }).uncheck();
    await logRow(panel, 'payment:charge').click();
    await detail.getByRole('tab', { name: 'Causation' }).press('Enter');
    const causes = detail.getByRole('list', { name: 'Causation tree' });
    await expect(causes.getByRole('button', { name: 'order:placed' })).toBeVisible();
    await expect(causes.getByRole('button', { name: 'payment:charge' })).toBeVisible();
  });

  test('events a page denies never reach the panel, which says how many were left out', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl, '?deny=cart:add,cart:remove');
    const { panel } = await openHubbubPanel(context, page);
    await publish(page, 'cart:add', { sku: 'hidden', qty: 1 });
    await publish(page, 'order:placed', { orderId: 'o-5', total: 5 });
    await publish(page, 'cart:remove', { sku: 'hidden' });
    await expect(logRow(panel, 'order:placed')).toBeVisible();
    await expect(panel.getByTestId('left-out')).toContainText('2 events not recorded');
    await expect(logRows(panel).filter({ hasText: 'cart:' })).toHaveCount(0);
    // The page's own handlers still got every event: recording controls only decide what the panel sees.
    expect(await received(page)).toEqual(expect.arrayContaining(['cart:add', 'order:placed', 'cart:remove']));
  });

  test('a reload clears the log, unless Preserve log is on: then a separator marks it', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const { panel } = await openHubbubPanel(context, page);
    await publish(page, 'cart:add', { sku: 'first-page', qty: 1 });
    await expect(logRow(panel, 'cart:add')).toBeVisible();

    await page.reload();
    await page.waitForFunction(() => 'shop' in window);
    await publish(page, 'order:placed', { orderId: 'after-reload', total: 1 });
    await expect(logRow(panel, 'order:placed')).toBeVisible();
    await expect(logRows(panel).filter({ hasText: 'cart:add' })).toHaveCount(0);

    await panel.getByRole('checkbox', { name: 'Preserve log' }).press('Space');
    await expect(panel.getByRole('checkbox', { name: 'Preserve log' })).toBeChecked();
    await page.reload();
    await page.waitForFunction(() => 'shop' in window);
    await publish(page, 'cart:add', { sku: 'second-page', qty: 1 });
    await expect(logRow(panel, 'cart:add')).toBeVisible();
    await expect(logRow(panel, 'order:placed')).toBeVisible();
    await expect(logRow(panel, 'cart:add')).toContainText('reloaded');
  });

  test('Replay of an event recorded before a reload goes to the reloaded page’s bus of its name; with none, it says why', async ({
    context,
    baseUrl,
  }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl, '?allowDispatch=1');
    const { panel } = await openHubbubPanel(context, page);
    await panel.getByRole('checkbox', { name: 'Preserve log' }).press('Space');
    await expect(panel.getByRole('checkbox', { name: 'Preserve log' })).toBeChecked();
    await publish(page, 'cart:remove', { sku: 'before-reload' });
    await expect(logRow(panel, 'cart:remove')).toBeVisible();

    await page.reload();
    await page.waitForFunction(() => 'shop' in window);
    await publish(page, 'cart:add', { sku: 'after-reload', qty: 1 });
    await expect(logRow(panel, 'cart:add')).toBeVisible();
    await logRow(panel, 'cart:remove').click();
    const detail = panel.getByRole('complementary', { name: 'Event detail' });
    await detail.getByRole('button', { name: 'Replay' }).press('Enter');
    await expect(detail).toContainText('replayed as');
    expect(await received(page)).toContain('cart:remove');

    // The page now names its bus "auth": no live bus is the "shop" that recorded the event.
    await openShop(page, baseUrl, '?allowDispatch=1&name=auth');
    await expect(detail.getByText('The bus "shop" that recorded this event is gone')).toBeVisible();
    await expect(detail.getByRole('button', { name: 'Replay' })).toBeDisabled();
  });

  test('dispatch is refused unless the page allowed it', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const { panel } = await openHubbubPanel(context, page);
    await expect(panel.getByRole('status').filter({ hasText: 'Waiting' })).toHaveCount(0);

    await panel.getByRole('tab', { name: 'Dispatch' }).click();
    await expect(panel.getByText('This page did not allow dispatch')).toBeVisible();
    await panel.getByRole('textbox', { name: 'Event type to dispatch' }).fill('cart:add');
    await panel.getByRole('textbox', { name: 'Payload JSON' }).fill('{"sku":"FROM-PANEL","qty":1}');
    await panel.getByRole('button', { name: 'Dispatch', exact: true }).click();
    await expect(panel.getByRole('list', { name: 'Dispatch results' })).toContainText('refused');
    expect(await received(page)).not.toContain('cart:add');

    await openShop(page, baseUrl, '?allowDispatch=1');
    await expect(panel.getByText('This page did not allow dispatch')).toHaveCount(0);
    await panel.getByRole('button', { name: 'Dispatch', exact: true }).click();
    await expect(panel.getByRole('list', { name: 'Dispatch results' }).getByRole('listitem').first()).toContainText('published');
    expect(await received(page)).toContain('cart:add');
    await panel.getByRole('tab', { name: 'Events' }).click();
    await expect(logRow(panel, 'cart:add')).toContainText('replayed');
  });
});
