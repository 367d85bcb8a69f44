import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type ElementHandle, type Page } from 'puppeteer-core';
import { type BrowserPage, type BrowserSession, DRAG_STEPS, findArguments, findInPage, type Target } from './browser-page';

/** Where Firefox is looked for: $FIREFOX_PATH, then Debian's ESR and a plain install. */
const firefoxPath = (): string => {
  for (const path of [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']) if (path && existsSync(path)) return path;
  throw new Error(
    'No Firefox found for the cross-browser tests. Install one (Debian/Ubuntu: `apt-get install -y firefox-esr`), or point FIREFOX_PATH at a Firefox binary (128 or later: it is driven over WebDriver BiDi).',
  );
};

const FIND_TIMEOUT_MS = 5_000;

/** The element `target` names, waited for. */
const find = async (page: Page, target: Target): Promise<ElementHandle<Element>> => {
  // An expression with the finder's source in it, not an eval in the page: a page's CSP allows it.
  const handle = await page.waitForFunction(`(${String(findInPage)})(...${JSON.stringify(findArguments(target))}) ?? false`, {
    timeout: FIND_TIMEOUT_MS,
    polling: 100,
  });
  const element = handle.asElement();
  if (!element) throw new Error(`No element ${JSON.stringify(target)}`);
  return element as ElementHandle<Element>;
};

const pageOf = (page: Page): BrowserPage => ({
  evaluate: (fn, ...args) => page.evaluate(fn as never, ...(args as unknown as never[])) as never,
  click: async (target) => (await find(page, target)).click(),
  type: async (target, text) => (await find(page, target)).type(text),
  press: async (target, key) => (await find(page, target)).press(key),
  drag: async (target, deltaY) => {
    const box = await (await find(page, target)).boundingBox();
    if (!box) throw new Error(`${JSON.stringify(target)} is not visible`);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y + deltaY, { steps: DRAG_STEPS });
    await page.mouse.up();
  },
  close: () => page.close(),
});

/**
 * Starts a headless Firefox (Debian's ESR here) driven over WebDriver BiDi, which Firefox speaks
 * natively: no geckodriver. Its profile lives in a temporary folder.
 *
 * @example
 * const firefox = await launchFirefox()
 * const page = await firefox.open('http://127.0.0.1:5173/index.html')
 */
export const launchFirefox = async (): Promise<BrowserSession> => {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: mkdtempSync(join(tmpdir(), 'hubbub-firefox-')),
  });
  const version = await browser.version();
  return {
    name: `firefox (${version})`,
    open: async (url) => {
      const page = await browser.newPage();
      await page.goto(url);
      return pageOf(page);
    },
    close: () => browser.close(),
  };
};
