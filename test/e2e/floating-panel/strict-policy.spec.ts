import { expect } from '@playwright/test';
import { recordBus } from '../../../src/testing/playwright/index';
import { test } from './fixtures';

// The policy a security-minded app sends: nothing inline, nothing from elsewhere, and Trusted Types
// for every script sink (innerHTML and the like). The panel must mount, open, be styled, list the
// events and leave room for itself; connectDevtools must stream to recordBus; and none of it may
// cause a violation.
const POLICY = "default-src 'self'; style-src 'self'; script-src 'self'; require-trusted-types-for 'script'";

interface AppWindow {
  app: { bus: { publish(type: string, payload: unknown): Promise<unknown> } };
  violations: string[];
}

test('under a strict CSP with Trusted Types, the panel mounts, opens, is styled and lists events, and connectDevtools streams', async ({
  page,
  baseUrl,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { violations });
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.effectiveDirective} ${event.sourceFile} ${event.blockedURI} ${event.sample}`),
    );
  });
  await page.route(`${baseUrl}/strict-policy.html`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': POLICY } });
  });
  const recorder = await recordBus(page);
  await page.goto(`${baseUrl}/strict-policy.html`);
  await page.waitForFunction(() => 'app' in window);
  await page.evaluate(async () => {
    const { bus } = (window as unknown as AppWindow).app;
    await bus.publish('cart:add', { sku: 'tea', at: new Date(0) });
    await bus.publish('admin:delete', { id: 'u1' });
    await bus.publish('payment:charge', { amount: 5 });
  });
  expect((await recorder.waitFor('payment:charge')).payload).toEqual({ amount: 5 });
  expect(recorder.events.map((event) => event.type)).toEqual(['cart:add', 'admin:delete', 'payment:charge']);

  const toggle = page.getByRole('button', { name: 'Hubbub' });
  expect(await toggle.evaluate((element) => getComputedStyle(element).position)).toBe('fixed');
  await toggle.click();
  const sheet = page.getByRole('region', { name: 'Hubbub devtools' });
  const rows = sheet.getByRole('listbox', { name: 'Events' }).getByRole('option');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'admin:delete' })).toContainText('blocked');
  await rows.filter({ hasText: 'payment:charge' }).click();
  await sheet.getByRole('tab', { name: 'Pipeline' }).click();
  await expect(sheet.getByTestId('handler-run')).toContainText('Error: Card expired');
  await sheet.getByRole('tab', { name: 'Subscriptions' }).click();
  await expect(sheet.getByText('gateway')).toBeVisible();
  await sheet.getByRole('tab', { name: 'Events' }).click();
  // Styled by the panel's constructed stylesheets: a bare button's font would be 13.33px, and the sheet would not be fixed.
  expect(await sheet.getByRole('button', { name: 'Pause' }).evaluate((element) => getComputedStyle(element).fontSize)).toBe('12px');
  expect(await sheet.evaluate((element) => getComputedStyle(element).position)).toBe('fixed');
  // The room it keeps at the bottom of the page is an inline style set from script, which the policy allows.
  expect(await page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).paddingBottom))).toBeGreaterThan(0);
  const downloaded = page.waitForEvent('download');
  await sheet.getByRole('button', { name: 'Export' }).click();
  expect((await downloaded).suggestedFilename()).toMatch(/^hubbub-events-\d+\.json$/);

  await page.evaluate(() => (window as unknown as AppWindow).app.bus.publish('cart:add', { sku: 'after' }));
  await expect(rows).toHaveCount(4);
  await recorder.waitFor('cart:add', { where: (event) => (event.payload as { sku: string }).sku === 'after' });
  await recorder.stop();

  // Vite's dev client (not the panel) tries its hot reload socket, turned off for these pages: the policy refuses it.
  const violations = () =>
    page.evaluate(() => (window as unknown as AppWindow).violations.filter((violation) => !violation.includes('/@vite/client')));
  expect(await violations()).toEqual([]);
  expect(pageErrors).toEqual([]);

  // And the policy was in force: an HTML string and an inline style are refused.
  const refused = await page.evaluate(() => {
    const element = document.body.appendChild(document.createElement('p'));
    let html = 'allowed';
    try {
      element.innerHTML = '<b>x</b>';
    } catch {
      html = 'refused';
    }
    element.setAttribute('style', 'color: rgb(255, 0, 0)');
    return { html, inlineStyle: getComputedStyle(element).color === 'rgb(255, 0, 0)' ? 'allowed' : 'refused' };
  });
  expect(refused).toEqual({ html: 'refused', inlineStyle: 'refused' });
  await expect.poll(violations).toEqual([expect.stringMatching(/^require-trusted-types-for /), expect.stringMatching(/^style-src-attr /)]);
});
