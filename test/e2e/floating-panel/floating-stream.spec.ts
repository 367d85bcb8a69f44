import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';

interface AppWindow {
  app: { bus: { emit(type: string, payload: unknown): void } };
}

const EVENTS = 3_000;

/** Emits `count` cart:add events, `burst` at a time with a few ms between bursts, as a busy app does. */
const stream = (page: Page, count: number, burst: number) =>
  page.evaluate(
    async ([n, size]) => {
      const { bus } = (window as unknown as AppWindow).app;
      for (let i = 0; i < n; ) {
        for (const end = Math.min(n, i + size); i < end; i++) bus.emit('cart:add', { sku: `item-${i}` });
        await new Promise((done) => setTimeout(done, 4));
      }
    },
    [count, burst] as const,
  );

test('a stream of bursts: the open panel lists every event, follows the newest, and finds any of them', async ({ page, baseUrl }) => {
  await page.goto(`${baseUrl}/index.html`);
  await page.waitForFunction(() => 'app' in window);
  await page.getByRole('button', { name: 'Hubbub' }).click();
  const list = page.getByRole('listbox', { name: 'Events' });
  await expect(page.getByText('No events yet.')).toBeVisible();

  await stream(page, EVENTS, 50);
  await expect(page.getByTestId('event-count')).toHaveText(`${EVENTS} events`);
  // It followed the tail: the last event's row is rendered and in view, and the rows before it are there too.
  const last = list.locator(`[role=option][aria-posinset="${EVENTS}"]`);
  await expect(last).toBeInViewport();
  const shown = await list.getByRole('option').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('aria-posinset'))));
  const sorted = [...shown].sort((a, b) => a - b);
  expect(sorted.at(-1)).toBe(EVENTS);
  expect(sorted).toEqual(sorted.map((_, i) => (sorted[0] as number) + i));

  // Every one of them can be found: the first, one in the middle, the last.
  const filter = page.getByRole('searchbox', { name: 'Filter events' });
  for (const sku of ['item-0"', 'item-1500"', `item-${EVENTS - 1}"`]) {
    await filter.fill(sku);
    await expect(page.getByTestId('event-count')).toHaveText(`1 of ${EVENTS} events`);
    await expect(list.getByRole('option')).toHaveCount(1);
  }
  await filter.fill('');
  await expect(page.getByTestId('event-count')).toHaveText(`${EVENTS} events`);

  // Home goes to the first event, rendered where the list now is.
  await list.focus();
  await page.keyboard.press('Home');
  await expect(list.locator('[role=option][aria-posinset="1"]')).toBeInViewport();
  await expect(list.locator('[role=option][aria-posinset="1"]')).toHaveAttribute('aria-selected', 'true');
});
