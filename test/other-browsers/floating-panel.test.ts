import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { baseUrlOf, PANEL_UI_PACKAGES, servePages } from '../e2e/support/page-server';
import { type BrowserPage, type BrowserSession, inPanel, waitFor } from './support/browser-page';
import { OTHER_BROWSERS } from './support/browsers';
import { panelTextWhen, rowsWhen, UI_TIMEOUT_MS } from './support/panel';

/** The floating panel is how Firefox and Safari users see their events: its main paths, in their engines. */

interface AppWindow {
  app: { bus: { publish(type: string, payload: unknown): Promise<unknown> } };
}

const PAGES = join(import.meta.dirname, '../e2e/floating-panel/pages');

/** The 1-based line of `text` in the trace page's script, read from the file. */
const lineOf = (text: string): number => {
  const index = readFileSync(join(PAGES, 'trace.js'), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`trace.js has no line with ${text}`);
  return index + 1;
};

/** Clicks `button` on the trace page, opens the panel on its event, and returns the Trace tab's text. */
const traceOf = async (browser: BrowserSession, button: string): Promise<string> => {
  const page = await browser.open(`${baseUrlOf(server)}/trace.html`);
  try {
    await waitFor(page, UI_TIMEOUT_MS, () => 'traceReady' in window);
    await page.click(button);
    await page.click(inPanel('button.hb-float-toggle'));
    await rowsWhen(page, 1);
    await page.click(inPanel('[role="option"]', 'order:placed'));
    await page.click(inPanel('.hb-detail [role="tab"]', 'Trace'));
    return await panelTextWhen(page, '.hb-tabpanel', '');
  } finally {
    await page.close();
  }
};

/** The floating panel's sheet height, in whole px. */
const sheetHeight = (page: BrowserPage): Promise<number> =>
  page.evaluate(() =>
    Math.round(
      document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot?.querySelector('.hb-float-sheet')?.getBoundingClientRect()
        .height ?? 0,
    ),
  );

/** Waits until the sheet is `height` px tall. */
const sheetHeightWhen = (page: BrowserPage, height: number) =>
  waitFor(
    page,
    UI_TIMEOUT_MS,
    (expected: number) =>
      Math.round(
        document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot?.querySelector('.hb-float-sheet')?.getBoundingClientRect()
          .height ?? 0,
      ) === expected,
    height,
  );

let server: ViteDevServer;
beforeAll(async () => {
  server = await servePages(PAGES, PANEL_UI_PACKAGES);
});
afterAll(() => server?.close());

const publish = (page: BrowserPage, type: string, payload: unknown) =>
  page.evaluate((t: string, p: unknown) => (window as unknown as AppWindow).app.bus.publish(t, p).then(() => undefined), type, payload);

const openApp = async (browser: BrowserSession): Promise<BrowserPage> => {
  const page = await browser.open(`${baseUrlOf(server)}/index.html`);
  await waitFor(page, UI_TIMEOUT_MS, () => 'app' in window);
  return page;
};

/** Opens the app, publishes one cart:add, opens the panel and waits for its row. */
const openPanelOnOneEvent = async (browser: BrowserSession): Promise<BrowserPage> => {
  const page = await openApp(browser);
  await publish(page, 'cart:add', { sku: 'BLUE-MUG' });
  await page.click(inPanel('button.hb-float-toggle'));
  await rowsWhen(page, 1);
  return page;
};

