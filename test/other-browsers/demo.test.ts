import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DemoServer, freePort, startDemoServer } from '../e2e/demo/demo-server';
import { type BrowserPage, type BrowserSession, waitFor } from './support/browser-page';
import { OTHER_BROWSERS } from './support/browsers';
import { UI_TIMEOUT_MS } from './support/panel';

/** The demo (the README's `npm start`) with its in-page panel open, as a Firefox or Safari user runs it. */

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer(await freePort());
}, 90_000);
afterAll(() => demo?.stop());

/** The text of the first element `css` whose text contains `expected`, once there is one. */
const textWhen = (page: BrowserPage, css: string, expected: string, inPanel = false) =>
  waitFor(
    page,
    UI_TIMEOUT_MS,
    (selector: string, text: string, panel: boolean) => {
      const root = panel ? document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot : document;
      const texts = [...(root?.querySelectorAll(selector) ?? [])].map((element) => element.textContent ?? '');
      return texts.find((found) => found.includes(text)) ?? false;
    },
    css,
    expected,
    inPanel,
  );

describe.each(OTHER_BROWSERS)('$engine', ({ launch }) => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  test('the shop takes an order through its sagas, and the open in-page panel lists the events that did it', async () => {
    const page = await browser.open(new URL('/?panel=open&replyOrder=payment-first', demo.url).href);
    try {
      await page.click({ css: 'button', text: 'Sign in as ada' });
      await textWhen(page, 'header, [role="banner"], body', 'Signed in as ada');
      await page.click('button[aria-label="Add Two cups"]');
      await textWhen(page, '[data-testid="qty-cups"]', '× 1');
      await page.click({ css: 'button', text: 'Checkout' });
      expect(await textWhen(page, '[aria-label="Checkout result"]', 'Order o-1 placed')).toMatch(/^Order o-1 placed/);
      await textWhen(page, '[data-testid="status-o-1"]', 'fulfilling');
      for (const type of ['cart/itemAdded', 'OrderPlaced', 'PaymentProcessed']) {
        await textWhen(page, '[role="listbox"][aria-label="Events"] [role="option"]', type, true);
      }
    } finally {
      await page.close();
    }
  });
});
