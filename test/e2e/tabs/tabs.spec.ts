import { test as base, expect, type Page } from '@playwright/test';
import { pagesServerFixture } from './page-server';

const test = base.extend<{ open: () => Promise<Page> }, { server: string }>({
  server: pagesServerFixture,
  open: async ({ context, server }, use) => {
    await use(async () => {
      const page = await context.newPage();
      await page.goto(server);
      await expect(page).toHaveTitle('ready');
      await page.evaluate(() => window.hubbub.disconnect.ready);
      return page;
    });
  },
});

test('an event published in one tab reaches the other, validated, without echo', async ({ open }) => {
  const a = await open();
  const b = await open();
  const ranAtOnce = await a.evaluate(() => {
    window.hubbub.bus.emit('cart/added', { sku: 'tea', qty: 2 });
    return window.hubbub.received.length;
  });
  expect(ranAtOnce).toBe(1);
  await expect.poll(() => b.evaluate(() => window.hubbub.received)).toEqual([{ sku: 'tea', qty: 2 }]);
  await b.evaluate(() => window.hubbub.bus.emit('cart/added', { sku: 'milk', qty: 1 }));
  await expect.poll(() => a.evaluate(() => window.hubbub.received.length)).toBe(2);
  await a.waitForTimeout(200);
  expect(await a.evaluate(() => window.hubbub.received)).toEqual([
    { sku: 'tea', qty: 2 },
    { sku: 'milk', qty: 1 },
  ]);
  expect(await b.evaluate(() => window.hubbub.received)).toEqual([
    { sku: 'tea', qty: 2 },
    { sku: 'milk', qty: 1 },
  ]);
});

test('class events arrive as instances of their class', async ({ open }) => {
  const a = await open();
  const b = await open();
  await a.evaluate(() => window.hubbub.bus.emit(new window.hubbub.OrderPlaced('o-1', 42)));
  await expect.poll(() => b.evaluate(() => window.hubbub.orders)).toEqual([{ isInstance: true, text: 'o-1: 42' }]);
});

test('invalid or duplicated messages from another tab are reported, never delivered twice or at all', async ({ open }) => {
  const a = await open();
  const b = await open();
  await b.evaluate(() => {
    const channel = new BroadcastChannel('hubbub-e2e');
    const bad = {
      hubbub: 'tabs',
      version: 2,
      kind: 'event',
      source: 'old-tab',
      id: '1',
      time: Date.now(),
      envelope: { type: 'cart/added', version: 1, data: { sku: 7 } },
    };
    const good = { ...bad, id: '2', envelope: { type: 'cart/added', version: 1, data: { sku: 'jam', qty: 1 } } };
    channel.postMessage(bad);
    channel.postMessage(good);
    channel.postMessage(good);
    channel.postMessage({ hubbub: 'tabs', version: 2, kind: 'event', source: 'old-tab', id: '3' });
    channel.postMessage({ somethingElse: true });
    channel.close();
  });
  await expect.poll(() => a.evaluate(() => window.hubbub.invalid.length)).toBe(2);
  await a.waitForTimeout(200);
  const state = await a.evaluate(() => ({
    received: window.hubbub.received,
    invalid: window.hubbub.invalid,
    observed: window.hubbub.observed,
  }));
  expect(state.received).toEqual([{ sku: 'jam', qty: 1 }]);
  expect(state.invalid[0]).toMatch(/cannot decode event "cart\/added" v1: invalid data: sku: sku must be a string/);
  expect(state.invalid[1]).toMatch(/an event needs id, time and envelope/);
  expect(state.observed).toEqual(['invalid', 'invalid']);
});

test('a payload that cannot be cloned is a clear error for the publisher, and nothing is sent', async ({ open }) => {
  const a = await open();
  const b = await open();
  const errors = await a.evaluate(async () => {
    const report = await window.hubbub.bus.publish('cart/added', { sku: 'x', qty: 1, onClick: () => {} } as never);
    return report.errors.map((e) => `${(e as Error).name}: ${(e as Error).message}`);
  });
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^TypeError: \[hubbub\/tabs\] cannot send "cart\/added" to other tabs: its data cannot be structured-cloned/);
  expect(await a.evaluate(() => window.hubbub.received.length)).toBe(1);
  await b.waitForTimeout(200);
  expect(await b.evaluate(() => window.hubbub.received)).toEqual([]);
});

test('a new tab gets the latest sticky value from the open tabs', async ({ open }) => {
  const a = await open();
  await a.evaluate(() => {
    window.hubbub.bus.emit('cart/updated', { items: 1 });
    window.hubbub.bus.emit('cart/updated', { items: 3 });
  });
  const c = await open();
  expect(await c.evaluate(() => window.hubbub.bus.last('cart/updated'))).toEqual({ items: 3 });
  expect(await c.evaluate(() => window.hubbub.disconnect.ready)).toBe(1);
});

test('after disconnect a tab neither sends nor receives', async ({ open }) => {
  const a = await open();
  const b = await open();
  await b.evaluate(() => window.hubbub.disconnect());
  await a.evaluate(() => window.hubbub.bus.emit('cart/added', { sku: 'tea', qty: 1 }));
  await b.evaluate(() => window.hubbub.bus.emit('cart/added', { sku: 'own', qty: 1 }));
  await a.waitForTimeout(200);
  expect(await b.evaluate(() => window.hubbub.received)).toEqual([{ sku: 'own', qty: 1 }]);
  expect(await a.evaluate(() => window.hubbub.received)).toEqual([{ sku: 'tea', qty: 1 }]);
});
