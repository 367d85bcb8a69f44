// The packed hubbub in a real Next.js App Router app (test/consumer/fixture/next-app), as its users
// run it: `next build` (Turbopack, then webpack) and `next start`, then `next dev`, each page loaded
// in Chromium. Checks: no server error, no hydration or other console error, hooks update, the
// devtools absent from production client chunks and working in development. Not part of `npm test`
// (it installs Next.js, about 350 MB, and needs only the npm registry):
//   npx tsx test/consumer/next-app.ts                     packs the package first (prepack builds it)
//   HUBBUB_TARBALL=/path/hubbub-0.1.0.tgz NEXT_VERSION=16 npx tsx test/consumer/next-app.ts
// Exits non-zero when a check fails; prints how long each step took.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from '@playwright/test';
import { launchOptions } from '../e2e/support/browser';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture/next-app', import.meta.url));
const nextVersion = process.env.NEXT_VERSION ?? 'latest';
/** Strings only the devtools stream and the floating panel contain. */
const DEVTOOLS_ONLY = ['hubbub:page', 'hb-float-toggle'];
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const timings: [string, number][] = [];
const timed = async <T>(step: string, work: () => T | Promise<T>): Promise<T> => {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings.push([step, Math.round((performance.now() - started) / 100) / 10]);
  }
};

const run = (command: string, args: readonly string[], cwd: string) => {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return `${result.stdout}\n${result.stderr}`;
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Starts `next <mode>` in its own process group, so stopping it stops its workers too. */
const startNext = async (app: string, mode: 'start' | 'dev') => {
  const port = await freePort();
  const server = spawn(process.execPath, [join(app, 'node_modules/next/dist/bin/next'), mode, '-p', String(port)], {
    cwd: app,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout?.on('data', (data) => (log += data));
  server.stderr?.on('data', (data) => (log += data));
  // Next's dev server refuses its dev resources to another host than localhost.
  const base = `http://localhost:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (
      await fetch(base).then(
        () => true,
        () => false,
      )
    )
      break;
    if (attempt === 600 || server.exitCode !== null) throw new Error(`next ${mode} did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { base, server, log: () => log };
};
/** Stops a server from startNext and waits for it to exit (it writes its caches until then). */
const stop = async (server: ChildProcess) => {
  if (!server.pid || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    process.kill(-server.pid);
  } catch {
    return; // Already gone.
  }
  await exited;
};

/** What the page logged: console errors and warnings, uncaught errors, failed requests. */
const watch = (page: Page) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (!['error', 'warning'].includes(message.type())) return;
    // Repeats a failed request, listed below with its address.
    if (message.text().startsWith('Failed to load resource')) return;
    problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  return problems;
};

const hasText = async (page: Page, selector: string, text: string) =>
  page
    .locator(selector)
    .filter({ hasText: new RegExp(`^${text}$`) })
    .waitFor({ timeout: 15_000 })
    .then(
      () => true,
      () => false,
    );

const checkPages = async (browser: Browser, base: string, mode: string, development: boolean) => {
  const page = await browser.newPage();
  const problems = watch(page);
  const response = await page.goto(base, { waitUntil: 'networkidle' });
  check(response?.status() === 200, `${mode}: / answers 200`);
  check(await hasText(page, '#server', 'server saw emit\\+publish delivered=1'), `${mode}: a server component ran the bus`);
  await page.click('#add');
  await page.click('#add');
  check(await hasText(page, '#count', '2'), `${mode}: useEvent delivered each event once`);
  check(await hasText(page, '#latest', '2'), `${mode}: useLatestEvent shows the latest event`);
  await page.click('#add-typed');
  check(await hasText(page, '#skus', 'tea,tea,coffee'), `${mode}: createBusHooks' useEvent delivered`);
  check(await hasText(page, '#typed-latest', '4'), `${mode}: createBusHooks' useLatestEvent updated`);
  const toggles = await page.locator('.hb-float-toggle').count();
  if (!development) check(toggles === 0, `${mode}: no floating panel`);
  else {
    check(toggles === 1, `${mode}: the floating panel is mounted`);
    await page.click('.hb-float-toggle');
    // The panel's UI loads on first open, then lists what the page recorded before.
    const listed = await page
      .waitForFunction(
        () =>
          document
            .querySelector('[data-hubbub-floating-panel]')
            ?.shadowRoot?.querySelector('.hb-float-sheet')
            ?.textContent?.includes('cart/added'),
        undefined,
        { timeout: 15_000 },
      )
      .then(
        () => true,
        () => false,
      );
    check(listed, `${mode}: the panel lists the events`);
  }
  await page.goto(`${base}/server-devtools`, { waitUntil: 'networkidle' });
  check(await hasText(page, '#server', 'server devtools ok'), `${mode}: devtools called in a server component do nothing`);
  const ping = await page.request.get(`${base}/api/ping`);
  check(
    JSON.stringify(await ping.json()) === JSON.stringify({ seen: 'route', delivered: 1, errors: 0 }),
    `${mode}: a route handler ran the bus`,
  );
  check(problems.length === 0, `${mode}: nothing logged${problems.length ? `:\n  ${problems.join('\n  ')}` : ''}`);
  await page.close();
};

const clientChunksWith = async (app: string, needle: string) => {
  const found: string[] = [];
  const dir = join(app, '.next/static');
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.js') && (await readFile(join(entry.parentPath, entry.name), 'utf8')).includes(needle)) {
      found.push(entry.name);
    }
  }
  return found;
};

