import { describe, expectTypeOf, test } from 'vitest';
import { createBus, type HandlerContext, type PublishReport, type Unsubscribe } from '../../src/index';
import { OrderEvent, OrderPlaced } from './fixtures';

type Events = { 'cart/added': { sku: string }; ready: undefined };

describe('inferred types', () => {
  test('subscribe infers payloads, contexts and returns an Unsubscribe', () => {
    const bus = createBus<Events>();
    const off = bus.subscribe('cart/added', (item, ctx) => {
      expectTypeOf(item).toEqualTypeOf<{ sku: string }>();
      expectTypeOf(ctx).toEqualTypeOf<HandlerContext<Events, 'cart/added'>>();
    });
    expectTypeOf(off).toEqualTypeOf<Unsubscribe>();
    bus.subscribe(OrderEvent, (event) => expectTypeOf(event).toEqualTypeOf<OrderEvent>());
    bus.subscribe(OrderPlaced, (event) => expectTypeOf(event).toEqualTypeOf<OrderPlaced>());
    bus.subscribe('*', (event) => expectTypeOf(event).toEqualTypeOf<Events[keyof Events] | object>());
    off();
  });

  test('emit returns void, publish a report promise; ctx.publish too', () => {
    const bus = createBus<Events>();
    expectTypeOf(bus.emit('ready')).toEqualTypeOf<void>();
    expectTypeOf(bus.publish('cart/added', { sku: 'x' })).toEqualTypeOf<Promise<PublishReport>>();
    bus.subscribe('ready', (_, ctx) => {
      expectTypeOf(ctx.publish('ready')).toEqualTypeOf<Promise<PublishReport>>();
    });
    expectTypeOf(bus.emit).parameter(0).toExtend<string | object>();
  });
});
