import { add, expect, panel, test } from './fixtures';

test('the ping-pong storm is stopped by the bus with an EventStormError', async ({ openShop, recorder, page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await openShop({ panel: 'closed' });
  const storm = panel(page, 'Storm guard');
  await storm.getByRole('button', { name: /Start ping/ }).click();

  await expect(storm.getByRole('status', { name: 'Storm result' })).toContainText('EventStormError');
  await expect(storm.getByRole('status', { name: 'Storm result' })).toContainText('maxDepth');
  await expect(storm.getByTestId('storm-bounces')).toHaveText('32 bounces');

  const entry = await recorder.waitForEntry({ where: (e) => e.type === 'storm' });
  expect(entry).toMatchObject({ eventType: 'storm/pong', depth: 33 });
  expect(entry.type === 'storm' && entry.message).toContain('maxDepth');
  // 33 events ran (depths 0 to 32); the refused one is listed too, as the storm's own event.
  const loop = recorder.events.filter((e) => e.type === 'storm/ping' || e.type === 'storm/pong');
  expect(loop).toHaveLength(34);
  expect(new Set(loop.map((e) => e.correlationId)).size).toBe(1);
  expect(loop.at(-1)).toMatchObject({ id: entry.type === 'storm' ? entry.eventId : '', depth: 33 });

  // The in-page panel, opened now, lists the refused event, badged, with the refusal in its detail.
  await page.getByRole('button', { name: 'Hubbub', exact: true }).click();
  const devtools = page.getByRole('region', { name: 'Hubbub devtools' });
  const refused = devtools.locator('[role="option"][data-event-type="storm/pong"]').filter({ has: page.locator('.hb-badge-storm') });
  await expect(refused).toHaveCount(1);
  await refused.click();
  await devtools.getByRole('tab', { name: 'Pipeline' }).click();
  await expect(devtools.getByRole('alert').filter({ hasText: /Event storm: .*maxDepth/ })).toContainText('chain: storm/ping → storm/pong');

  // Handled, so a warning, not a red console error (the fixture fails the test on any console error).
  await expect.poll(() => warnings.some((text) => text.includes('"storm/pong" failed; isolated by the bus'))).toBe(true);

  // The tab is not frozen: the shop still answers.
  await add(page, 'Sencha tea');
  await expect(panel(page, 'Cart').getByTestId('qty-tea')).toHaveText('× 1');
});
