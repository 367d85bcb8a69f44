import type { Page } from '@playwright/test';
import { PANEL_PORT } from '../../../devtools-extension/shared/port-names';
import { EXTENSION_SOURCE, PROTOCOL_VERSION } from '../../../src/devtools/protocol';
import { activeTabId, expect, test } from './fixtures';
import { logRows, openShop, publish } from './shop-driver';

/** Opens a panel port of its own from an extension page and records the tab-status values the service worker sends it. */
const watchStatuses = (extensionPage: Page, tabId: number) =>
  extensionPage.evaluate(
    ([name, source, version, tab]) => {
      const seen: string[] = [];
      Object.assign(window, { statuses: seen });
      const port = chrome.runtime.connect({ name });
      port.onMessage.addListener((message: { kind?: string; status?: string }) => {
        if (message.kind === 'tab-status' && message.status) seen.push(message.status);
      });
      port.postMessage({ source, version, kind: 'panel-init', tabId: tab });
    },
    [PANEL_PORT, EXTENSION_SOURCE, PROTOCOL_VERSION, tabId] as const,
  );
const statuses = (extensionPage: Page) => extensionPage.evaluate(() => (window as unknown as { statuses: string[] }).statuses);

test.describe('the service worker tells the panel about the tab', () => {
  test('a navigation or reload of the tab is reported as navigated; the panel keeps streaming', async ({
    context,
    baseUrl,
    extensionId,
  }) => {
    const page = await context.newPage();
    await openShop(page, baseUrl);
    const tabId = await activeTabId(context, page);
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${extensionId}/panel.html?tabId=${tabId}`);
    await watchStatuses(panel, tabId);
    await expect.poll(() => statuses(panel)).toEqual(['connected']);

    await page.bringToFront();
    await openShop(page, baseUrl, '?name=second');
    await expect.poll(() => statuses(panel)).toEqual(['connected', 'navigated']);
    // The log was cleared for the new page (Preserve log is off), which streams to the panel.
    await publish(page, 'cart:add', { sku: 'after-navigation', qty: 1 });
    await expect(logRows(panel).filter({ hasText: 'cart:add' })).toHaveCount(1);

    await page.reload();
    await page.waitForFunction(() => 'shop' in window);
    await expect.poll(() => statuses(panel)).toEqual(['connected', 'navigated', 'navigated']);
  });
});
