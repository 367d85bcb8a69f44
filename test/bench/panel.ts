/**
 * `npm run bench:panel`: the Hubbub panel (the built extension's panel.html, production React) fed
 * 100,000 events by a real page through content script and service worker, in real Chromium.
 * Measures the time from a filter keystroke to the filtered list (DOM commit, and the next frame),
 * and the panel's JS heap with max events at 100,000 and at 10,000.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumEnv, chromiumPath } from '../e2e/support/browser';
import { baseUrlOf, servePages } from '../e2e/support/page-server';
import { median } from './harness';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const ROUNDS = 5;
const root = resolve(import.meta.dirname, '../..');
const extensionDir = join(root, 'devtools-extension/dist');
// Always rebuilt: a dist left from older sources would be measured without a word.
execFileSync('npx', ['vite', 'build', '--config', 'devtools-extension/vite.config.ts'], { cwd: root, stdio: 'inherit' });

/** Heap used by one page after a full garbage collection, in MB. */
const heapMb = async (page: Page) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN) / 1024 / 1024;
};

const countText = async (panel: Page) => (await panel.getByTestId('event-count').textContent()) ?? '';

/**
 * Presses a key in the filter box and times it: from keydown to the end of the input event's
 * dispatch (React commits a controlled input's update synchronously, before listeners on window
 * run) and to the next animation frame (the filtered list painted).
 */
const timeKeystroke = async (panel: Page, key: string) => {
  await panel.evaluate(() => {
    const w = window as unknown as { __timing: Promise<[number, number]> };
    const input = document.querySelector('input[type=search]') as HTMLInputElement;
    w.__timing = new Promise((done) => {
      let start = 0;
      input.addEventListener(
        'keydown',
        () => {
          start = performance.now();
        },
        { once: true, capture: true },
      );
      window.addEventListener(
        'input',
        () => {
          const commit = performance.now() - start;
          requestAnimationFrame(() => done([commit, performance.now() - start]));
        },
        { once: true },
      );
    });
  });
  await panel.keyboard.press(key);
  return panel.evaluate(() => (window as unknown as { __timing: Promise<[number, number]> }).__timing);
};

const server = await servePages(join(root, 'test/e2e/extension/pages'));
const profile = mkdtempSync(join(tmpdir(), 'hubbub-bench-panel-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath(),
  headless: true,
  env: chromiumEnv(),
  args: [...chromiumArgs, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
});
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const shop = await context.newPage();
  await shop.goto(`${baseUrlOf(server)}/index.html`);
  await shop.waitForFunction(() => 'shop' in window);
  await shop.bringToFront();
  const tabId = await worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);

  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/panel.html?tabId=${tabId}`);
  await panel.evaluate(() => localStorage.setItem('hubbub:panel-settings', JSON.stringify({ maxEvents: 100_000, theme: 'auto' })));
  await panel.reload();
  await panel.getByText('Waiting for a Hubbub bus').waitFor({ state: 'detached' });
  await panel.bringToFront();
  const heapEmpty = await heapMb(panel);

  const loadStart = performance.now();
  await shop.evaluate((n) => (window as unknown as { shop: { flood(n: number): Promise<void> } }).shop.flood(n), EVENTS);
  await panel.waitForFunction((n) => document.querySelector('[data-testid=event-count]')?.textContent === `${n} events`, EVENTS, {
    timeout: 300_000,
    polling: 50,
  });
  const loadSeconds = (performance.now() - loadStart) / 1000;
  await panel.bringToFront();
  const heapFull = await heapMb(panel);

  const filter = panel.getByRole('searchbox', { name: 'Filter events' });
  await filter.focus();
  const typed: number[][] = [];
  const cleared: number[][] = [];
  let filteredText = '';
  for (let round = 0; round < ROUNDS; round++) {
    // "lucky" matches 1 in 10 events by payload text; Backspace brings the whole list back.
    for (const key of ['l', 'u', 'c', 'k', 'y']) typed.push(await timeKeystroke(panel, key));
    filteredText = await countText(panel);
    for (let i = 0; i < 5; i++) cleared.push(await timeKeystroke(panel, 'Backspace'));
  }
  await filter.fill('');

  // A lower cap drops events, so the field applies it on Enter (not on each digit typed).
  await panel.getByRole('spinbutton', { name: 'Max events' }).fill('10000');
  await panel.getByRole('spinbutton', { name: 'Max events' }).press('Enter');
  await panel.waitForFunction(() => document.querySelector('[data-testid=event-count]')?.textContent === '10000 events', undefined, {
    polling: 50,
  });
  await shop.evaluate((n) => (window as unknown as { shop: { flood(n: number): Promise<void> } }).shop.flood(n), EVENTS);
  await shop.waitForTimeout(500);
  const heapCapped = await heapMb(panel);
  const cappedText = await countText(panel);

  const row = (name: string, value: string) => console.log(`${name.padEnd(58)} ${value}`);
  console.log(`Hubbub panel bench (${EVENTS.toLocaleString('en')} events, ${ROUNDS} rounds; Chromium, built extension)`);
  row('events streamed page -> extension -> panel', `${loadSeconds.toFixed(1)} s (${Math.round(EVENTS / loadSeconds)} events/s)`);
  row(
    `filter keystroke (${EVENTS.toLocaleString('en')} events searched): DOM commit`,
    `median ${median(typed.map((t) => t[0] as number)).toFixed(1)} ms, max ${Math.max(...typed.map((t) => t[0] as number)).toFixed(1)} ms`,
  );
  row(
    'filter keystroke: next frame (list painted)',
    `median ${median(typed.map((t) => t[1] as number)).toFixed(1)} ms, max ${Math.max(...typed.map((t) => t[1] as number)).toFixed(1)} ms`,
  );
  row(
    'Backspace widening back to all rows: next frame',
    `median ${median(cleared.map((t) => t[1] as number)).toFixed(1)} ms, max ${Math.max(...cleared.map((t) => t[1] as number)).toFixed(1)} ms`,
  );
  row('filtered list shown', filteredText);
  row('panel JS heap, empty', `${heapEmpty.toFixed(1)} MB`);
  row(
    `panel JS heap, ${EVENTS.toLocaleString('en')} events kept`,
    `${heapFull.toFixed(1)} MB (${(((heapFull - heapEmpty) * 1024 * 1024) / EVENTS).toFixed(0)} B/event)`,
  );
  row(`panel JS heap, ${(2 * EVENTS).toLocaleString('en')} streamed, max events 10,000`, `${heapCapped.toFixed(1)} MB (${cappedText})`);
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
