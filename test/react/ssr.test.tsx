import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createBus, subscriptionsOf } from '../../src/index';
import { BusProvider, createBusHooks } from '../../src/react/index';

type Events = { 'cart/updated': { items: string[] }; 'cart/added': { sku: string } };
const { useEvent, useLatestEvent, usePublish } = createBusHooks<Events>();

function Cart() {
  const cart = useLatestEvent('cart/updated', { items: ['(empty)'] });
  const publish = usePublish();
  useEvent('cart/added', () => {
    throw new Error('effects never run on the server');
  });
  return (
    <button type="button" onClick={() => publish('cart/added', { sku: 'tea' })}>
      {cart.items.join(',')}
    </button>
  );
}

describe('server rendering (node, no DOM)', () => {
  it('has no window to touch', () => {
    expect(typeof window).toBe('undefined');
  });

  it('renders to a string with initial values and subscribes nothing', () => {
    const bus = createBus<Events>({ sticky: true });
    bus.emit('cart/updated', { items: ['tea'] });
    const html = renderToString(
      <BusProvider bus={bus}>
        <Cart />
      </BusProvider>,
    );
    expect(html).toBe('<button type="button">(empty)</button>');
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  it('reports a missing provider on the server too', () => {
    expect(() => renderToString(<Cart />)).toThrow(/not inside a <BusProvider>/);
  });
});
