import { add, checkout, expect, panel, signIn, test } from './fixtures';

const replies = {
  'payment-first': ['PaymentProcessed', 'InventoryReserved'],
  'inventory-first': ['InventoryReserved', 'PaymentProcessed'],
} as const;

for (const [replyOrder, expected] of Object.entries(replies)) {
  test(`the saga starts fulfillment once both services replied (${replyOrder})`, async ({ openShop, recorder }) => {
    const page = await openShop({ replyOrder });
    await signIn(page);
    await add(page, 'Cast-iron teapot', 'Sencha tea');
    await expect(await checkout(page)).toHaveText(/^Order o-1 placed/);

    const orders = panel(page, 'Orders');
    await expect(orders.getByTestId('status-o-1')).toHaveText('fulfilling');
    await expect(
      orders.getByText(`replies: ${expected.map((t) => (t === 'PaymentProcessed' ? 'payment' : 'inventory')).join(' then ')}`),
    ).toBeVisible();
    await expect(panel(page, 'Products').getByTestId('stock-teapot')).toHaveText('2 left');
    await expect(panel(page, 'Audit log').getByText('o-1 fulfillment started')).toBeVisible();
    // Newest first: the saga's outcome above the reply that completed it, not below.
    await expect(panel(page, 'Audit log').getByRole('listitem').first()).toContainText('o-1 fulfillment started');

    const started = await recorder.waitFor('OrderFulfillmentStarted');
    const saga = recorder.events.filter((e) => e.type === 'PaymentProcessed' || e.type === 'InventoryReserved');
    expect(saga.map((e) => e.type)).toEqual(expected);
    expect(saga.every((e) => e.payload.fields.orderId === 'o-1')).toBe(true);
    // Started by the second reply, after both: the saga publishes from that handler's context.
    expect(started.causationId).toBe(saga[1]?.id);
    expect(started.seq).toBeGreaterThan(saga[1]?.seq ?? Number.POSITIVE_INFINITY);
    const placed = recorder.events.find((e) => e.type === 'OrderPlaced');
    expect(started.correlationId).toBe(placed?.id);
    expect(recorder.events.filter((e) => e.type === 'OrderFulfillmentStarted')).toHaveLength(1);
  });
}

test('a payment that never comes times the saga out and cancels the order', async ({ openShop, recorder }) => {
  const page = await openShop({ replyOrder: 'payment-first', timeoutMs: '500' });
  await signIn(page);
  const orders = panel(page, 'Orders');
  await orders.getByRole('button', { name: 'Drop next payment reply' }).click();
  await expect(orders.getByRole('button', { name: 'Next payment reply will be dropped' })).toBeDisabled();
  await add(page, 'Two cups');
  await checkout(page);

  await expect(orders.getByTestId('status-o-1')).toHaveText('cancelled');
  await expect(orders.getByText('payment did not arrive within 500 ms')).toBeVisible();
  await expect(orders.getByText('payment reply dropped')).toBeVisible();
  await expect(panel(page, 'Products').getByTestId('stock-cups')).toHaveText('8 left');
  // Analytics counted the order when it was placed; the cancellation takes it back out.
  await expect(panel(page, 'Metrics').getByTestId('revenue')).toHaveText('€0');
  await expect(panel(page, 'Problems').getByText('received only InventoryReserved')).toBeVisible();

  const cancelled = await recorder.waitFor('OrderCancelled');
  expect(cancelled.payload.fields).toMatchObject({ orderId: 'o-1', reason: 'payment did not arrive within 500 ms' });
  await recorder.waitFor('InventoryReleased');
  const timedOut = await recorder.waitForEntry({ where: (e) => e.type === 'saga' && e.status === 'timedOut' });
  expect(timedOut).toMatchObject({ saga: 'fulfillment', key: 'o-1', received: ['InventoryReserved'] });
  expect(recorder.events.map((e) => e.type)).not.toContain('PaymentProcessed');
  expect(recorder.events.map((e) => e.type)).not.toContain('OrderFulfillmentStarted');

  // The outage was one reply: the next order goes through.
  await add(page, 'Two cups');
  await checkout(page);
  await expect(orders.getByTestId('status-o-2')).toHaveText('fulfilling');
  await expect(panel(page, 'Metrics').getByTestId('revenue')).toHaveText('€12');
});

