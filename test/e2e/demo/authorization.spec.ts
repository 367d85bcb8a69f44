import { add, checkout, expect, panel, test } from './fixtures';

test('a checkout while signed out is blocked by the authorization middleware, and nothing is lost', async ({ openShop, recorder }) => {
  const page = await openShop();
  await expect(page.getByText('Signed out', { exact: true })).toBeVisible();
  await add(page, 'Sencha tea');
  const result = await checkout(page);

  await expect(result).toHaveText('Order o-1 blocked by middleware "authorization": sign in to place orders.');
  await expect(panel(page, 'Metrics').getByTestId('blocked-authorization')).toHaveText('1');
  await expect(panel(page, 'Cart').getByTestId('qty-tea')).toHaveText('× 1');
  await expect(panel(page, 'Orders').getByText('No orders yet')).toBeVisible();

  const decision = await recorder.waitForMiddleware({ where: (m) => m.eventType === 'OrderPlaced' && m.decision === 'blocked' });
  expect(decision.name).toBe('authorization');
  expect(decision.reason).toBe('sign in to place orders');
  const placed = recorder.events.find((e) => e.type === 'OrderPlaced');
  expect(placed?.payload.fields.userId).toBe('guest');
  const decisions = recorder.middleware.filter((m) => m.eventId === placed?.id).map((m) => `${m.name}:${m.decision}`);
  expect(decisions).toEqual(['logging:passed', 'authorization:blocked']);
  const handlerRuns = recorder.entries.filter((e) => e.type === 'handler' && e.eventId === placed?.id);
  expect(handlerRuns).toEqual([]);
});

test('signing in lets the same cart through', async ({ openShop, recorder }) => {
  const page = await openShop({ replyOrder: 'payment-first' });
  await add(page, 'Sencha tea');
  await expect(await checkout(page)).toContainText('blocked by middleware "authorization"');
  await page.getByRole('button', { name: 'Sign in as ada' }).click();
  await expect(await checkout(page)).toHaveText(/^Order o-2 placed: \d+ handlers ran\.$/);
  await expect(panel(page, 'Orders').getByTestId('status-o-2')).toHaveText('fulfilling');
  const passed = await recorder.waitForMiddleware({
    where: (m) => m.eventType === 'OrderPlaced' && m.name === 'authorization' && m.decision === 'passed',
  });
  expect(recorder.events.find((e) => e.id === passed.eventId)?.payload.fields.userId).toBe('ada');
});
