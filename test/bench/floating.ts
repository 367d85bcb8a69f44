/**
 * `npx tsx test/bench/floating.ts`: what the in-page floating panel costs the page it lives in.
 * A page (served by Vite as an app in development is: the floating panel is a development tool)
 * with a bus, `connectDevtools(bus)` and `mountFloatingPanel()` emits N events in bursts, in real
 * Chromium, once with the panel open and once with it closed (its UI never loaded), side by side in
 * each round. Main-thread time is Chromium's own (CDP Performance.getMetrics: TaskDuration, the
 * time the renderer's main thread spent in tasks, and its script, layout and style parts) from
 * just before the first burst until the panel lists the last event and the page has settled.
 *
 * Environment: BENCH_EVENTS (default 5000), BENCH_BURST (events per burst, 50), BENCH_GAP_MS
 * (between bursts, 4), BENCH_ROUNDS (5), BENCH_PROFILE=1 (also records a CPU profile of one more
 * open round and prints where its time went, by function and by file; BENCH_PROFILE_OUT=path.cpuprofile
 * also writes it, for Chromium DevTools' Performance panel).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type CDPSession, chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumEnv, chromiumPath } from '../e2e/support/browser';
import { baseUrlOf, PANEL_UI_PACKAGES, servePages } from '../e2e/support/page-server';
import { median } from './harness';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const BURST = Number(process.env.BENCH_BURST ?? 50);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PROFILE = process.env.BENCH_PROFILE === '1';
/** Events emitted before measuring, so both pages measure warm code (and the open panel has rendered rows). */
const WARMUP = 500;
/** Idle time after the last event (and, open, after the panel listed it): the panel's throttled renders and the follow-the-tail frame land in it. */
const SETTLE_MS = 400;
const root = resolve(import.meta.dirname, '../..');

// Under node_modules: the page's imports of react and zustand resolve from the repository's own.
const cacheDir = join(root, 'node_modules/.cache');
mkdirSync(cacheDir, { recursive: true });
const pageDir = mkdtempSync(join(cacheDir, 'hubbub-bench-floating-'));
writeFileSync(
  join(pageDir, 'index.html'),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floating bench</title></head><body><h1>App</h1><script type="module" src="./app.ts"></script></body></html>',
);
// A bus as an app has one: a middleware, a few handlers, payloads of a few fields.
writeFileSync(
  join(pageDir, 'app.ts'),
  `import { connectDevtools } from '/@fs${root}/src/devtools/index.ts';
import { mountFloatingPanel } from '/@fs${root}/src/devtools/panel/index.ts';
import { createBus } from '/@fs${root}/src/index.ts';

const bus = createBus({ name: 'bench', onError: () => {} });
bus.use((event) => event, { name: 'pass' });
bus.subscribe('cart:add', () => {}, { label: 'cart' });
bus.subscribe('cart:add', () => {}, { label: 'analytics' });
bus.subscribe('order:placed', () => {}, { label: 'orders' });
bus.subscribe('search:typed', () => {}, { label: 'search' });
connectDevtools(bus);
mountFloatingPanel({ open: new URLSearchParams(location.search).get('open') === '1' });
const types = ['cart:add', 'order:placed', 'search:typed', 'nav:moved'];
const wait = (ms) => new Promise((done) => setTimeout(done, ms));
let emitted = 0;
const emit = async (n, burst, gap) => {
  for (let sent = 0; sent < n; ) {
    for (let i = 0; i < burst && sent < n; i++, sent++, emitted++)
      bus.emit(types[emitted % types.length], { sku: 'SKU-' + emitted, qty: emitted % 7, note: 'lucky item ' + emitted, tags: ['a', 'b'] });
    await wait(gap);
  }
};
Object.assign(window, { bench: { emit } });
`,
);

const server = await servePages(pageDir, PANEL_UI_PACKAGES);
const baseUrl = baseUrlOf(server);

type Figures = { task: number; script: number; layout: number; style: number };
const METRICS = { task: 'TaskDuration', script: 'ScriptDuration', layout: 'LayoutDuration', style: 'RecalcStyleDuration' } as const;

const readMetrics = async (cdp: CDPSession): Promise<Figures> => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return { task: value(METRICS.task), script: value(METRICS.script), layout: value(METRICS.layout), style: value(METRICS.style) };
};

