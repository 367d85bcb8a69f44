import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { add, checkout, expect, signIn, test } from './fixtures';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const generated = join(repo, 'test/generated');
const configs = 'test/e2e/demo/recorded';
const bin = (name: string) => join(repo, 'node_modules/.bin', name);

/** Runs a repo tool; returns its exit code and the tail of what it printed. */
const run = (command: string, args: readonly string[], env: Record<string, string> = {}) => {
  const result = spawnSync(bin(command), args, { cwd: repo, encoding: 'utf8', env: { ...process.env, CI: '1', ...env }, timeout: 120_000 });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}`.slice(-4000) };
};

/** The test the in-page panel's "Copy as test" view shows for the runner chosen. */
const copyAsTest = async (page: Page, runner: 'vitest' | 'playwright') => {
  const panel = page.getByRole('region', { name: 'Hubbub devtools' });
  await panel.getByRole('tab', { name: 'Copy as test' }).click();
  await panel.getByRole('combobox', { name: 'Test runner' }).selectOption(runner);
  if (runner === 'vitest') {
    await panel.getByRole('textbox', { name: 'Setup import' }).fill("import { registry, setup } from '../../demo/src/hubbub-setup';");
  }
  return panel.getByRole('textbox', { name: 'Generated test' }).inputValue();
};

test.describe.configure({ timeout: 180_000 });

test('"Copy as test" turns a demo session into a Vitest file and a Playwright file that compile and pass, and fail when the app differs', async ({
  openShop,
  recorder,
  demoServer,
}) => {
  const page = await openShop({ replyOrder: 'payment-first', panel: 'open' });
  await signIn(page);
  await add(page, 'Sencha tea');
  await expect(await checkout(page)).toHaveText(/^Order o-1 placed/);
  await recorder.waitFor('OrderFulfillmentStarted', { where: (e) => e.payload.fields.orderId === 'o-1' });
  // Over the analytics limit: its handler fails, isolated; the order goes on.
  await add(page, 'Copper kettle');
  await expect(await checkout(page)).toHaveText(/^Order o-2 placed/);
  await recorder.waitFor('OrderFulfillmentStarted', { where: (e) => e.payload.fields.orderId === 'o-2' });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await add(page, 'Two cups');
  await expect(await checkout(page)).toContainText('blocked');

  const vitestFile = await copyAsTest(page, 'vitest');
  // One step per event the user caused; the services' replies and the saga's outcome are expected, not replayed.
  expect(vitestFile.match(/^ {2}\{ type: '/gm)).toHaveLength(8);
  expect(vitestFile).toMatch(/failures: \[\s+\{\s*eventType: 'OrderPlaced',\s*label: 'analytics',\s*message: 'analytics rejected o-2/);
  expect(vitestFile).toContain("blockedBy: 'authorization',");
  const playwrightFile = await copyAsTest(page, 'playwright');
  expect(playwrightFile).toContain("await page.goto('/?panel=open&replyOrder=payment-first');");

  rmSync(generated, { recursive: true, force: true });
  mkdirSync(generated, { recursive: true });
  writeFileSync(join(generated, 'recorded.test.ts'), vitestFile);
  writeFileSync(join(generated, 'recorded.spec.ts'), playwrightFile);

  const types = run('tsc', ['-p', `${configs}/tsconfig.json`, '--noEmit']);
  expect(types.code, types.output).toBe(0);
  const lint = run('biome', ['lint', '--vcs-use-ignore-file=false', 'test/generated']);
  expect(lint.code, `the generated files pass the repo's linter\n${lint.output}`).toBe(0);

  const vitest = run('vitest', ['run', '--config', `${configs}/vitest.config.ts`]);
  expect(vitest.code, vitest.output).toBe(0);
  expect(vitest.output).toMatch(/1 passed/);

  const playwright = run('playwright', ['test', '-c', `${configs}/playwright.config.ts`], { HUBBUB_DEMO_URL: demoServer.url });
  expect(playwright.code, playwright.output).toBe(0);
  expect(playwright.output).toMatch(/1 passed/);

  // Not a test that always passes: when the app behaves differently (every order's total cut to 1, so analytics no longer fails), it fails.
  rmSync(join(generated, 'recorded.spec.ts'));
  writeFileSync(
    join(generated, 'recorded.test.ts'),
    vitestFile
      .replace("readConfig('?replyOrder=payment-first')", '')
      .replace('setup(bus);', "setup(bus);\n  bus.use((e, ctx) => (ctx.type === 'OrderPlaced' ? { ...(e as object), total: 1 } : e));"),
  );
  const broken = run('vitest', ['run', '--config', `${configs}/vitest.config.ts`]);
  expect(broken.code).not.toBe(0);
  expect(broken.output).toMatch(/analytics rejected o-2/);
  rmSync(generated, { recursive: true, force: true });
});
