/**
 * Type tests, checked by `npm run typecheck` (tsc): an events map written as an `interface`, as
 * many apps declare it, works everywhere a `type` does. An interface has no index signature, so
 * it is not a `Record<string, unknown>`: every entry that takes a bus must accept it anyway.
 */
import { type Bus, createBus, createRegistry, createSaga, events, once } from 'hubbub';
import { connectDevtools } from 'hubbub/devtools';
import { createBusHooks } from 'hubbub/react';
import { connectRemote } from 'hubbub/remote';
import { connectTabs } from 'hubbub/tabs';
import { createTestBus, waitForEvent } from 'hubbub/testing';
import { recordBus } from 'hubbub/testing/playwright';

interface ShopEvents {
  'cart/added': { sku: string; qty: number };
  'cart/removed': { sku: string };
  'order/placed': { orderId: string; total: number };
  'order/paid': { orderId: string };
  'app/ready': undefined;
}

const bus = createBus<ShopEvents>({ name: 'shop' });

bus.emit('cart/added', { sku: 'tea', qty: 1 });
bus.emit('app/ready');
// @ts-expect-error wrong payload, as with a `type`
bus.emit('cart/added', { sku: 1, qty: 1 });
// @ts-expect-error unknown key
bus.emit('cart/emptied');
bus.subscribe('cart/*', (event, ctx) => {
  const sku: string = event.sku;
  const type: 'cart/added' | 'cart/removed' = ctx.type;
  void sku;
  void type;
});
// @ts-expect-error a pattern that matches no key
bus.subscribe('user/*', () => {});

// a typed bus is a plain Bus; another map's bus is not this one's
const plain: Bus = bus;
void plain;
// @ts-expect-error a bus lacking keys of ShopEvents is not a Bus<ShopEvents>
const fewer: Bus<ShopEvents> = createBus<{ 'app/ready': undefined }>();
void fewer;

export async function helpers(page: import('@playwright/test').Page, signal: AbortSignal) {
  const placed: { orderId: string; total: number } = await once(bus, 'order/placed');
  for await (const item of events(bus, 'cart/added', { signal })) void item.qty;
  const test = createTestBus<ShopEvents>();
  const paid: { orderId: string } = await waitForEvent(test, 'order/paid');
  const recorder = await recordBus<ShopEvents>(page);
  const seen: { sku: string; qty: number } = (await recorder.waitFor('cart/added')).payload;
  return [placed, paid, seen];
}

createSaga(bus, {
  name: 'checkout',
  steps: ['order/placed', 'order/paid'] as const,
  correlate: (event) => event.orderId,
  complete: ([placed, paid]) => void [placed.total, paid.orderId],
});

const registry = createRegistry<ShopEvents>().define('order/placed');
connectTabs(bus, { channel: 'shop', types: ['order/placed'], registry });
connectRemote(bus, { url: 'wss://example.test/bus', channels: ['shop'], types: ['order/placed'], registry });
connectDevtools(bus);

export const { useEvent, usePublish, useLatestEvent } = createBusHooks<ShopEvents>();
