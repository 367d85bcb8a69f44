import { add, expect, panel, test } from './fixtures';

test('the ping-pong storm is stopped by the bus with an EventStormError', async ({ openShop, recorder, page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await openShop();
  const storm = panel(page, 'Storm guard');
  await storm.getByRole('button', { name: /Start ping/ }).click();

  await expect(storm.getByRole('status', { name: 'Storm result' })).toContainText('EventStormError');
  await expect(storm.getByRole('status', { name: 'Storm result' })).toContainText('maxDepth');
  await expect(storm.getByTestId('storm-bounces')).toHaveText('32 bounces');

  const entry = await recorder.waitForEntry({ where: (e) => e.type === 'storm' });
  expect(entry).toMatchObject({ eventType: 'storm/pong', depth: 33 });
  expect(entry.type === 'storm' && entry.message).toContain('maxDepth');
  const loop = recorder.events.filter((e) => e.type === 'storm/ping' || e.type === 'storm/pong');
  expect(loop).toHaveLength(33);
  expect(new Set(loop.map((e) => e.correlationId)).size).toBe(1);

  // Handled, so a warning, not a red console error (the fixture fails the test on any console error).
  await expect.poll(() => warnings.some((text) => text.includes('"storm/pong" failed; isolated by the bus'))).toBe(true);

  // The tab is not frozen: the shop still answers.
  await add(page, 'Sencha tea');
  await expect(panel(page, 'Cart').getByTestId('qty-tea')).toHaveText('× 1');
});
