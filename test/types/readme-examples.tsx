// The README's examples, compiled by `npm run typecheck` against the public subpath imports so the
// docs cannot drift from the API. Never run: it only has to type-check. Each README block is one
// function below, its body as written in the README; what the README leaves to the reader
// (signedIn, placeOrder, page, session, ...) is declared first.

import type { Page } from '@playwright/test';
import { type Bus, createBus, createRegistry, events, inspect, once, subscriptionsOf } from 'hubbub';
import { connectDevtools } from 'hubbub/devtools';
import { mountFloatingPanel } from 'hubbub/devtools/panel';
import { mountFloatingPanel as mountFloatingPanelInProduction } from 'hubbub/devtools/panel/production';
import { connectDevtools as connectDevtoolsInProduction } from 'hubbub/devtools/production';
import { BusProvider, createBusHooks } from 'hubbub/react';
import { createRelay } from 'hubbub/relay';
import { connectRemote } from 'hubbub/remote';
import { connectTabs } from 'hubbub/tabs';
import { createTestBus, replayRecording, waitForEvent } from 'hubbub/testing';
import { recordBus } from 'hubbub/testing/playwright';
import { type ReactNode, useEffect, useState } from 'react';
import { expect } from 'vitest';

declare const signedIn: () => boolean;
declare const placeOrder: (bus: unknown) => Promise<void>;
declare const page: Page;
declare const session: { token: string };
declare const sessions: { can: (token: string, action: string, channel: string) => boolean };
declare const isStaff: boolean;
declare const attachCheckout: (bus: Bus<Events>) => () => void;
declare const registry: ReturnType<typeof createRegistry>;
declare const report: (label: string, error: unknown) => void;
declare const signal: AbortSignal;
declare const save: (item: { sku: string; qty: number }) => void;

// Quick start
type Events = {
  'cart/added': { sku: string; qty: number };
  'cart/updated': { count: number };
  'order/placed': { total: number };
  'app/ready': undefined;
};
const bus = createBus<Events>({ name: 'shop' });

export async function quickStart() {
  bus.use((event, ctx) => (ctx.type.startsWith('cart/') && !signedIn() ? ctx.block('signed out') : event), { name: 'auth' });
  const off = bus.subscribe('cart/added', (item) => console.log(item.sku), { priority: 10 });
  bus.emit('cart/added', { sku: 'tea', qty: 1 }); // sync, fire-and-forget
  const { delivered, errors, blockedBy, blockReason } = await bus.publish('app/ready'); // awaited, with a report
  off();
  return [delivered, errors, blockedBy, blockReason];
}

// Patterns, once, events
export async function patternsOnceEvents() {
  bus.subscribe('cart/*', (event, ctx) => console.log(ctx.type, event)); // ctx.type: 'cart/added' | 'cart/updated'
  const order = await once(bus, 'order/placed', { timeout: 5000 }); // rejects with a TimeoutError, leaves nothing subscribed
  for await (const item of events(bus, 'cart/added', { bufferSize: 100, signal })) save(item); // break or abort to stop
  return order.total;
}

// React
export const { useEvent, usePublish, useLatestEvent } = createBusHooks<Events>();

function CartBadge() {
  const [count, setCount] = useState(0);
  useEvent('cart/added', (item) => setCount((n) => n + item.qty)); // latest handler, one subscription
  return <span>{count}</span>;
}
export const App = () => (
  <BusProvider bus={bus}>
    <CartBadge />
  </BusProvider>
);

// Next.js (App Router): app/providers.tsx, a 'use client' file
export function Providers({ children }: { children: ReactNode }) {
  const [bus] = useState(() => createBus<Events>({ name: 'shop' }));
  useEffect(() => {
    const disconnect = connectDevtools(bus);
    const unmount = mountFloatingPanel();
    return () => {
      unmount();
      disconnect();
    };
  }, [bus]);
  return <BusProvider bus={bus}>{children}</BusProvider>;
}

// Testing your app
export async function testing() {
  const bus = createTestBus<Events>(); // a real bus that records { type, event } in call order
  const placed = waitForEvent(bus, 'order/placed', { where: (order) => order.total > 0 });
  await placeOrder(bus);
  expect((await placed).total).toBeGreaterThan(0);
  expect(bus.published.map((r) => r.type)).toEqual(['order/placed']);
}

export async function playwright() {
  const recorder = await recordBus(page);
  await page.getByRole('button', { name: 'Checkout' }).click();
  await recorder.waitFor('order/placed', { where: (e) => e.payload.total > 0 });
  expect(recorder.errors).toEqual([]);
}

export function watching() {
  const detach = inspect(bus, (o) => {
    if (o.kind === 'handler-end' && o.outcome === 'error') report(o.subscription.label, o.error);
  });
  expect(subscriptionsOf(bus)).toEqual([]); // nothing left subscribed after unmount
  return detach;
}

// Across tabs and servers
export function tabsAndRemote() {
  const registry = createRegistry<Events>().define('cart/updated').define('order/placed');
  connectTabs(bus, { channel: 'shop', types: ['cart/updated'], registry });
  const remote = connectRemote(bus, {
    url: 'ws://127.0.0.1:8787',
    channels: ['shop'],
    types: ['order/placed'],
    registry,
    token: () => session.token,
    onError: (error) => console.warn(error.message),
  });
  return remote;
}

export async function relayServer() {
  const relay = await createRelay({
    port: 8787,
    channels: ['shop'],
    origins: ['https://shop.example'],
    authorize: (token, channel, action) => token !== undefined && sessions.can(token, action, channel),
  });
  process.on('SIGTERM', () => void relay.close());
}

// Coming from mitt or an EventEmitter
export function fromMitt() {
  const handler = (item: Events['cart/added']) => console.log(item.qty);
  const off = bus.subscribe('cart/added', handler);
  off();
  bus.subscribe('cart/added', handler, { once: true });
  bus.emit('cart/added', { sku: 'tea', qty: 1 });
  bus.subscribe('*', (event, ctx) => console.log(ctx.type, event));
}

// The DevTools panel
export function devtools() {
  connectDevtools(bus, { redact: ['password'], allowDispatch: true });
  mountFloatingPanel({ position: 'bottom-left' });
}

export function devtoolsRecordingControls() {
  connectDevtools(bus, { deny: ['pointer/*'], sample: { 'scroll/*': 0.1 } });
}

export function devtoolsTrace() {
  connectDevtools(bus, { trace: true });
}

export const copyAsTestSetup = {
  setup: (bus: Bus<Events>) => attachCheckout(bus),
  registry,
};

export async function replayHelpers() {
  const testBus = createTestBus();
  await replayRecording(testBus, [{ type: 'cart/added', payload: { sku: 'tea', qty: 1 } }], { registry, settle: () => {} });
  const recorder = await recordBus(page);
  await recorder.replay([{ type: 'cart/added', payload: { sku: 'tea', qty: 1 } }]);
}

export function devtoolsInProduction() {
  connectDevtoolsInProduction(bus, { enabled: isStaff, redact: ['password', 'token'] });
  if (isStaff) mountFloatingPanelInProduction();
}
