import { add, checkout, expect, panel, signIn, test } from './fixtures';

test('two clicks on Checkout before React re-renders place one order, not two of the same cart', async ({ openShop, recorder }) => {
  const page = await openShop({ replyOrder: 'payment-first' });
  await signIn(page);
  await add(page, 'Two cups');
  const cart = panel(page, 'Cart');
  await expect(cart.getByTestId('qty-cups')).toHaveText('× 1');

  // Both clicks run in one task: the second sees the same render as the first.
  await cart.getByRole('button', { name: 'Checkout' }).evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
  });

  const orders = panel(page, 'Orders');
  await expect(orders.getByTestId('status-o-1')).toHaveText('fulfilling');
  await expect(cart.getByRole('status', { name: 'Checkout result' })).toHaveText(/^Order o-1 placed/);
  await expect(orders.getByRole('listitem', { name: /^Order o-/ })).toHaveCount(1);
  await expect(panel(page, 'Products').getByTestId('stock-cups')).toHaveText('7 left');
  expect(recorder.events.filter((e) => e.type === 'OrderPlaced')).toHaveLength(1);
});

test('a cart validation refused is kept, so fixing it and checking out again goes through', async ({ openShop }) => {
  const page = await openShop({ replyOrder: 'payment-first' });
  await signIn(page);
  await add(page, 'Copper kettle', 'Copper kettle', 'Copper kettle');
  await expect(await checkout(page)).toContainText('Order o-1 cancelled by validation: only 2 Copper kettle left');

  const cart = panel(page, 'Cart');
  await cart.getByRole('button', { name: 'Remove one Copper kettle' }).click();
  await expect(cart.getByTestId('qty-kettle')).toHaveText('× 2');
  await expect(await checkout(page)).toHaveText(/^Order o-2 placed: \d+ handlers ran, 1 failed and was isolated\.$/);
  await expect(cart.getByText('The cart is empty.')).toBeVisible();
  await expect(panel(page, 'Orders').getByTestId('status-o-2')).toHaveText('fulfilling');
  await expect(panel(page, 'Products').getByTestId('stock-kettle')).toHaveText('0 left');
});
