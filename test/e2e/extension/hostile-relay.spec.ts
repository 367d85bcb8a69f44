import { PAGE_SOURCE, PROTOCOL_VERSION } from '../../../src/devtools/protocol';
import { activeTabId, expect, test } from './fixtures';
import { logRows, openShop, publish } from './shop-driver';

test.describe('the content script never wedges', () => {
  test('a page message too big for a port is dropped and counted; later ones flow', async ({ context, baseUrl, extensionId }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const tabId = await activeTabId(context, page);
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${extensionId}/panel.html?tabId=${tabId}`);
    await page.bringToFront();
    await publish(page, 'cart:add', { sku: 'before', qty: 1 });
    await expect(logRows(panel)).toHaveCount(1);

    // A hostile page speaks the protocol itself: three 80 MB batches, over Chrome's 64 MiB message cap.
    await page.evaluate(
      ([source, version]) => {
        for (let i = 0; i < 3; i++) {
          window.postMessage(
            {
              source,
              version,
              kind: 'batch',
              sessionId: 'forged',
              instanceId: 'forged',
              entries: `${i}`.padEnd(80_000_000, 'x'),
              count: 1,
              dropped: 0,
            },
            location.origin,
          );
        }
      },
      [PAGE_SOURCE, PROTOCOL_VERSION] as const,
    );
    for (let i = 0; i < 3; i++) await publish(page, 'cart:add', { sku: `after-${i}`, qty: i });

    await expect(logRows(panel).filter({ hasText: 'cart:add' })).toHaveCount(4, { timeout: 10_000 });
    await expect(panel.getByRole('status').or(panel.getByRole('alert')).filter({ hasText: 'could not be relayed' })).toContainText(
      '3 messages from the page could not be relayed',
    );
  });
});
