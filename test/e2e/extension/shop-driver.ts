import type { Frame, Page } from '@playwright/test';

/** What pages/shop.ts puts on `window.shop`. */
interface ShopWindow {
  shop: {
    bus: { publish(type: string, payload: unknown): Promise<unknown>; emit(type: string, payload: unknown): void };
    received: string[];
    flood(count: number): Promise<void>;
  };
}

/** Publishes an event on the test page's bus (and waits for its handlers). */
export const publish = (page: Page, type: string, payload: unknown) =>
  page.evaluate(([t, p]) => (window as unknown as ShopWindow).shop.bus.publish(t as string, p).then(() => undefined), [
    type,
    payload,
  ] as const);

/** Emits `count` bench:tick events on the page's bus. */
export const flood = (page: Page, count: number) => page.evaluate((n) => (window as unknown as ShopWindow).shop.flood(n), count);

/** Event types the page's own bus delivered, in order. */
export const received = (page: Page) => page.evaluate(() => [...(window as unknown as ShopWindow).shop.received]);

/** Opens the test shop and waits for its bus. */
export const openShop = async (page: Page, baseUrl: string, query = '') => {
  await page.goto(`${baseUrl}/index.html${query}`);
  await page.waitForFunction(() => 'shop' in window);
};

/** The rows of the panel's event log. */
export const logRows = (panel: Frame | Page) => panel.getByRole('listbox', { name: 'Events' }).getByRole('option');

/** The row of the panel's event log with this event type (the first one). */
export const logRow = (panel: Frame | Page, eventType: string) => logRows(panel).filter({ hasText: eventType }).first();