/** The count the open panel shows, read inside its shadow root. */
const shownCount = (page: Page) =>
  page.evaluate(
    () => document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot?.querySelector('[data-testid=event-count]')?.textContent ?? '',
  );

const waitForCount = async (page: Page, n: number) => {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const shown = await shownCount(page);
    if (shown === `${n} events`) return;
    if (performance.now() > deadline) {
      const text = await page.evaluate(() =>
        document.querySelector('[data-hubbub-floating-panel]')?.shadowRoot?.textContent?.slice(0, 500),
      );
      throw new Error(`The panel shows "${shown}", not the ${n} events emitted. Panel text: ${text}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
};

const emit = (page: Page, n: number) =>
  page.evaluate(
    ([count, burst, gap]) =>
      (window as unknown as { bench: { emit(n: number, burst: number, gap: number): Promise<void> } }).bench.emit(count, burst, gap),
    [n, BURST, GAP_MS] as const,
  );

/** One round on a fresh page: warm up, then main-thread time from the first burst until all is shown and settled. */
const round = async (browser: Browser, open: boolean, profile = false): Promise<Figures> => {
  // A context of its own: a renderer process of its own, and nothing left from the other page.
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error));
    page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
    await page.goto(`${baseUrl}/index.html?open=${open ? 1 : 0}`);
    await page.waitForFunction(() => 'bench' in window);
    if (open) await page.getByText('Waiting for a Hubbub bus').waitFor({ state: 'detached' });
    await emit(page, WARMUP);
    if (open) await waitForCount(page, WARMUP);
    await page.waitForTimeout(SETTLE_MS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const before = await readMetrics(cdp);
    await emit(page, EVENTS);
    if (open) await waitForCount(page, WARMUP + EVENTS);
    await page.waitForTimeout(SETTLE_MS);
    const after = await readMetrics(cdp);
    if (profile) {
      const { profile: recorded } = await cdp.send('Profiler.stop');
      if (process.env.BENCH_PROFILE_OUT) writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(recorded));
      printProfile(recorded);
    }
    return {
      task: after.task - before.task,
      script: after.script - before.script,
      layout: after.layout - before.layout,
      style: after.style - before.style,
    };
  } finally {
    await context.close();
  }
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time per function and per file of a CPU profile, the largest first. */
const printProfile = (profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }) => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] as number;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const file = url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '') || '(native)';
    byFunction.set(
      `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`,
      (byFunction.get(`${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`) ?? 0) + ms,
    );
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => `  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  console.log('CPU profile of one open round (self time; idle and program left out)\nby file:');
  console.log(top(byFile, 15).join('\n'));
  console.log('by function:');
  console.log(top(byFunction, 30).join('\n'));
};

const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, env: chromiumEnv(), args: chromiumArgs });
try {
  const open: Figures[] = [];
  const closed: Figures[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // The order alternates, so drift of the machine falls on both alike.
    if (i % 2 === 0) {
      open.push(await round(browser, true));
      closed.push(await round(browser, false));
    } else {
      closed.push(await round(browser, false));
      open.push(await round(browser, true));
    }
  }
  const med = (list: Figures[], key: keyof Figures) => median(list.map((f) => f[key]));
  const row = (name: string, value: string) => console.log(`${name.padEnd(44)} ${value}`);
  console.log(
    `Floating panel bench: ${EVENTS.toLocaleString('en')} events in bursts of ${BURST} every ${GAP_MS} ms, ${ROUNDS} rounds (medians; Chromium, Vite dev server)`,
  );
  for (const [name, list] of [
    ['panel open', open],
    ['panel closed', closed],
  ] as const)
    row(
      `${name}: main-thread task time`,
      `${med(list, 'task').toFixed(0)} ms (script ${med(list, 'script').toFixed(0)}, layout ${med(list, 'layout').toFixed(0)}, style ${med(list, 'style').toFixed(0)}); rounds ${list.map((f) => f.task.toFixed(0)).join(', ')}`,
    );
  const ratios = open.map((f, i) => f.task / (closed[i] as Figures).task);
  row('open / closed (median of per-round ratios)', `${median(ratios).toFixed(2)}x`);
  row('panel cost per event', `${(((med(open, 'task') - med(closed, 'task')) * 1000) / EVENTS).toFixed(1)} µs`);
  if (PROFILE) await round(browser, true, true);
} finally {
  await browser.close();
  await server.close();
  rmSync(pageDir, { recursive: true, force: true });
}
