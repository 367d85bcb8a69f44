import type { BrowserSession } from './browser-page';
import { launchFirefox } from './firefox';
import { launchWebKit } from './webkit';

/**
 * The engines besides Chromium (which the Playwright suite drives): Gecko (Firefox) and WebKit
 * (Safari's engine). Users of both get Hubbub's floating panel, since the extension is Chrome's.
 * `HUBBUB_BROWSERS=firefox` (or `webkit`) runs one: WebKitGTK is a Linux build, so on macOS or
 * Windows a contributor runs Firefox here and leaves WebKit to CI.
 */
const ALL = [
  { engine: 'firefox', launch: launchFirefox },
  { engine: 'webkit', launch: launchWebKit },
] as const satisfies readonly { engine: string; launch: () => Promise<BrowserSession> }[];

const chosen = process.env.HUBBUB_BROWSERS?.split(',').map((name) => name.trim().toLowerCase());
const unknown = chosen?.filter((name) => !ALL.some((browser) => browser.engine === name));
if (unknown?.length) throw new Error(`HUBBUB_BROWSERS: unknown ${unknown.join(', ')}; name firefox, webkit or both.`);

/** The engines this run drives: both, unless HUBBUB_BROWSERS names some. */
export const OTHER_BROWSERS = ALL.filter((browser) => chosen === undefined || chosen.includes(browser.engine));
