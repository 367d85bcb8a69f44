/**
 * What the cross-browser tests drive, the same in every engine: a page of a real browser, reached
 * through that browser's own automation protocol (see `firefox.ts` and `webkit.ts`).
 */

/**
 * An element: a CSS selector in the page, or `{ css, text }`, the first match whose text contains
 * `text`; `inPanel` looks inside the floating panel's shadow root (see {@link inPanel}).
 */
export type Target = string | { readonly css: string; readonly text?: string; readonly inPanel?: boolean };

/**
 * A target inside the floating panel.
 *
 * @example
 * await page.click(inPanel('[role="tab"]', 'Trace'))
 */
export const inPanel = (css: string, text?: string): Target => ({ css, inPanel: true, ...(text === undefined ? {} : { text }) });

export interface BrowserPage {
  /** Runs `fn(...args)` in the page (its source is sent, so it must not close over test variables) and returns its awaited, JSON-cloned result. */
  evaluate<Args extends unknown[], Result>(fn: (...args: Args) => Result, ...args: Args): Promise<Awaited<Result>>;
  /** Clicks the element with the browser's real pointer input, waiting until it exists. */
  click(target: Target): Promise<void>;
  /** Focuses the element and types `text` with real key input. */
  type(target: Target, text: string): Promise<void>;
  /** Presses `key` with the element focused. */
  press(target: Target, key: Key): Promise<void>;
  /** Drags the element from its centre by `deltaY` px (negative: up) with the real pointer, in small moves. */
  drag(target: Target, deltaY: number): Promise<void>;
  close(): Promise<void>;
}

/** The keys the tests press, by their names in the DOM's `KeyboardEvent.key`, with their WebDriver code points. */
export const KEYS = {
  Enter: '\uE007',
  Escape: '\uE00C',
  ArrowUp: '\uE013',
  ArrowDown: '\uE015',
  Home: '\uE011',
  End: '\uE010',
} as const;
export type Key = keyof typeof KEYS;

/** The pointer moves a {@link BrowserPage.drag} makes. */
export const DRAG_STEPS = 8;

export interface BrowserSession {
  /** `firefox` or `webkit`, with the engine version, for test names and messages. */
  readonly name: string;
  open(url: string): Promise<BrowserPage>;
  close(): Promise<void>;
}

const POLL_MS = 100;

/**
 * Polls `fn(...args)` in the page until it returns a truthy value, and returns it. On timeout,
 * throws with the last value it returned, so a failure says what the page showed instead.
 *
 * @example
 * await waitFor(page, 5_000, () => document.title === 'ready')
 */
export const waitFor = async <Args extends unknown[], Result>(
  page: BrowserPage,
  timeoutMs: number,
  fn: (...args: Args) => Result,
  ...args: Args
): Promise<Awaited<Result>> => {
  const deadline = Date.now() + timeoutMs;
  let last: Awaited<Result> | undefined;
  for (;;) {
    last = await page.evaluate(fn, ...args);
    if (last) return last;
    if (Date.now() > deadline) {
      throw new Error(`waitFor: still ${JSON.stringify(last)} after ${timeoutMs} ms, from ${String(fn).slice(0, 300)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
};

/** The arguments of {@link findInPage}, for a target. */
export const findArguments = (target: Target): [host: string, css: string, inPanel: boolean, text: string | null] =>
  typeof target === 'string' ? [PANEL_HOST, target, false, null] : [PANEL_HOST, target.css, target.inPanel ?? false, target.text ?? null];

/** Runs in the page: the element a target names, or null. Its source is sent to the page. */
export const findInPage = (host: string, css: string, inPanel: boolean, text: string | null): Element | null => {
  const root = inPanel ? document.querySelector(host)?.shadowRoot : document;
  const matches = [...(root?.querySelectorAll(css) ?? [])];
  return matches.find((element) => text === null || (element.textContent ?? '').includes(text)) ?? null;
};

/** The attribute `mountFloatingPanel` puts on its host element. */
export const PANEL_HOST = '[data-hubbub-floating-panel]';
