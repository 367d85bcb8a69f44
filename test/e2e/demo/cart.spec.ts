import { add, expect, panel, test } from './fixtures';

test('adding and removing items changes the cart through bus events', async ({ openShop, recorder }) => {
  const page = await openShop();
  const cart = panel(page, 'Cart');
  await add(page, 'Sencha tea', 'Sencha tea', 'Two cups');
  await expect(cart.getByTestId('qty-tea')).toHaveText('× 2');
  await expect(cart.getByTestId('qty-cups')).toHaveText('× 1');
  await expect(cart.getByTestId('cart-total')).toHaveText('€28');

  await cart.getByRole('button', { name: 'Remove one Sencha tea' }).click();
  await expect(cart.getByTestId('qty-tea')).toHaveText('× 1');
  await expect(cart.getByTestId('cart-total')).toHaveText('€20');

  await expect
    .poll(() => recorder.events.filter((e) => e.type.startsWith('cart/')).map((e) => [e.type, e.payload.sku]))
    .toEqual([
      ['cart/itemAdded', 'tea'],
      ['cart/itemAdded', 'tea'],
      ['cart/itemAdded', 'cups'],
      ['cart/itemRemoved', 'tea'],
    ]);
  // The cart store is a subscriber like any other: each intent reached it.
  const removed = recorder.events.find((e) => e.type === 'cart/itemRemoved');
  const runs = recorder.entries
    .filter((e) => e.type === 'handler' && e.eventId === removed?.id)
    .map((e) => (e.type === 'handler' ? e.label : ''));
  expect(runs).toContain('cart store: remove');
});
