import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

/**
 * The Chromium to drive: $CHROMIUM_PATH, else the system's /usr/bin/chromium, else a browser
 * Playwright installed itself. Throws an error that says how to get one.
 */
export const chromiumPath = (): string => {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {}
  throw new Error(
    'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `apt-get install -y chromium`; ' +
      'elsewhere: `npx playwright install chromium`), or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  );
};

/** Flags that keep Chromium quiet and offline-friendly on CI machines. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const scratch = mkdtempSync(join(tmpdir(), 'hubbub-chromium-'));

/** Environment that keeps Chromium's config and cache out of the user's home. */
export const chromiumEnv = (): Record<string, string> => ({
  ...(process.env as Record<string, string>),
  XDG_CONFIG_HOME: join(scratch, 'config'),
  XDG_CACHE_HOME: join(scratch, 'cache'),
});

/** Launch options for a plain (non-extension) Chromium. */
export const launchOptions = () => ({ executablePath: chromiumPath(), args: chromiumArgs, env: chromiumEnv() });