const work = await mkdtemp(join(tmpdir(), 'hubbub-next-'));
const servers: ChildProcess[] = [];
let browser: Browser | undefined;
try {
  const tarball =
    process.env.HUBBUB_TARBALL ??
    (await timed('npm pack (builds the package)', async () => {
      run('npm', ['pack', '--pack-destination', work], repo);
      const packed = (await readdir(work)).find((name) => name.endsWith('.tgz'));
      if (!packed) throw new Error(`npm pack wrote no tarball into ${work}`);
      return join(work, packed);
    }));
  const app = join(work, 'app');
  await cp(fixture, app, { recursive: true });
  await timed(`npm install next@${nextVersion}`, () =>
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        `next@${nextVersion}`,
        'react@19',
        'react-dom@19',
        'typescript@6',
        '@types/react@19',
        '@types/node@20',
        tarball,
      ],
      app,
    ),
  );
  browser = await chromium.launch(launchOptions());
  for (const bundler of ['turbopack', 'webpack'] as const) {
    await timed(`next build (${bundler})`, () => run(process.execPath, ['node_modules/next/dist/bin/next', 'build', `--${bundler}`], app));
    for (const needle of DEVTOOLS_ONLY) {
      const chunks = await clientChunksWith(app, needle);
      check(
        chunks.length === 0,
        `production (${bundler}): no client chunk contains "${needle}"${chunks.length ? `: ${chunks.join(', ')}` : ''}`,
      );
    }
    const started = await timed(`next start (${bundler})`, () => startNext(app, 'start'));
    servers.push(started.server);
    await timed(`pages in Chromium (${bundler})`, () => checkPages(browser as Browser, started.base, `production (${bundler})`, false));
    await stop(started.server);
  }
  await rm(join(app, '.next'), { recursive: true, force: true });
  const dev = await timed('next dev', () => startNext(app, 'dev'));
  servers.push(dev.server);
  await timed('pages in Chromium (dev, compiled on request)', () => checkPages(browser as Browser, dev.base, 'development', true));
  check(!/⨯|Error:/.test(dev.log()), `development: the server logged no error${/⨯|Error:/.test(dev.log()) ? `:\n${dev.log()}` : ''}`);
} catch (error) {
  failures.push(String(error));
  console.error(error);
} finally {
  await browser?.close();
  for (const server of servers) await stop(server);
  await rm(work, { recursive: true, force: true, maxRetries: 3 });
}
console.log('\nseconds per step:');
for (const [step, seconds] of timings) console.log(`  ${String(seconds).padStart(6)}  ${step}`);
console.log(failures.length === 0 ? '\nnext app: all checks passed' : `\nnext app: ${failures.length} failed`);
process.exitCode = failures.length === 0 ? 0 : 1;
