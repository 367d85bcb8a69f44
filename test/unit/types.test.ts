import { describe, expectTypeOf, test } from 'vitest';
import { type Bus, createBus, type HandlerContext, type PublishReport, type Unsubscribe } from '../../src/index';
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

  test("'*' on a bus without an event map gives ctx the dispatched key's type, string (it was the literal '*')", () => {
    createBus().subscribe('*', (event, ctx) => {
      expectTypeOf(event).toEqualTypeOf<unknown>();
      expectTypeOf(ctx.type).toEqualTypeOf<string>();
    });
    createBus().subscribe('cart/added', (_event, ctx) => expectTypeOf(ctx.type).toEqualTypeOf<'cart/added'>());
  });

  test('a typed bus is a Bus; a bus of other payloads or fewer keys is not a Bus<Events>', () => {
    expectTypeOf(createBus<Events>()).toExtend<Bus>();
    expectTypeOf(createBus<Events>()).not.toExtend<Bus<{ ready: number }>>();
    expectTypeOf(createBus<{ ready: undefined }>()).not.toExtend<Bus<Events>>();
    expectTypeOf(createBus()).not.toExtend<Bus<Events>>();
  });
});