describe.each(OTHER_BROWSERS)('$engine', ({ launch }) => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  test('the floating panel opens on a click, streams the page’s events with their outcomes, shows a failure, and filters as you type', async () => {
    const page = await openApp(browser);
    await publish(page, 'cart:add', { sku: 'BLUE-MUG' });
    await publish(page, 'admin:delete', { id: 'u1' });
    await publish(page, 'payment:charge', { amount: 5 });

    await page.click(inPanel('button.hb-float-toggle'));
    const rows = await rowsWhen(page, 3);
    expect(rows[0]).toContain('cart:add');
    expect(rows[1]).toMatch(/admin:delete.*blocked/);
    expect(rows[2]).toMatch(/payment:charge.*failed/);

    await page.click(inPanel('[role="option"]', 'payment:charge'));
    await page.click(inPanel('.hb-detail [role="tab"]', 'Pipeline'));
    expect(await panelTextWhen(page, '[data-testid="handler-run"]', 'Error: Card expired')).toContain('gateway');

    await page.type(inPanel('input[type="search"]'), 'blue-mug');
    expect(await rowsWhen(page, 1)).toEqual([expect.stringContaining('cart:add')]);
    await publish(page, 'cart:add', { sku: 'blue-mug-too' });
    await rowsWhen(page, 2);
    await page.close();
  });

  test('a backtracking regex over a long, almost matching payload freezes neither the panel nor the page', async () => {
    const page = await openApp(browser);
    await page.click(inPanel('button.hb-float-toggle'));
    await publish(page, 'cart:add', { sku: `${'a'.repeat(900)}b` });
    await rowsWhen(page, 1);
    await page.click(inPanel('label', 'regex'));
    await page.type(inPanel('input[type="search"]'), '(a|a)+$');
    await panelTextWhen(page, '[data-testid="event-count"]', '0 of 1 event');
    await publish(page, 'cart:add', { sku: `${'a'.repeat(900)}c` });
    await panelTextWhen(page, '[data-testid="event-count"]', '0 of 2 events');
    expect(
      await page.evaluate(
        () => document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot?.querySelector('[role="alert"]')?.textContent ?? null,
      ),
    ).toBe(null);
    await page.close();
  });

  test('the Trace tab names the function, file and line that published the event, without Hubbub’s own frames', async () => {
    const trace = await traceOf(browser, '#place');
    expect(trace).toMatch(new RegExp(`^placeOrder /trace\\.js:${lineOf("bus.publish('order:placed', { id: 'o-1' })")}:\\d+`));
    expect(trace).not.toContain('/src/');
  });

  test('a publish in tail position: its function’s frame is in the trace, except in WebKit, which drops it (proper tail calls)', async () => {
    const trace = await traceOf(browser, '#place-quickly');
    const quickly = `placeOrderQuickly /trace.js:${lineOf("return bus.publish('order:placed'")}:`;
    // What README's Trace section says of Safari: the frame is gone before Hubbub can see the stack, and its caller is first.
    if (browser.name.startsWith('webkit')) expect(trace).not.toContain(quickly);
    else expect(trace).toContain(quickly);
    expect(trace).toMatch(
      new RegExp(`(anonymous) /trace\\.js:${lineOf('placeOrderQuickly();')}:`.replace('(anonymous)', '\\(anonymous\\)')),
    );
  });

  test('a listener that is only the publish call: its frame in Firefox; in WebKit no frame, and the panel says why and what to write', async () => {
    const trace = await traceOf(browser, '#place-directly');
    if (browser.name.startsWith('webkit')) {
      expect(trace).toContain('No frames outside Hubbub were on the stack. In Safari, a function whose last act is the call');
    } else {
      expect(trace).toMatch(new RegExp(`^\\(anonymous\\) /trace\\.js:${lineOf("addEventListener('click', () => bus.publish")}:`));
    }
  });

  test('Copy as test writes the test and copies it (or says how to, where the clipboard is refused)', async () => {
    const page = await openPanelOnOneEvent(browser);
    try {
      await page.click(inPanel('[role="tab"]', 'Copy as test'));
      expect(await panelTextWhen(page, 'textarea[aria-label="Generated test"]', "'cart:add'")).toContain('BLUE-MUG');
      await page.click(inPanel('.hb-test button', 'Copy'));
      const status = await panelTextWhen(page, '.hb-test [role="status"]', '');
      expect(['Copied.', 'Select the text and copy it (the clipboard is not available here).']).toContain(status);
    } finally {
      await page.close();
    }
  });

  test('"/" typed in the event list reaches the filter, not the browser’s own find (Firefox’s quick find takes "/")', async () => {
    const page = await openPanelOnOneEvent(browser);
    try {
      await page.click(inPanel('[role="option"]', 'cart:add'));
      await page.type(inPanel('[role="listbox"][aria-label="Events"]'), '/');
      const focused = await waitFor(
        page,
        UI_TIMEOUT_MS,
        () =>
          document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot?.activeElement?.getAttribute('aria-label') === 'Filter events',
      );
      expect(focused).toBe(true);
      // The key was the shortcut's: nothing typed into the filter.
      expect(
        await page.evaluate(
          () =>
            document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot?.querySelector<HTMLInputElement>('input[type="search"]')
              ?.value,
        ),
      ).toBe('');
    } finally {
      await page.close();
    }
  });

  test('the sheet resizes by dragging its top edge and by the arrow keys, and keeps the height for the next load', async () => {
    const page = await browser.open(`${baseUrlOf(server)}/index.html`);
    try {
      await waitFor(page, UI_TIMEOUT_MS, () => 'app' in window && localStorage.clear() === undefined);
      await page.click(inPanel('button.hb-float-toggle'));
      const before = await sheetHeight(page);
      expect(before).toBeGreaterThan(120);
      await page.drag(inPanel('[role="separator"]'), -60);
      await sheetHeightWhen(page, before + 60);
      await page.press(inPanel('[role="separator"]'), 'ArrowDown');
      await sheetHeightWhen(page, before + 20);
      expect(await page.evaluate(() => localStorage.getItem('hubbub:floating-panel-height'))).toBe(String(before + 20));
    } finally {
      await page.close();
    }
  });

  test('under a CSP without inline styles the panel floats, styled; Enter opens it and Escape closes it, focus back on its button', async () => {
    const page = await browser.open(`${baseUrlOf(server)}/strict-csp.html`);
    try {
      await waitFor(page, UI_TIMEOUT_MS, () => 'app' in window);
      const positions = () =>
        page.evaluate(() => {
          const root = document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot;
          const of = (css: string) => {
            const element = root?.querySelector(css);
            return element ? getComputedStyle(element).position : 'missing';
          };
          return { toggle: of('.hb-float-toggle'), sheet: of('.hb-float-sheet') };
        });
      expect(await positions()).toEqual({ toggle: 'fixed', sheet: 'fixed' });
      await page.press(inPanel('button.hb-float-toggle'), 'Enter');
      await panelTextWhen(page, '[data-testid="event-count"]', 'event');
      await page.press(inPanel('input[type="search"]'), 'Escape');
      const closed = await waitFor(page, UI_TIMEOUT_MS, () => {
        const root = document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot;
        const toggle = root?.querySelector('.hb-float-toggle');
        return (
          toggle?.getAttribute('aria-expanded') === 'false' && {
            focused: root?.activeElement === toggle,
            hidden: (root?.querySelector('.hb-float-sheet') as HTMLElement | null)?.hidden,
          }
        );
      });
      expect(closed).toEqual({ focused: true, hidden: true });
    } finally {
      await page.close();
    }
  });

  test('the open panel makes room at the bottom of the page, so the footer’s button can be scrolled above it and clicked', async () => {
    const page = await browser.open(`${baseUrlOf(server)}/footer.html`);
    try {
      await waitFor(page, UI_TIMEOUT_MS, () => 'app' in window);
      expect(await page.evaluate(() => document.documentElement.getAttribute('style'))).toBe(null);
      await page.click(inPanel('button.hb-float-toggle'));
      const room = await waitFor(page, UI_TIMEOUT_MS, () => parseFloat(getComputedStyle(document.documentElement).paddingBottom));
      const sheet = await sheetHeight(page);
      // The sheet's height, and the toggle button's above it.
      expect(room).toBeGreaterThan(sheet);
      const uncovered = await page.evaluate(() => {
        window.scrollTo(0, document.documentElement.scrollHeight);
        const button = document.getElementById('checkout');
        const box = button?.getBoundingClientRect();
        return !!box && document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === button;
      });
      expect(uncovered).toBe(true);
      await page.click('#checkout');
      await waitFor(page, UI_TIMEOUT_MS, () => document.getElementById('checked-out')?.textContent === 'checked out');
      await page.click(inPanel('button.hb-float-toggle'));
      await waitFor(page, UI_TIMEOUT_MS, () => document.documentElement.getAttribute('style') === null);
    } finally {
      await page.close();
    }
  });
});
