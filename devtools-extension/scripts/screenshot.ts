/**
 * Writes docs/images/panel.png: the REAL Hubbub panel in Chrome DevTools, showing the events of
 * the extension test page (a blocked event, a failed handler, a causation chain).
 * Run: npm run build:extension && npx tsx devtools-extension/scripts/screenshot.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { openHubbubPanel } from '../../test/e2e/extension/fixtures';
import { logRow, openShop, publish } from '../../test/e2e/extension/shop-driver';
import { chromiumArgs, chromiumEnv, chromiumPath } from '../../test/e2e/support/browser';
import { baseUrlOf, servePages } from '../../test/e2e/support/page-server';

const root = resolve(import.meta.dirname, '../..');
const server = await servePages(join(root, 'test/e2e/extension/pages'));
const profile = mkdtempSync(join(tmpdir(), 'hubbub-screenshot-'));
process.env.PW_CHROMIUM_ATTACH_TO_OTHER = '1';
const extensionDir = join(root, 'devtools-extension/dist');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath(),
  headless: true,
  env: chromiumEnv(),
  viewport: { width: 1400, height: 900 },
  args: [...chromiumArgs, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
});
try {
  const page = await context.newPage();
  await openShop(page, baseUrlOf(server));
  await publish(page, 'cart:add', { sku: 'BLUE-MUG', qty: 2 });
  await publish(page, 'cart:add', { sku: 'RED-CUP', qty: 1 });
  await publish(page, 'order:placed', { orderId: 'o-17', total: 30 });
  await publish(page, 'admin:delete', { id: 'user-9' });
  const { panel, devtools } = await openHubbubPanel(context, page);
  await devtools.setViewportSize({ width: 1400, height: 1500 });
  // Dock DevTools at the bottom, as most people use it: the panel gets the full width.
  await devtools.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: DevTools' internals are not typed here.
    const ui = (await import('./ui/legacy/legacy.js' as string)) as any;
    ui.DockController.DockController.instance().setDockSide('bottom');
  });
  await devtools.waitForTimeout(500);
  await logRow(panel, 'payment:charge').click();
  await panel.getByRole('tab', { name: 'Pipeline' }).press('Enter');
  await panel.getByTestId('handler-run').first().waitFor();
  // DevTools opens short: bring the pipeline (middleware, the failed handler and its error) into view.
  await panel.getByRole('heading', { name: 'Middleware' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const out = join(root, 'docs/images/panel.png');
  const frame = await devtools.locator('iframe[src*="panel.html"]').boundingBox();
  if (!frame) throw new Error('The panel frame is not on screen.');
  const top = Math.max(0, frame.y - 28); // keep DevTools' tab strip, with "Hubbub" selected
  await devtools.screenshot({ path: out, clip: { x: 0, y: top, width: 1400, height: Math.min(560, 1500 - top) } });
  console.log(`wrote ${out}`);
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
