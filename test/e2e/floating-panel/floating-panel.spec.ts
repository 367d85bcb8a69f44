import { expect, type Page } from '@playwright/test';
import { recordBus } from '../../../src/testing/playwright/index';
import { test } from './fixtures';

interface AppWindow {
  app: { bus: { publish(type: string, payload: unknown): Promise<unknown> }; unmount(): void };
}

/** Opens the test app, recording the URLs the page requests; `publish` dispatches on its bus and waits for the report. */
const openApp = async (page: Page, baseUrl: string) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${baseUrl}/index.html`);
  await page.waitForFunction(() => 'app' in window);
  const publish = (type: string, payload: unknown) =>
    page.evaluate(([t, p]) => (window as unknown as AppWindow).app.bus.publish(t as string, p).then(() => undefined), [
      type,
      payload,
    ] as const);
  return { requested, publish };
};

test('the in-page floating panel loads its UI on first open and shows the page’s stream', async ({ page, baseUrl }) => {
  const { requested, publish } = await openApp(page, baseUrl);

  await publish('cart:add', { sku: 'BEFORE-OPEN' });
  await publish('admin:delete', { id: 'u1' });
  await publish('payment:charge', { amount: 5 });
  expect(requested.some((url) => url.includes('mount-panel'))).toBe(false);

  const toggle = page.getByRole('button', { name: 'Hubbub' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  expect(requested.some((url) => url.includes('mount-panel'))).toBe(true);

  const rows = page.getByRole('listbox', { name: 'Events' }).getByRole('option');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'admin:delete' })).toContainText('blocked');
  await expect(rows.filter({ hasText: 'payment:charge' })).toContainText('failed');

  await rows.filter({ hasText: 'payment:charge' }).click();
  await page.getByRole('tab', { name: 'Pipeline' }).click();
  await expect(page.getByTestId('handler-run')).toContainText('Error: Card expired');

  await page.getByRole('searchbox', { name: 'Filter events' }).fill('before-open');
  await expect(rows).toHaveCount(1);
  await publish('cart:add', { sku: 'before-open-too' });
  await expect(rows).toHaveCount(2);

  // The app's `button { font-size: 40px }` does not reach the panel in its shadow root.
  const fontSize = await page.getByRole('button', { name: 'Pause' }).evaluate((el) => getComputedStyle(el).fontSize);
  expect(fontSize).toBe('12px');

  await page.evaluate(() => (window as unknown as AppWindow).app.unmount());
  await expect(page.getByRole('button', { name: 'Hubbub' })).toHaveCount(0);
});

test('a regex that backtracks badly, typed over a long payload that almost matches, freezes neither the panel nor the page', async ({
  page,
  baseUrl,
}) => {
  const { requested, publish } = await openApp(page, baseUrl);
  await page.getByRole('button', { name: 'Hubbub' }).click();
  const rows = page.getByRole('listbox', { name: 'Events' }).getByRole('option');
  const count = page.getByTestId('event-count');
  // JavaScript's own engine would try every way to split the run of a's before giving up: for ever, on the page's thread.
  await publish('cart:add', { sku: `${'a'.repeat(900)}b` });
  await expect(rows).toHaveCount(1);
  // The regex engine is not part of the panel's UI: it loads when regex is ticked.
  await page.getByRole('searchbox', { name: 'Filter events' }).fill('cart');
  await expect(count).toHaveText('1 event');
  await page.getByRole('searchbox', { name: 'Filter events' }).fill('');
  expect(requested.filter((url) => url.includes('linear-regex'))).toEqual([]);

  await page.getByRole('checkbox', { name: 'regex' }).check();
  await expect.poll(() => requested.filter((url) => url.includes('linear-regex')).length).toBe(1);
  await page.getByRole('searchbox', { name: 'Filter events' }).fill('(a|a)+$');
  await expect(count).toHaveText('0 of 1 event');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The page still runs its app, and the panel takes the next event through the same filter.
  await publish('cart:add', { sku: `${'a'.repeat(900)}c` });
  await expect(count).toHaveText('0 of 2 events');
  await page.getByRole('checkbox', { name: 'invert' }).check();
  await expect(rows).toHaveCount(2);
});

test('a regex engine that cannot be loaded says so and what to do; ticking regex again loads it and filters', async ({ page, baseUrl }) => {
  let offline = true;
  await page.route(/linear-regex/, (route) => (offline ? route.abort('internetdisconnected') : route.fallback()));
  await page.goto(`${baseUrl}/index.html`);
  await page.waitForFunction(() => 'app' in window);
  await page.evaluate(async () => {
    const { bus } = (window as unknown as AppWindow).app;
    await bus.publish('cart:add', { sku: 'tea' });
    await bus.publish('admin:delete', { id: 'u1' });
  });
  await page.getByRole('button', { name: 'Hubbub' }).click();
  const rows = page.getByRole('listbox', { name: 'Events' }).getByRole('option');
  await expect(rows).toHaveCount(2);

  await page.getByRole('searchbox', { name: 'Filter events' }).fill('^cart:');
  await page.getByRole('checkbox', { name: 'regex' }).check();
  await expect(page.getByRole('alert')).toHaveText(/^The regex engine could not be loaded \(.+\)\. Turn regex off and on to try again;/);
  // Not filtered by a pattern it cannot run: the whole log.
  await expect(rows).toHaveCount(2);

  offline = false;
  await page.getByRole('checkbox', { name: 'regex' }).uncheck();
  await page.getByRole('checkbox', { name: 'regex' }).check();
  await expect(page.getByTestId('event-count')).toHaveText('1 of 2 events');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(rows).toHaveText([/cart:add/]);
});

test('deny: denied events never reach recordBus or the floating panel, which says how many were not recorded', async ({
  page,
  baseUrl,
}) => {
  const recorder = await recordBus(page);
  await page.goto(`${baseUrl}/controls.html`);
  await page.waitForFunction(() => 'app' in window);
  await page.evaluate(async () => {
    const { bus } = (window as unknown as AppWindow).app;
    await bus.publish('pointer/move', { x: 1, y: 2 });
    await bus.publish('cart/added', { sku: 'tea' });
    await bus.publish('pointer/move', { x: 3, y: 4 });
  });

  const added = await recorder.waitFor('cart/added');
  expect(added.payload).toEqual({ sku: 'tea' });
  expect(recorder.events.map((e) => e.type)).toEqual(['cart/added']);
  // No follow-up of a pointer event either: every middleware, handler and dispatch entry is cart/added's.
  const followUps = recorder.entries.filter((e) => e.type === 'handler' || e.type === 'dispatched' || e.type === 'middleware');
  expect(followUps.length).toBeGreaterThan(0);
  expect(followUps.every((e) => 'eventId' in e && e.eventId === added.id)).toBe(true);
  await expect.poll(() => [...recorder.leftOut.values()].map((summary) => summary.total)).toEqual([2]);
  expect([...recorder.leftOut.values()][0]?.byType).toEqual([expect.objectContaining({ type: 'pointer/move', denied: 2 })]);

  await page.getByRole('button', { name: 'Hubbub' }).click();
  const rows = page.getByRole('listbox', { name: 'Events' }).getByRole('option');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('cart/added');
  const leftOut = page.getByTestId('left-out');
  await expect(leftOut).toContainText('2 events not recorded');
  await expect(leftOut).toHaveAttribute('title', /pointer\/move: 2 denied/);
  await recorder.stop();
});

test('closing one viewer leaves the others streaming: the floating panel unmounts, recordBus still hears the page', async ({
  page,
  baseUrl,
}) => {
  const recorder = await recordBus(page);
  await page.goto(`${baseUrl}/index.html`);
  await page.waitForFunction(() => 'app' in window);
  const publish = (type: string) =>
    page.evaluate((t) => (window as unknown as AppWindow).app.bus.publish(t, {}).then(() => undefined), type);
  await page.getByRole('button', { name: 'Hubbub' }).click();
  await publish('cart:add');
  await expect(page.getByRole('listbox', { name: 'Events' }).getByRole('option')).toHaveCount(1);
  await recorder.waitFor('cart:add');

  await page.evaluate(() => (window as unknown as AppWindow).app.unmount());
  await publish('after:unmount');
  expect((await recorder.waitFor('after:unmount')).type).toBe('after:unmount');
  await recorder.stop();
});

test('under a CSP without inline styles the panel still floats, styled; the keyboard opens it, tabs into it and Escape closes it', async ({
  page,
  baseUrl,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto(`${baseUrl}/strict-csp.html`);
  await page.waitForFunction(() => 'app' in window);
  const toggle = page.getByRole('button', { name: 'Hubbub' });
  expect(await toggle.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');

  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const sheet = page.getByRole('region', { name: 'Hubbub devtools' });
  await expect(sheet.getByRole('listbox', { name: 'Events' })).toBeVisible();
  expect(await sheet.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
  await page.keyboard.press('Tab');
  expect(
    await sheet.evaluate((el) =>
      el.contains(el.getRootNode() instanceof ShadowRoot ? (el.getRootNode() as ShadowRoot).activeElement : null),
    ),
  ).toBe(true);
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(sheet).toBeHidden();
  expect(await toggle.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
  expect(violations).toEqual([]);
});
