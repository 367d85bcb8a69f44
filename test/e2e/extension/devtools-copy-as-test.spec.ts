import { expect, openHubbubPanel, test } from './fixtures';

test('in the real DevTools panel, "Copy as test" writes the recorded events as a test and copies it', async ({ context, baseUrl }) => {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/trace.html`);
  await page.waitForFunction(() => 'placeOrder' in window);
  await page.evaluate(() => (window as unknown as { placeOrder: () => Promise<unknown> }).placeOrder());

  const { panel } = await openHubbubPanel(context, page);
  // Keyboard, as devtools-panel.spec.ts does: mouse clicks missed small targets in the DevTools-hosted frame.
  await panel.getByRole('tab', { name: 'Copy as test' }).press('Enter');
  const code = panel.getByRole('textbox', { name: 'Generated test' });
  await expect(code).toHaveValue(/const recording: RecordedStep\[\] = \[\n {2}\{ type: 'order:placed'/);
  await expect(code).toHaveValue(/replayRecording\(bus, recording, \{ registry, settle: \(\) => vi\.runAllTimersAsync\(\) \}\)/);
  await panel.getByRole('button', { name: 'Copy' }).press('Enter');
  await expect(panel.getByRole('status').filter({ hasText: 'Copied.' })).toBeVisible();
  await context.grantPermissions(['clipboard-read'], { origin: baseUrl });
  const copied = await code.inputValue();
  // Reading the clipboard needs a focused document; with DevTools windows open beside it, focus can take a moment to arrive.
  await expect
    .poll(async () => {
      await page.bringToFront();
      return page.evaluate(() => navigator.clipboard.readText().catch((error: Error) => `not read: ${error.message}`));
    })
    .toBe(copied);
});
