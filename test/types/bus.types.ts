/**
 * Type tests, checked by `npm run typecheck` (tsc): every `@ts-expect-error` must be an error,
 * every other line must compile.
 */
import { type Bus, createBus, createRegistry, createSaga, type HandlerContext, type PublishReport } from '../../src/index';
import { createTestBus } from '../../src/testing/index';

type Events = {
  'cart/added': { sku: string; qty: number };
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` for payload-less keys is the documented usage
  'app/ready': void;
  'maybe/value': number | undefined;
  count: number;
};

class DomainEvent {
  static type = 'DomainEvent';
  readonly at = 0;
}
class OrderEvent extends DomainEvent {
  static override type = 'OrderEvent';
  constructor(readonly orderId: string) {
    super();
  }
}
class OrderPlaced extends OrderEvent {
  static override type = 'OrderPlaced';
  readonly amount = 1;
}

const bus = createBus<Events>();

// payloads are checked against the key
bus.emit('cart/added', { sku: 'tea', qty: 1 });
// @ts-expect-error wrong payload type
bus.emit('cart/added', { sku: 1, qty: 1 });
// @ts-expect-error missing field
bus.emit('cart/added', { sku: 'tea' });
// @ts-expect-error missing required payload
bus.emit('cart/added');
// @ts-expect-error unknown key
bus.emit('cart/removed', { sku: 'tea', qty: 1 });
// @ts-expect-error unknown key on publish
void bus.publish('nope');

// void and undefined-able payloads are optional
bus.emit('app/ready');
bus.emit('maybe/value');
bus.emit('maybe/value', 3);
// @ts-expect-error a void key takes no string payload
bus.emit('app/ready', 'x');

// handler parameters are inferred
bus.subscribe('cart/added', (item, ctx) => {
  const sku: string = item.sku;
  const type: string = ctx.type;
  const cause: string | undefined = ctx.causationId;
  // @ts-expect-error no such field
  void item.price;
  void sku;
  void type;
  void cause;
});
// @ts-expect-error wrong handler parameter type
bus.subscribe('count', (n: string) => n);
// @ts-expect-error unknown key
bus.subscribe('counter', () => {});
// @ts-expect-error handler must be a function
bus.subscribe('count', 42);
// @ts-expect-error options are checked
bus.subscribe('count', () => {}, { priority: 'high' });
// @ts-expect-error onError receives the key's payload type
bus.subscribe('count', () => {}, { onError: (_error: unknown, event: string) => event });
bus.subscribe('count', () => {}, {
  onError: (_error, event: number) => event,
  once: true,
  label: 'x',
  signal: new AbortController().signal,
});

// '*' receives any payload of the map, or any class event
bus.subscribe('*', (event, ctx) => {
  const e: Events[keyof Events] | object = event;
  void e;
  void ctx.id;
});

// classes: the instance type is inferred, subclasses accepted
bus.subscribe(OrderEvent, (order) => {
  const id: string = order.orderId;
  // @ts-expect-error OrderEvent has no amount (only OrderPlaced)
  void order.amount;
  void id;
});
bus.subscribe(OrderPlaced, (placed) => {
  const amount: number = placed.amount;
  void amount;
});
bus.emit(new OrderPlaced('o1'));
const report: Promise<PublishReport> = bus.publish(new OrderEvent('o1'));
void report;

// ctx.publish and ctx.emit are typed by the bus's map
bus.subscribe('count', async (n, { publish, emit }) => {
  emit('count', n + 1);
  // @ts-expect-error wrong payload through ctx
  emit('count', 'x');
  const r: PublishReport = await publish('cart/added', { sku: 'x', qty: n });
  // @ts-expect-error unknown key through ctx
  await publish('nope', 1);
  void r;
});

// last() is typed per key
const last: { sku: string; qty: number } | undefined = bus.last('cart/added');
const lastOrder: OrderEvent | undefined = bus.last(OrderEvent);
// @ts-expect-error last of an unknown key
bus.last('nope');
void last;
void lastOrder;

// middleware receives any event and the context
bus.use((event, ctx: HandlerContext<Events>) => (ctx.depth > 3 ? null : event), { name: 'depth' });

// a bus of one map is not assignable to another map's bus
const other: Bus<{ other: string }> = createBus<{ other: string }>();
// @ts-expect-error different event maps
const wrong: Bus<Events> = other;
void wrong;

// sagas: steps typed, events in step order
createSaga(bus, {
  name: 'typed',
  steps: ['cart/added', OrderPlaced] as const,
  correlate: (e) => ('sku' in e ? e.sku : e.orderId),
  complete: ([cart, placed]) => {
    const sku: string = cart.sku;
    const amount: number = placed.amount;
    void sku;
    void amount;
  },
});

// pattern subscriptions: the handler's event is the union of the matching keys' payloads, ctx.type their union
type ShopEvents = {
  'cart/added': { sku: string; qty: number };
  'cart/removed': { sku: string };
  'cart/item/priced': { sku: string; price: number };
  'order/placed': { id: string };
};
const shop = createBus<ShopEvents>();
shop.subscribe('cart/*', (event, ctx) => {
  const sku: string = event.sku;
  const type: 'cart/added' | 'cart/removed' = ctx.type;
  // @ts-expect-error qty exists only on cart/added: not on the union
  void event.qty;
  // @ts-expect-error cart/item/priced has two segments after cart/: '*' matches exactly one
  const nested: 'cart/item/priced' = ctx.type;
  void sku;
  void type;
  void nested;
});
shop.subscribe('cart/**', (event, ctx) => {
  const type: 'cart/added' | 'cart/removed' | 'cart/item/priced' = ctx.type;
  // @ts-expect-error order/placed does not match cart/**
  const order: 'order/placed' = ctx.type;
  void event.sku;
  void type;
  void order;
});
// @ts-expect-error a handler that expects one key's payload does not fit the pattern's union
shop.subscribe('cart/*', (event: { sku: string; qty: number }) => void event.qty);
shop.subscribe('*/placed', (event) => {
  const id: string = event.id;
  void id;
});
// @ts-expect-error a mistyped pattern ('cat/*' for 'cart/*') matches no key: an error, not a subscription that never runs
shop.subscribe('cat/*', () => {});
// @ts-expect-error '*' is one segment: no key of ShopEvents has a single segment under order/ and another under it
shop.subscribe('order/*/*', () => {});
// a bus without an event map takes any pattern
createBus().subscribe('anything/*', (event, ctx) => void [event, ctx.type]);

// A helper generic in its events: the payload of a key its constraint names resolves (it was an
// unresolved conditional type, so `n.toFixed()` did not compile), and so does '*'.
export function attachPing<E extends { ping: number }>(generic: Bus<E>) {
  generic.emit('ping', 1);
  generic.subscribe('ping', (n, ctx) => {
    const fixed: string = n.toFixed();
    const type: 'ping' = ctx.type;
    void [fixed, type];
  });
  generic.subscribe('*', (_event, ctx) => {
    const type: string = ctx.type;
    void type;
  });
  // @ts-expect-error the constraint gives 'ping' a number payload: no string field to read
  generic.subscribe('ping', (n) => n.length);
}
attachPing(createBus<{ ping: number; other: string }>());

// A typed bus goes where a plain `Bus` is expected: a logger, a devtools setup, a test helper.
// It did not compile ('EventMap' is missing the following properties from type 'Events').
declare const attachLogger: (bus: Bus) => void;
attachLogger(bus);
attachLogger(createTestBus<Events>());
const plain: Bus = bus;
void plain;
// @ts-expect-error a bus lacking keys of Events is not a Bus<Events>
const missingKeys: Bus<Events> = createBus<{ count: number }>();
// @ts-expect-error nor is a bus whose payload for a key differs
const otherPayload: Bus<{ count: string }> = bus;
// @ts-expect-error nor a plain bus: it was never checked against Events
const fromPlain: Bus<Events> = plain;
void [missingKeys, otherPayload, fromPlain];

// '*' on a bus without an event map: ctx.type is the dispatched key, not the literal '*'
// (comparing it to a key was an error: "the types '\"*\"' and '\"cart/added\"' have no overlap").
createBus().subscribe('*', (_event, ctx) => {
  if (ctx.type === 'cart/added') void ctx.id;
});

// Options forwarded from a caller's own optional fields (`undefined` under exactOptionalPropertyTypes)
declare const forwarded: { signal?: AbortSignal; priority?: number; label?: string; name?: string };
bus.subscribe('count', () => {}, { signal: forwarded.signal, priority: forwarded.priority, label: forwarded.label, once: undefined });
createBus<Events>({ name: forwarded.name, maxDepth: undefined, onError: undefined, sticky: undefined });
// @ts-expect-error still a number, when given
bus.subscribe('count', () => {}, { priority: '1' });

// registry.encode takes a payload as emit does: none for a void key, a required one otherwise.
const versioned = createRegistry<{ 'app/ready': undefined; 'cart/added': { sku: string } }>().define('app/ready').define('cart/added');
versioned.encode('app/ready');
versioned.encode('cart/added', { sku: 'tea' });
// @ts-expect-error: cart/added needs its payload
versioned.encode('cart/added');
