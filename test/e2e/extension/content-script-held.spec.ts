import type { Page } from '@playwright/test';
import { heapMb } from '../support/heap';
import { activeTabId, expect, test } from './fixtures';

const openStream = async (page: Page, baseUrl: string) => {
  await page.goto(`${baseUrl}/content-script-stream.html`);
  await page.waitForFunction(() => 'stream' in window);
};
const emitBig = (page: Page, count: number) =>
  page.evaluate((n) => (window as unknown as { stream: { emitBig(n: number): Promise<void> } }).stream.emitBig(n), count);

test.describe('the content script holds a bounded amount while no panel is attached', () => {
  test('a page streaming big events to an in-page viewer costs a few MB, not every batch', async ({ context, baseUrl }) => {
    const page = await context.newPage();
    await openStream(page, baseUrl);
    const before = await heapMb(page);
    // About 96 MB of payloads; the page keeps 100 events (maxBuffer), the content script a few MiB.
    await emitBig(page, 400);
    await page.waitForTimeout(300);
    const grown = (await heapMb(page)) - before;
    expect(grown).toBeLessThan(40);
  });

  test('the panel opened afterwards says messages were left out, and shows what the page kept', async ({
    context,
    baseUrl,
    extensionId,
  }) => {
    const page = await context.newPage();
    await openStream(page, baseUrl);
    await emitBig(page, 150);
    const tabId = await activeTabId(context, page);
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${extensionId}/panel.html?tabId=${tabId}`);
    await expect(panel.getByRole('status').or(panel.getByRole('alert')).filter({ hasText: 'could not be relayed' })).toContainText(
      'from the page could not be relayed',
    );
    // The page's retained history (maxBuffer: 100 entries: an event and its dispatched entry each) comes with the panel's connect.
    await expect(panel.getByTestId('event-count')).toHaveText('50 events', { timeout: 10_000 });
  });
});
