// The README's examples, compiled by `npm run typecheck` against the public subpath imports so the
// docs cannot drift from the API. Never run: it only has to type-check.

import type { Page } from '@playwright/test';
import { createBus, createRegistry, inspect, subscriptionsOf } from 'hubbub';
import { BusProvider, createBusHooks } from 'hubbub/react';
import { connectRemote } from 'hubbub/remote';
import { connectTabs } from 'hubbub/tabs';
import { createTestBus } from 'hubbub/testing';
import { recordBus } from 'hubbub/testing/playwright';
import { useState } from 'react';

const signedIn = () => true;
type Events = {
  'cart/added': { sku: string; qty: number };
  'app/ready': undefined;
  'cart/updated': { n: number };
  'order/placed': { total: number };
};
const bus = createBus<Events>({ name: 'shop' });

bus.use((event, ctx) => (ctx.type.startsWith('cart/') && !signedIn() ? null : event), { name: 'auth' });
const off = bus.subscribe('cart/added', (item) => console.log(item.sku), { priority: 10 });
bus.emit('cart/added', { sku: 'tea', qty: 1 });
export const run = async () => {
  const { delivered, errors, blockedBy } = await bus.publish('app/ready');
  off();
  return [delivered, errors, blockedBy];
};

export const { useEvent, usePublish, useLatestEvent } = createBusHooks<Events>();

export function CartBadge() {
  const [count, setCount] = useState(0);
  useEvent('cart/added', (item) => setCount((n) => n + item.qty));
  return <span>{count}</span>;
}
export const App = () => (
  <BusProvider bus={bus}>
    <CartBadge />
  </BusProvider>
);
export const test1 = async (page: Page) => {
  const tb = createTestBus<Events>();
  tb.emit('order/placed', { total: 1 });
  const recorder = await recordBus(page);
  await recorder.waitFor('OrderPlaced', { where: (e) => e.payload.total > 0 });
  return recorder.errors;
};
const registry = createRegistry<Events>().define('cart/updated').define('order/placed');
connectTabs(bus, { channel: 'shop', types: ['cart/updated'], registry });
connectRemote(bus, { url: 'ws://127.0.0.1:8787', channels: ['shop'], types: ['order/placed'], registry, token: 't' });

const report = (_label: string, _error: unknown) => {};
export const detach = inspect(bus, (o) => {
  if (o.kind === 'handler-end' && o.outcome === 'error') report(o.subscription.label, o.error);
});
export const leftover = subscriptionsOf(bus).length;
