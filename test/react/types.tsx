/**
 * Type tests, checked by `tsc` (never run): each `@ts-expect-error` must flag a real mistake.
 */
import { type Bus, createBus, type HandlerContext, type PublishReport } from '../../src/index';
import { createBusHooks, BusProvider as PlainProvider, useEvent as plainUseEvent, type UseEvent } from '../../src/react/index';

type Events = { 'cart/added': { sku: string; qty: number }; 'cart/cleared': undefined; 'user/name': string };
class OrderEvent {
  static type = 'order';
  constructor(readonly orderId: string) {}
}
class OrderPlaced extends OrderEvent {
  static override type = 'order/placed';
  readonly amount = 1;
}

const { BusProvider, useBus, useEvent, usePublish, useLatestEvent } = createBusHooks<Events>();
const bus = createBus<Events>();
declare const expectType: <T>(value: T) => void;

export function TypedHooks() {
  useEvent('cart/added', (item, ctx) => {
    expectType<{ sku: string; qty: number }>(item);
    expectType<HandlerContext<Events>>(ctx);
    expectType<string>(item.sku);
    // @ts-expect-error: payload has no `price`
    item.price;
  });
  useEvent('user/name', (name) => name.toUpperCase());
  // @ts-expect-error: unknown key
  useEvent('cart/removed', () => {});
  // @ts-expect-error: the handler expects the wrong payload type
  useEvent('user/name', (name: number) => name);
  useEvent(OrderEvent, (order) => expectType<string>(order.orderId));
  // @ts-expect-error: an OrderEvent is not necessarily an OrderPlaced
  useEvent(OrderEvent, (order) => order.amount);
  useEvent('*', (_event, ctx) => expectType<string>(ctx.type));
  useEvent('cart/*', (item, ctx) => {
    expectType<{ sku: string; qty: number } | undefined>(item);
    expectType<'cart/added' | 'cart/cleared'>(ctx.type);
    // @ts-expect-error: ctx.type is one of the matching keys, never 'user/name'
    expectType<'user/name'>(ctx.type);
  });
  // @ts-expect-error: the pattern's union has no `price`
  useEvent('cart/*', (item) => item.price);
  // @ts-expect-error: the pattern matches no key (a typo for 'cart/*'), as bus.subscribe reports too
  useEvent('cat/*', () => {});
  useEvent('cart/**', (_item, ctx) => expectType<'cart/added' | 'cart/cleared'>(ctx.type));
  useEvent('cart/added', () => {}, { priority: 1, once: true, label: 'X', enabled: false, onError: (_e, item) => item.sku });
  // @ts-expect-error: priority must be a number
  useEvent('cart/added', () => {}, { priority: 'high' });
  // @ts-expect-error: signal is not an option (the component's lifetime is the signal)
  useEvent('cart/added', () => {}, { signal: new AbortController().signal });

  const publish = usePublish();
  const report: Promise<PublishReport> = publish('cart/added', { sku: 'tea', qty: 1 });
  publish('cart/cleared');
  publish(new OrderPlaced('o1'));
  // @ts-expect-error: wrong payload
  publish('cart/added', { sku: 'tea' });
  // @ts-expect-error: unknown key
  publish('cart/removed', {});
  // @ts-expect-error: missing payload
  publish('user/name');

  const name: string = useLatestEvent('user/name', '');
  const maybe: { sku: string; qty: number } | undefined = useLatestEvent('cart/added');
  // @ts-expect-error: may be undefined without an initial value
  const sure: { sku: string; qty: number } = useLatestEvent('cart/added');
  // @ts-expect-error: initial value of the wrong type
  useLatestEvent('user/name', 0);
  const order: OrderEvent | undefined = useLatestEvent(OrderEvent);
  const placed: OrderPlaced = useLatestEvent(OrderPlaced, new OrderPlaced('o0'));
  // @ts-expect-error: unknown key
  useLatestEvent('cart/removed');
  // @ts-expect-error: an initial value that is not an instance of the class
  useLatestEvent(OrderEvent, 'o0');

  const typedBus: Bus<Events> = useBus();
  return [report, name, maybe, sure, order, placed, typedBus];
}

export function Providers() {
  const other = createBus<{ ping: number }>();
  return (
    <>
      <BusProvider bus={bus}>x</BusProvider>
      {/* @ts-expect-error: a bus of other events */}
      <BusProvider bus={other}>x</BusProvider>
      <PlainProvider bus={other}>x</PlainProvider>
    </>
  );
}

export function PlainHooks() {
  plainUseEvent('anything', (payload) => expectType<unknown>(payload));
  plainUseEvent('any/*', (payload) => expectType<unknown>(payload));
}

// '*' without an event map: ctx.type is the dispatched key (it was the literal '*'); options
// forwarded as possibly-undefined fields compile under exactOptionalPropertyTypes.
declare const forwarded: { enabled?: boolean; label?: string; priority?: number };
export function ForwardedOptions() {
  plainUseEvent('*', (_event, ctx) => {
    if (ctx.type === 'cart/added') expectType<string>(ctx.type);
  });
  useEvent('cart/added', (item) => expectType<string>(item.sku), {
    enabled: forwarded.enabled,
    label: forwarded.label,
    priority: forwarded.priority,
  });
  // @ts-expect-error: enabled is still a boolean when given
  useEvent('cart/added', () => {}, { enabled: 'yes' });
}

// A helper hook generic in its events resolves the payload of a key its constraint names.
export function usePing<E extends { ping: number }>(use: UseEvent<E>) {
  use('ping', (n) => expectType<string>(n.toFixed()));
  // @ts-expect-error: a number has no length
  use('ping', (n) => n.length);
}
