import { join } from 'node:path';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRelay, type Relay } from '../../src/relay/index';
import { baseUrlOf, servePages } from '../e2e/support/page-server';
import { type BrowserPage, type BrowserSession, waitFor } from './support/browser-page';
import { OTHER_BROWSERS } from './support/browsers';

/** connectTabs (BroadcastChannel) and connectRemote (the browser's WebSocket) in Firefox and WebKit, on the Playwright suite's pages. */

const TIMEOUT_MS = 10_000;

interface TabsPage {
  hubbub: {
    bus: { emit(type: unknown, payload?: unknown): void };
    received: unknown[];
    orders: { isInstance: boolean; text: string }[];
    disconnect: { ready: Promise<void> };
    OrderPlaced: new (orderId: string, total: number) => object;
  };
  hubbubRemote: { bus: { emit(type: string, payload: unknown): void }; received: string[]; remote: { status: { state: string } } };
}

let server: ViteDevServer;
beforeAll(async () => {
  server = await servePages(join(import.meta.dirname, '../e2e/tabs/page'));
});
afterAll(() => server?.close());

describe.each(OTHER_BROWSERS)('$engine', ({ launch }) => {
  let browser: BrowserSession;
  const pages: BrowserPage[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    for (const page of pages.splice(0)) await page.close().catch(() => {});
    await browser?.close();
  });

  const openTab = async () => {
    const page = await browser.open(`${baseUrlOf(server)}/index.html`);
    pages.push(page);
    await waitFor(page, TIMEOUT_MS, () => document.title === 'ready');
    await page.evaluate(() => (window as unknown as TabsPage).hubbub.disconnect.ready);
    return page;
  };

  test('connectTabs: an event and a class event emitted in one tab reach the other, once, the class as an instance', async () => {
    const a = await openTab();
    const b = await openTab();
    await a.evaluate(() => {
      const { hubbub } = window as unknown as TabsPage;
      hubbub.bus.emit('cart/added', { sku: 'tea', qty: 2 });
      hubbub.bus.emit(new hubbub.OrderPlaced('o-1', 42));
    });
    expect(
      await waitFor(
        b,
        TIMEOUT_MS,
        () => (window as unknown as TabsPage).hubbub.orders.length === 1 && (window as unknown as TabsPage).hubbub.orders,
      ),
    ).toEqual([{ isInstance: true, text: 'o-1: 42' }]);
    expect(await b.evaluate(() => (window as unknown as TabsPage).hubbub.received)).toEqual([{ sku: 'tea', qty: 2 }]);
    await b.evaluate(() => (window as unknown as TabsPage).hubbub.bus.emit('cart/added', { sku: 'milk', qty: 1 }));
    await waitFor(a, TIMEOUT_MS, () => (window as unknown as TabsPage).hubbub.received.length === 2);
    expect(await a.evaluate(() => (window as unknown as TabsPage).hubbub.received)).toEqual([
      { sku: 'tea', qty: 2 },
      { sku: 'milk', qty: 1 },
    ]);
    for (const page of pages.splice(0)) await page.close();
  });

  test('connectRemote: two pages talk through a real relay, which accepts pages served from this machine', async () => {
    const relay: Relay = await createRelay({ port: 0, channels: ['room'], log: () => {} });
    try {
      const open = async () => {
        const page = await browser.open(`${baseUrlOf(server)}/remote.html?relay=${encodeURIComponent(relay.url)}`);
        pages.push(page);
        await waitFor(page, TIMEOUT_MS, () => (window as unknown as TabsPage).hubbubRemote?.remote.status.state === 'open');
        return page;
      };
      const a = await open();
      const b = await open();
      await a.evaluate(() => (window as unknown as TabsPage).hubbubRemote.bus.emit('chat/sent', { text: 'hello' }));
      expect(
        await waitFor(
          b,
          TIMEOUT_MS,
          () => (window as unknown as TabsPage).hubbubRemote.received.length > 0 && (window as unknown as TabsPage).hubbubRemote.received,
        ),
      ).toEqual(['hello']);
      expect(relay.metrics().refusedOrigins).toBe(0);
    } finally {
      for (const page of pages.splice(0)) await page.close();
      await relay.close();
    }
  });
});
