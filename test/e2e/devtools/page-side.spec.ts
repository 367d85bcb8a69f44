import { checkPageMessage, PANEL_SOURCE, type PageMessage, PROTOCOL_VERSION, readBatch } from '../../../src/devtools/protocol';
import { recordBus } from '../../../src/testing/playwright/index';
import { expect, test } from './support/server';

/** Collects, inside the page, every devtools message the page posts. */
const listenInPage = () => {
  const w = window as unknown as { seen: unknown[] };
  w.seen = [];
  window.addEventListener('message', (event) => {
    if ((event.data as { source?: string } | null)?.source === 'hubbub:page') w.seen.push(event.data);
  });
};

/**
 * Also records the target origin of every postMessage the page makes. (Only where no other window
 * posts to this one: a wrapper bound to this window would make their messages look like its own.)
 */
const spyOnPage = () => {
  const w = window as unknown as { seen: unknown[]; origins: unknown[] };
  w.origins = [];
  const post = window.postMessage.bind(window);
  window.postMessage = ((message: unknown, origin: unknown, transfer?: Transferable[]) => {
    w.origins.push(origin);
    return post(message, origin as string, transfer);
  }) as typeof window.postMessage;
};

const seen = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { seen: PageMessage[] }).seen);

test.describe('connectDevtools in real Chromium', () => {
  test('says hello, then buffers until a panel connects; every message is valid and posted to the page origin only', async ({ page }) => {
    await page.addInitScript(listenInPage);
    await page.addInitScript(spyOnPage);
    await page.goto('/stream.html?early');
    await expect.poll(async () => (await seen(page)).map((m) => m.kind)).toEqual(['hello']);
    await page.evaluate((m) => window.postMessage(m, location.origin), {
      source: PANEL_SOURCE,
      version: PROTOCOL_VERSION,
      kind: 'connect',
    });
    await expect.poll(async () => (await seen(page)).map((m) => m.kind)).toEqual(['hello', 'hello', 'snapshot', 'batch']);
    const messages = await seen(page);
    for (const message of messages) expect(checkPageMessage(message).ok).toBe(true);
    const batch = messages.find((m) => m.kind === 'batch');
    expect(
      batch?.kind === 'batch' && (readBatch(batch) ?? []).filter((e) => e.type === 'event').map((e) => e.type === 'event' && e.eventType),
    ).toEqual(['app/started', 'cart/added', 'cart/total']);
    const origins = await page.evaluate(() => (window as unknown as { origins: unknown[] }).origins);
    const origin = new URL(page.url()).origin;
    expect(origins.length).toBeGreaterThan(0);
    expect(origins.every((o) => o === origin)).toBe(true);
  });

  test('ignores the panel protocol spoken by another window (a same-origin iframe)', async ({ page }) => {
    await page.addInitScript(listenInPage);
    await page.goto('/stream.html?frame&early');
    await expect.poll(() => page.frames().some((f) => f.url().endsWith('/frame.html'))).toBe(true);
    const child = page.frames().find((f) => f.url().endsWith('/frame.html'));
    if (!child) throw new Error('the fixture iframe did not load');
    await child.waitForFunction(() => 'sendConnect' in window);
    await child.evaluate(() => (window as unknown as { sendConnect: () => void }).sendConnect());
    await page.waitForTimeout(200);
    expect((await seen(page)).map((m) => m.kind)).toEqual(['hello']);
    await page.evaluate((m) => window.postMessage(m, location.origin), {
      source: PANEL_SOURCE,
      version: PROTOCOL_VERSION,
      kind: 'connect',
    });
    await expect.poll(async () => (await seen(page)).map((m) => m.kind)).toContain('batch');
  });

  test('never lets a sanitized field leave the page', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/stream.html');
    await page.evaluate(() => {
      const { bus } = (window as unknown as { shop: { bus: { emit(type: string, payload: unknown): void } } }).shop;
      bus.emit('user/login', { name: 'ann', password: 'hunter2' });
    });
    const login = await recorder.waitFor('user/login');
    expect(login.payload).toEqual({ name: 'ann', password: { $hubbub: 'redacted' } });
    expect(JSON.stringify(recorder.entries)).not.toContain('hunter2');
  });

  test('serializes hostile payloads in the browser without disturbing the app', async ({ page }) => {
    const recorder = await recordBus(page);
    await page.goto('/stream.html');
    const delivered = await page.evaluate(() => {
      const { bus } = (
        window as unknown as { shop: { bus: { emit(type: string, payload: unknown): void; subscribe(type: string, h: () => void): void } } }
      ).shop;
      let count = 0;
      bus.subscribe('hostile', () => count++);
      const cyclic: Record<string, unknown> = { name: 'loop' };
      cyclic.self = cyclic;
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      bus.emit('hostile', {
        cyclic,
        node: document.querySelector('#add-tea'),
        win: window,
        big: 10n ** 20n,
        map: new Map([['k', new Set([1])]]),
        revoked: proxy,
        get trap() {
          throw new Error('getter trap');
        },
        huge: 'x'.repeat(100_000),
      });
      return count;
    });
    expect(delivered).toBe(1);
    const event = await recorder.waitFor('hostile');
    expect(event.payload).toMatchObject({
      cyclic: { name: 'loop', self: { $hubbub: 'circular', path: '$.cyclic' } },
      node: { $hubbub: 'dom', description: '<button#add-tea>' },
      win: { $hubbub: 'dom', description: 'Window' },
      big: { $hubbub: 'bigint', value: '100000000000000000000' },
      map: { $hubbub: 'map', size: 1, entries: [['k', { $hubbub: 'set', size: 1, values: [1] }]] },
      revoked: { $hubbub: 'unreadable' },
      trap: { $hubbub: 'unreadable', reason: 'getter trap' },
      huge: { $hubbub: 'truncated', reason: 'string', omitted: 90_000 },
    });
  });
});
