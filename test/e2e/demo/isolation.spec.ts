import { add, checkout, expect, panel, signIn, test } from './fixtures';

test('the failing analytics handler is isolated: the order completes and the error is shown', async ({ openShop, recorder }) => {
  const page = await openShop({ replyOrder: 'inventory-first' });
  await signIn(page);
  await add(page, 'Copper kettle');
  await expect(await checkout(page)).toHaveText(/^Order o-1 placed: \d+ handlers ran, 1 failed and was isolated\.$/);

  await expect(panel(page, 'Orders').getByTestId('status-o-1')).toHaveText('fulfilling');
  await expect(panel(page, 'Problems').getByText('analytics rejected o-1: €120 is over the €100 tracking limit')).toBeVisible();
  await expect(panel(page, 'Metrics').getByTestId('revenue')).toHaveText('€0');

  const failure = await recorder.waitForError({ where: (e) => e.label === 'analytics' });
  expect(failure).toMatchObject({ eventType: 'OrderPlaced', name: 'Error' });
  expect(failure.message).toContain('over the €100 tracking limit');
  expect(recorder.errors).toHaveLength(1);
  await recorder.waitFor('OrderFulfillmentStarted');
});

test('validation runs before analytics: priorities order the handlers', async ({ openShop, recorder }) => {
  const page = await openShop({ replyOrder: 'payment-first' });
  await signIn(page);
  await add(page, 'Sencha tea');
  await checkout(page);

  const trace = page.getByRole('list', { name: 'Handlers for o-1' }).getByRole('listitem');
  await expect(trace.last()).toHaveText(/^analytics p-10/);
  await expect(trace.nth(0)).toHaveText(/^audit log p1000/);
  await expect(trace.nth(1)).toHaveText(/^orders store: placed p200/);
  await expect(trace.nth(2)).toHaveText(/^validation p100/);
  await expect(panel(page, 'Metrics').getByTestId('revenue')).toHaveText('€8');

  const placed = await recorder.waitFor('OrderPlaced');
  const runs = recorder.entries.flatMap((e) => (e.type === 'handler' && e.eventId === placed.id ? [e] : []));
  expect(runs.slice(0, 3).map((r) => r.label)).toEqual(['audit log', 'orders store: placed', 'validation']);
  expect(runs.at(-1)).toMatchObject({ label: 'analytics', outcome: 'ok' });
  expect(runs.every((r) => r.outcome === 'ok')).toBe(true);
  expect(runs.map((r) => r.label)).toEqual(
    expect.arrayContaining(['payment service', 'inventory service', 'audit log', 'orders store: placed']),
  );
});

test('an order the warehouse cannot fill is cancelled by validation, before any service runs', async ({ openShop, recorder }) => {
  const page = await openShop({ replyOrder: 'payment-first' });
  await signIn(page);
  await add(page, 'Copper kettle', 'Copper kettle', 'Copper kettle');
  const result = await checkout(page);

  // The checkout line says what happened to the order, not only that OrderPlaced was delivered.
  await expect(result).toHaveText(
    /^Order o-1 cancelled by validation: only 2 Copper kettle left \(\d+ handlers ran\)\. The cart is kept\.$/,
  );
  await expect(result).toHaveClass(/blocked/);
  await expect(panel(page, 'Cart').getByTestId('qty-kettle')).toHaveText('× 3');
  // Newest first, and a cause is logged before its effect: the cancellation sits above the order.
  const audit = panel(page, 'Audit log').getByRole('listitem');
  await expect(audit.nth(0)).toContainText('o-1 cancelled: only 2 Copper kettle left');
  await expect(audit.nth(1)).toContainText('o-1 placed by ada');

  await expect(panel(page, 'Orders').getByTestId('status-o-1')).toHaveText('cancelled');
  await expect(panel(page, 'Orders').getByText('only 2 Copper kettle left')).toBeVisible();
  const cancelled = await recorder.waitFor('OrderCancelled');
  expect(cancelled.payload.fields.reason).toBe('only 2 Copper kettle left');
  expect(recorder.events.map((e) => e.type)).not.toContain('PaymentProcessed');
  await expect(panel(page, 'Products').getByTestId('stock-kettle')).toHaveText('2 left');
});
