import { type BrowserPage, waitFor } from './browser-page';

/** How long the panel may take to show what a test waits for (it renders on the next frames). */
export const UI_TIMEOUT_MS = 10_000;

/**
 * The texts of the floating panel's event rows, once there are `count` of them.
 *
 * @example
 * expect(await rowsWhen(page, 1)).toEqual([expect.stringContaining('cart:add')])
 */
export const rowsWhen = (page: BrowserPage, count: number): Promise<string[]> =>
  waitFor(
    page,
    UI_TIMEOUT_MS,
    (n: number) => {
      const root = document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot;
      const rows = [...(root?.querySelectorAll('[role="listbox"][aria-label="Events"] [role="option"]') ?? [])];
      return rows.length === n && rows.map((row) => row.textContent ?? '');
    },
    count,
  ) as Promise<string[]>;

/**
 * The text of the element `css` in the floating panel, once it contains `expected`.
 *
 * @example
 * await panelTextWhen(page, '[data-testid="event-count"]', '0 of 1 event')
 */
export const panelTextWhen = (page: BrowserPage, css: string, expected: string): Promise<string> =>
  waitFor(
    page,
    UI_TIMEOUT_MS,
    (selector: string, text: string) => {
      const found = document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot?.querySelector(selector)?.textContent;
      return found?.includes(text) ? found : false;
    },
    css,
    expected,
  ) as Promise<string>;
