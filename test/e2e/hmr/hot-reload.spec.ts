import { test as base, expect, type Page } from '@playwright/test';
import type { HotProbe } from './app/probe';
import { type HotApp, serveHotApp } from './hot-app';

// Real Chromium, a real Vite dev server with hot reload, and files edited on disk, as a user
// develops with Vite's React template. Editing bus.ts or handlers.ts re-runs them and App.tsx (the
// Fast Refresh boundary that imports them); editing Cart.tsx re-renders it in place.

const test = base.extend<{ hotApp: (prepare?: Parameters<typeof serveHotApp>[0]) => Promise<HotApp> }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern.
  hotApp: async ({}, use) => {
    const apps: HotApp[] = [];
    await use(async (prepare) => {
      const app = await serveHotApp(prepare);
      apps.push(app);
      return app;
    });
    for (const app of apps) await app.close();
  },
});

/**
 * The app as a new user writes it, without the README's hot reload cleanup: the lines that use
 * `import.meta.hot` read another (undefined) property instead, so they do nothing.
 */
const withoutCleanup = (edit: HotApp['edit']) => {
  for (const file of ['bus.ts', 'handlers.ts']) edit(file, 'import.meta.hot', 'import.meta.cleanupLeftOut');
};

/** The page's window, as the app's probe.ts leaves it. */
interface HotWindow {
  hotProbe: HotProbe;
}
/** What ran since the last call (handlers, middleware), in order. */
const takeRan = (page: Page) => page.evaluate(() => (window as unknown as HotWindow).hotProbe.ran.splice(0));
/** The ids of the buses bus.ts made, one per run. */
const busIds = (page: Page) => page.evaluate(() => (window as unknown as HotWindow).hotProbe.buses.map((bus) => bus.id));
/** Emits on the bus of bus.ts's `run`th run (0: the first). */
const emitOn = (page: Page, run: number, type: string, payload: unknown) =>
  page.evaluate(([at, t, p]) => (window as unknown as HotWindow).hotProbe.buses[at]?.emit(t, p), [run, type, payload] as const);

/** Opens the app, marks the page (a full reload would drop the mark) and opens the floating panel. */
const open = async (page: Page, app: HotApp) => {
  await page.goto(app.url);
  await expect(page.getByTestId('added')).toHaveText('0');
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));
  await page.getByRole('button', { name: 'Hubbub' }).click();
  await expect(page.getByRole('searchbox', { name: 'Filter events' })).toBeVisible();
};

const addTea = async (page: Page, expectedAdded: number) => {
  await page.getByRole('button', { name: 'Add tea' }).click();
  await expect(page.getByTestId('added')).toHaveText(String(expectedAdded));
};

/** Whether the page is the one `open` loaded: a hot reload keeps it, a full reload does not. */
const stillTheSamePage = (page: Page) => page.evaluate(() => 'notReloaded' in window);

test('editing the bus module, as a new user writes it: the hooks move to the new bus, the page keeps its one open panel, and the leftover bus is warned about', async ({
  page,
  hotApp,
}) => {
  const app = await hotApp(withoutCleanup);
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await open(page, app);
  await addTea(page, 1);
  await takeRan(page);

  app.edit('bus.ts', 'bus v1', 'bus v2');
  await expect.poll(async () => (await busIds(page)).length).toBe(2);
  const [, newBusId] = await busIds(page);
  await expect(page.getByTestId('bus-id')).toHaveText(newBusId ?? 'a second bus');
  expect(await stillTheSamePage(page)).toBe(true);

  // The hooks publish to and hear from the new bus (Cart kept its state), and its handlers run once.
  await addTea(page, 2);
  expect(await takeRan(page)).toEqual([
    'middleware, handlers v1: cart/added',
    'bus.ts handler, bus v2: tea',
    'handlers.ts handler, handlers v1: tea',
    'Cart useEvent, cart v1: tea',
  ]);

  // One panel, still open, its log kept.
  const toggle = page.getByRole('button', { name: 'Hubbub' });
  await expect(toggle).toHaveCount(1);
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('event-count')).toHaveText('2 events');

  // Without the cleanup the first bus stays connected: the panel lists two live "shop" buses, and the console says why.
  await expect(page.getByRole('combobox', { name: 'Bus' }).getByRole('option')).toHaveText([
    'all buses',
    /^shop \[shop-\w+\]$/,
    /^shop \[shop-\w+\]$/,
  ]);
  await expect.poll(() => warnings.filter((text) => text.includes('another bus named "shop"'))).toHaveLength(1);
});

