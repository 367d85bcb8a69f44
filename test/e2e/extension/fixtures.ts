import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, test as base, chromium, type Frame, type Page, type Worker } from '@playwright/test';
import type { ViteDevServer } from 'vite';
import { chromiumArgs, chromiumEnv, chromiumPath } from '../support/browser';
import { baseUrlOf, servePages } from '../support/page-server';

const repoRoot = resolve(import.meta.dirname, '../../..');
const extensionDir = join(repoRoot, 'devtools-extension/dist');

/** Builds the unpacked extension unless a build is there (npm's pretest:e2e builds it for the whole suite). */
const ensureExtensionBuilt = () => {
  if (existsSync(join(extensionDir, 'manifest.json'))) return;
  execFileSync('npx', ['vite', 'build', '--config', 'devtools-extension/vite.config.ts'], { cwd: repoRoot, stdio: 'inherit' });
};

interface ExtensionFixtures {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  baseUrl: string;
}

/** Playwright fixtures: a Vite server for the pages (per worker), Chromium with the extension (per test). */
export const test = base.extend<ExtensionFixtures, { pagesServer: ViteDevServer }>({
  pagesServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern.
    async ({}, use) => {
      ensureExtensionBuilt();
      const server = await servePages(join(import.meta.dirname, 'pages'));
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  baseUrl: async ({ pagesServer }, use) => use(baseUrlOf(pagesServer)),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructuring pattern.
  context: async ({}, use) => {
    process.env.PW_CHROMIUM_ATTACH_TO_OTHER = '1';
    const profile = mkdtempSync(join(tmpdir(), 'hubbub-ext-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      env: chromiumEnv(),
      args: [...chromiumArgs, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
    });
    await use(context);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  },
  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ serviceWorker }, use) => use(new URL(serviceWorker.url()).host),
});

export { expect } from '@playwright/test';

/**
 * Opens the REAL Chrome DevTools for a page and shows the Hubbub panel; returns the panel's frame.
 * DevTools' own InspectorView shows the panel (its tab sits in the "»" overflow menu otherwise).
 */
export const openHubbubPanel = async (context: BrowserContext, page: Page): Promise<{ panel: Frame; devtools: Page }> => {
  const browser = context.browser();
  const cdp = browser ? await browser.newBrowserCDPSession() : await context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'page' && t.url === page.url());
  if (!target) throw new Error(`No CDP target for ${page.url()}`);
  const devtoolsPromise = context.waitForEvent('page', { predicate: (p) => p.url().startsWith('devtools://'), timeout: 15_000 });
  await cdp.send('Target.openDevTools', { targetId: target.targetId });
  const devtools = await devtoolsPromise;
  await devtools.waitForLoadState('domcontentloaded');
  let panel: Frame | undefined;
  for (let attempt = 0; attempt < 100 && !panel; attempt++) {
    await devtools
      .evaluate(async () => {
        // biome-ignore lint/suspicious/noExplicitAny: DevTools' internals are not typed here.
        const ui = (await import('./ui/legacy/legacy.js' as string)) as any;
        const view = ui.InspectorView.InspectorView.instance();
        const id = view.tabbedPane.tabIds().find((tabId: string) => tabId.includes('Hubbub'));
        if (id) await view.showPanel(id);
      })
      .catch(() => {});
    panel = devtools.frames().find((f) => f.url().includes('/panel.html'));
    if (!panel) await devtools.waitForTimeout(100);
  }
  if (!panel) throw new Error('The Hubbub panel did not appear in DevTools.');
  return { panel, devtools };
};

/**
 * Stops the extension's service worker the way Chrome does when it is idle (CDP
 * ServiceWorker.stopWorker), and resolves once it has stopped.
 */
export const stopServiceWorker = async (context: BrowserContext, page: Page): Promise<void> => {
  const cdp = await context.newCDPSession(page);
  const versions = new Map<string, { scriptURL: string; runningStatus: string }>();
  let onUpdate = () => {};
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
    for (const v of updated) versions.set(v.versionId, v);
    onUpdate();
  });
  const waitFor = (predicate: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The service worker did not reach the expected state.')), 10_000);
      onUpdate = () => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        }
      };
      onUpdate();
    });
  const extensionWorker = () => [...versions].find(([, v]) => v.scriptURL.startsWith('chrome-extension://'));
  await cdp.send('ServiceWorker.enable');
  await waitFor(() => extensionWorker()?.[1].runningStatus === 'running');
  const [versionId] = extensionWorker() as [string, unknown];
  const stopped = waitFor(() => extensionWorker()?.[1].runningStatus === 'stopped');
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await stopped;
  await cdp.detach();
};

/** The id of the tab showing `page` (brought to the front, then asked of the service worker). */
export const activeTabId = async (context: BrowserContext, page: Page): Promise<number> => {
  await page.bringToFront();
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = await worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
  if (id === undefined) throw new Error('No active tab found.');
  return id;
};
