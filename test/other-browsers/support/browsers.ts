import type { BrowserSession } from './browser-page';
import { launchFirefox } from './firefox';
import { launchWebKit } from './webkit';

/**
 * The engines besides Chromium (which the Playwright suite drives): Gecko (Firefox) and WebKit
 * (Safari's engine). Users of both get Hubbub's floating panel, since the extension is Chrome's.
 */
export const OTHER_BROWSERS = [
  { engine: 'firefox', launch: launchFirefox },
  { engine: 'webkit', launch: launchWebKit },
] as const satisfies readonly { engine: string; launch: () => Promise<BrowserSession> }[];