test('editing the bus module with the README’s cleanup: the previous bus says goodbye (listed as gone), and nothing is warned about', async ({
  page,
  hotApp,
}) => {
  const app = await hotApp();
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await open(page, app);
  await addTea(page, 1);

  app.edit('bus.ts', 'bus v1', 'bus v2');
  await expect.poll(async () => (await busIds(page)).length).toBe(2);
  await addTea(page, 2);
  await expect(page.getByRole('combobox', { name: 'Bus' }).getByRole('option')).toHaveText(['all buses', /^shop \(gone/, 'shop']);
  await expect(page.getByTestId('event-count')).toHaveText('2 events');

  // The previous bus's handlers were stopped too: an event on it reaches no handler of the previous run.
  await takeRan(page);
  await emitOn(page, 0, 'cart/added', { sku: 'late' });
  expect(await takeRan(page)).toEqual([]);
  expect(warnings.filter((text) => text.includes('[hubbub]'))).toEqual([]);
  expect(await stillTheSamePage(page)).toBe(true);
});

test('editing a module that subscribes and adds middleware on import, with the README’s cleanup: each runs once, the new version', async ({
  page,
  hotApp,
}) => {
  const app = await hotApp();
  await open(page, app);
  await addTea(page, 1);
  await takeRan(page);

  app.edit('handlers.ts', 'handlers v1', 'handlers v2');
  // The edit re-ran handlers.ts on the same bus: wait for its new handler.
  await expect
    .poll(async () => {
      await emitOn(page, 0, 'note', 'ping');
      return (await takeRan(page)).includes('middleware, handlers v2: note');
    })
    .toBe(true);

  await addTea(page, 2);
  expect(await takeRan(page)).toEqual([
    'middleware, handlers v2: cart/added',
    'bus.ts handler, bus v1: tea',
    'Cart useEvent, cart v1: tea',
    'handlers.ts handler, handlers v2: tea',
  ]);
  expect(await busIds(page)).toHaveLength(1);
  expect(await stillTheSamePage(page)).toBe(true);
});

test('editing a component that uses the hooks: each event is delivered once, to the new code, and useLatestEvent keeps its value', async ({
  page,
  hotApp,
}) => {
  const app = await hotApp();
  await open(page, app);
  await emitOn(page, 0, 'note', 'gift wrap');
  await expect(page.getByTestId('note')).toHaveText('gift wrap');
  await addTea(page, 1);
  await takeRan(page);

  app.edit('Cart.tsx', 'cart v1', 'cart v2');
  await expect(page.getByTestId('cart-version')).toHaveText('cart v2');
  // Fast Refresh keeps the component's state, the latest event included (the key is not sticky).
  await expect(page.getByTestId('note')).toHaveText('gift wrap');
  await expect(page.getByTestId('added')).toHaveText('1');

  await addTea(page, 2);
  expect((await takeRan(page)).filter((line) => line.startsWith('Cart'))).toEqual(['Cart useEvent, cart v2: tea']);
  await emitOn(page, 0, 'note', 'no bag');
  await expect(page.getByTestId('note')).toHaveText('no bag');
  expect(await busIds(page)).toHaveLength(1);
  expect(await stillTheSamePage(page)).toBe(true);
});
