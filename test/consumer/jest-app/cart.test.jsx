// What a Jest user writes: the bus, the hooks, the devtools and the test helpers, imported as usual.
import { createBus, once } from 'hubbub';
import { connectDevtools } from 'hubbub/devtools';
import { mountFloatingPanel } from 'hubbub/devtools/panel';
import { BusProvider, useLatestEvent } from 'hubbub/react';
import { createTestBus, waitForEvent } from 'hubbub/testing';
import { act } from 'react';
import { createRoot } from 'react-dom/client';

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

function CartCount() {
  const count = useLatestEvent('cart/count', 0);
  return <p>{count} items</p>;
}

test('a component follows the bus, with the devtools and the floating panel connected', async () => {
  const bus = createBus({ name: 'shop' });
  const disconnect = connectDevtools(bus);
  const unmountPanel = mountFloatingPanel();
  const element = document.createElement('div');
  const root = createRoot(element);
  await act(async () =>
    root.render(
      <BusProvider bus={bus}>
        <CartCount />
      </BusProvider>,
    ),
  );
  expect(element.textContent).toBe('0 items');
  await act(async () => bus.emit('cart/count', 3));
  expect(element.textContent).toBe('3 items');
  await act(async () => root.unmount());
  unmountPanel();
  disconnect();
});

test('the test bus, waitForEvent and once', async () => {
  const bus = createTestBus();
  const placed = waitForEvent(bus, 'order/placed', { where: (order) => order.total > 0 });
  const next = once(bus, 'order/placed');
  await bus.publish('order/placed', { total: 12 });
  expect(await placed).toEqual({ total: 12 });
  expect(await next).toEqual({ total: 12 });
  expect(bus.published.map((record) => record.type)).toEqual(['order/placed']);
});