test('a reply that comes after the saga gave up does not start a second attempt that cancels the order again', async ({
  openShop,
  recorder,
}) => {
  // Inventory replies after 100 ms, payment after 300 ms: the 50 ms saga gives up before the payment.
  const page = await openShop({ replyOrder: 'inventory-first', timeoutMs: '50' });
  await signIn(page);
  await add(page, 'Two cups');
  await checkout(page);

  const order = panel(page, 'Orders').getByRole('listitem', { name: 'Order o-1' });
  await expect(order.getByTestId('status-o-1')).toHaveText('cancelled');
  await expect(order.getByText('payment did not arrive within 50 ms')).toBeVisible();
  // The late payment reaches the orders store (after the saga, which subscribed first)...
  await expect(order.getByText('✓ payment')).toBeVisible();
  const latePayment = await recorder.waitFor('PaymentProcessed');
  await recorder.waitForEntry({ where: (e) => e.type === 'handler' && e.eventId === latePayment.id && e.label === 'orders store: paid' });
  // ...and the saga ignored it: no new attempt, so no second cancellation with the opposite reason.
  const sagaSteps = recorder.entries.flatMap((e) => (e.type === 'saga' && e.key === 'o-1' ? [e.status] : []));
  expect(sagaSteps).toEqual(['started', 'timedOut']);
  expect(recorder.events.filter((e) => e.type === 'OrderCancelled')).toHaveLength(1);
  await expect(order.getByText('payment did not arrive within 50 ms')).toBeVisible();
  await expect(panel(page, 'Problems').getByRole('listitem')).toHaveCount(1);
  await expect(panel(page, 'Products').getByTestId('stock-cups')).toHaveText('8 left');
});

test('an order cancelled before the warehouse replied shows no release of stock it never showed reserved', async ({
  openShop,
  recorder,
}) => {
  // Payment replies after 100 ms, inventory after 300 ms: the 50 ms saga gives up before the warehouse.
  const page = await openShop({ replyOrder: 'payment-first', timeoutMs: '50' });
  await signIn(page);
  await add(page, 'Two cups');
  await checkout(page);

  const order = panel(page, 'Orders').getByRole('listitem', { name: 'Order o-1' });
  await expect(order.getByText('stock not reserved within 50 ms')).toBeVisible();
  const cancelled = await recorder.waitFor('OrderCancelled');
  await recorder.waitForEntry({
    where: (e) => e.type === 'handler' && e.eventId === cancelled.id && e.label === 'inventory service: release',
  });
  expect(recorder.events.map((e) => e.type)).not.toContain('InventoryReleased');
  await expect(panel(page, 'Products').getByTestId('stock-cups')).toHaveText('8 left');
  await expect(panel(page, 'Problems').getByRole('listitem')).toHaveCount(1);
});

test('the in-page panel’s Sagas view shows the fulfillment saga completed, linked to the replies that moved it', async ({
  openShop,
  recorder,
}) => {
  const page = await openShop({ replyOrder: 'payment-first', panel: 'open' });
  await signIn(page);
  await add(page, 'Sencha tea');
  await expect(await checkout(page)).toHaveText(/^Order o-1 placed/);
  await recorder.waitFor('OrderFulfillmentStarted');

  const devtools = page.getByRole('region', { name: 'Hubbub devtools' });
  await devtools.getByRole('tab', { name: 'Sagas' }).click();
  const saga = devtools.getByTestId('saga').filter({ hasText: 'o-1' });
  await expect(saga).toContainText('completed');
  await expect(saga).toContainText('PaymentProcessed, InventoryReserved');
  const reply = recorder.events.find((e) => e.type === 'InventoryReserved');
  await saga.getByRole('button', { name: reply?.id ?? 'missing' }).click();
  await expect(devtools.getByRole('complementary', { name: 'Event detail' })).toContainText('InventoryReserved');
});
