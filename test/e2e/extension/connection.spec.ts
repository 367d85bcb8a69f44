import { PROTOCOL_VERSION } from '../../../src/devtools/protocol';
import { activeTabId, expect, openHubbubPanel, stopServiceWorker, test } from './fixtures';
import { flood, logRows, openShop, publish } from './shop-driver';

test.describe('the extension keeps the stream', () => {
  test('stopping the service worker loses no event', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const { panel } = await openHubbubPanel(context, page);
    await publish(page, 'cart:add', { sku: 'before-stop', qty: 1 });
    await expect(logRows(panel)).toHaveCount(1);

    for (let round = 1; round <= 2; round++) {
      await stopServiceWorker(context, page);
      // Published while the worker is down or restarting: held by the content script.
      for (let i = 0; i < 5; i++) await publish(page, 'cart:add', { sku: `after-stop-${round}-${i}`, qty: i });
    }

    await expect(logRows(panel).filter({ hasText: 'cart:add' })).toHaveCount(11, { timeout: 10_000 });
    await expect(panel.getByTestId('event-count')).toHaveText('11 events');
    await publish(page, 'order:placed', { orderId: 'after-restart', total: 1 });
    await expect(panel.getByTestId('event-count')).toHaveText('13 events');
  });

  test('each frame’s bus is an instance named with its frame', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/frames.html`);
    const child = page.frameLocator('#child');
    await expect(child.locator('h1')).toHaveText('Shop');
    const { panel } = await openHubbubPanel(context, page);
    const buses = panel.getByRole('combobox', { name: 'Bus' });
    await expect(buses.getByRole('option')).toHaveCount(3);
    await expect(buses).toContainText('widget');
    await expect(buses).toContainText('index.html?name=widget');
  });

  test('a page speaking another protocol version gets a message, not a misreading', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const { panel } = await openHubbubPanel(context, page);
    await page.evaluate(() =>
      window.postMessage(
        { source: 'hubbub:page', version: 99, kind: 'hello', sessionId: 'future', instanceId: 'future-bus', instance: {} },
        location.origin,
      ),
    );
    await expect(panel.getByRole('alert')).toContainText('protocol version 99');
    await expect(panel.getByRole('alert')).toContainText(`reads version ${PROTOCOL_VERSION}`);
  });

  test('a tab without the content script says to reload the page', async ({ context, extensionId }) => {
    // Top-level about:blank never gets content scripts: like a tab opened before the extension was installed.
    const blank = await context.newPage();
    const tabId = await activeTabId(context, blank);
    const panelTab = await context.newPage();
    await panelTab.goto(`chrome-extension://${extensionId}/panel.html?tabId=${tabId}`);
    await expect(panelTab.getByRole('alert')).toContainText('Reload the page');
  });

  test('a long log stays a window of rows in the real layout', async ({ context, baseUrl, extensionId }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const tabId = await activeTabId(context, page);
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${extensionId}/panel.html?tabId=${tabId}`);
    await expect(panel.getByText('Waiting for a Hubbub bus')).toHaveCount(0);
    await flood(page, 5000);
    await expect(panel.getByTestId('event-count')).toHaveText('5000 events');
    const rendered = await logRows(panel).count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    // Following the tail: the newest event is on screen.
    await expect(logRows(panel).last()).toBeInViewport();
  });
});
