/**
 * Type tests, checked by `npm run typecheck` (tsc): every emit-like API (bus.emit/publish,
 * ctx.emit/publish, usePublish, a test bus) refuses a key without its payload, and a key with the
 * wrong payload, while void keys, class instances and helpers generic in their events or in their
 * event instances still compile. What TypeScript then says is asserted by missing-payload.test.ts.
 */
import { type Bus, createBus, type Emit, type Publish } from 'hubbub';
import { createBusHooks, usePublish } from 'hubbub/react';
import { createTestBus } from 'hubbub/testing';

type Events = {
  'cart/added': { sku: string };
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` for payload-less keys is the documented usage
  'app/ready': void;
  'maybe/value': number | undefined;
  [order: `order/${string}`]: { id: string };
};

class OrderPlaced {
  static type = 'OrderPlaced';
  constructor(readonly orderId: string) {}
}

const bus = createBus<Events>();

// A key whose payload is required, without it: an error on every emit-like API.
// @ts-expect-error cart/added needs its payload ("Expected 2 arguments, but got 1.")
bus.emit('cart/added');
// @ts-expect-error cart/added needs its payload, on publish too
void bus.publish('cart/added');
bus.subscribe('app/ready', (_, ctx) => {
  // @ts-expect-error cart/added needs its payload, through ctx.emit
  ctx.emit('cart/added');
  // @ts-expect-error cart/added needs its payload, through ctx.publish
  void ctx.publish('cart/added');
  const { emit, publish } = ctx;
  // @ts-expect-error destructured from ctx: still needs its payload
  emit('cart/added');
  // @ts-expect-error destructured from ctx: still needs its payload
  void publish('cart/added');
});
const testBus = createTestBus<Events>();
// @ts-expect-error a test bus is a bus: cart/added needs its payload
testBus.emit('cart/added');
export function PublishButtons() {
  const publish = createBusHooks<Events>().usePublish();
  const annotated = usePublish<Events>();
  // @ts-expect-error usePublish from createBusHooks: cart/added needs its payload
  void publish('cart/added');
  // @ts-expect-error usePublish<Events>(): cart/added needs its payload
  void annotated('cart/added');
  void publish('cart/added', { sku: 'tea' });
  return null;
}
// @ts-expect-error a template key needs its payload too
bus.emit('order/o1');

// The wrong payload: an error naming the key's payload type.
// @ts-expect-error a string is not { sku: string }
bus.emit('cart/added', 'tea');
// @ts-expect-error sku is a string
void bus.publish('cart/added', { sku: 1 });
// @ts-expect-error a void key takes no string
bus.emit('app/ready', 'now');
// @ts-expect-error one payload, not two
bus.emit('cart/added', { sku: 'tea' }, 2);
// @ts-expect-error unknown key, with or without a payload
bus.emit('cart/removed');
// @ts-expect-error unknown key with a payload
bus.emit('cart/removed', { sku: 'tea' });
// @ts-expect-error neither a key nor an instance
bus.emit(42);
declare const someString: string;
// @ts-expect-error a string that is not known to be a key
bus.emit(someString);

// What compiles today still compiles: void and undefined-able keys without a payload, template
// keys with theirs, class instances, any object.
bus.emit('app/ready');
bus.emit('maybe/value');
bus.emit('maybe/value', 3);
bus.emit('maybe/value', undefined);
bus.emit('order/o1', { id: 'o1' });
bus.emit(new OrderPlaced('o1'));
void bus.publish(new OrderPlaced('o1'));
declare const anyObject: object;
bus.emit(anyObject);
createBus().emit('anything', { at: 1 });
createBus().emit('anything');

// Helpers generic in their events (the form a previous single-signature attempt broke).
export function attachPing<E extends { ping: number; ready: undefined }>(generic: Bus<E>) {
  generic.emit('ping', 1);
  void generic.publish('ping', 2);
  generic.emit(new OrderPlaced('o1'));
  // @ts-expect-error the constraint gives ping a number payload
  generic.emit('ping');
  // @ts-expect-error not a string either
  generic.emit('ping', 'one');
  generic.subscribe('ping', (n, ctx) => ctx.emit('ping', n + 1));
}
attachPing(createBus<{ ping: number; ready: undefined; other: string }>());
export function forward<E extends object>(generic: Bus<E>, key: keyof E & string, payload: E[keyof E & string]) {
  (generic.emit as (key: string, payload: unknown) => void)(key, payload);
  generic.emit(new OrderPlaced('o1'));
}
// ...and helpers generic in the instance they dispatch.
export function emitAll<T extends object>(target: Bus, instances: readonly T[]) {
  for (const instance of instances) target.emit(instance);
}
export async function publishOne<E extends object, T extends OrderPlaced>(target: Bus<E>, instance: T) {
  return target.publish(instance);
}
// Emit and Publish stay assignable to their plain forms.
// biome-ignore lint/suspicious/noConfusingVoidType: as above
const keyed = createBus<{ 'cart/added': { sku: string }; 'app/ready': void }>();
const plainEmit: Emit<Record<string, unknown>> = keyed.emit;
const plainPublish: Publish<Record<string, unknown>> = keyed.publish;
const plainBus: Bus = keyed;
void [plainEmit, plainPublish, plainBus];
