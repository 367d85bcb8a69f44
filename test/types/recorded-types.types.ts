/**
 * Type tests, checked by `npm run typecheck` (tsc): the Playwright recorder types a payload as
 * what arrives (`Recorded<T>`, the devtools serializer's output), not as what the app published:
 * a Date is a `{ $hubbub: 'date', iso }` marker, a Map and a Set their markers with recorded
 * entries, a class instance an instance marker, undefined a marker, recursively.
 */
import type { Page } from '@playwright/test';
import { type InstanceMarker, type Recorded, type RecordedEvent, recordBus } from 'hubbub/testing/playwright';

/** `true` only when A and B are the same type (an exact check: `any` and unions are not let through). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const equal = <A, B>(verdict: Equal<A, B>) => verdict;

class Money {
  constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}
  format(): string {
    return `${this.cents} ${this.currency}`;
  }
}
class OrderPlaced {
  static type = 'OrderPlaced';
  constructor(
    readonly orderId: string,
    readonly total: number,
  ) {}
}
class Box<T> {
  constructor(readonly value: T) {}
}
class PaymentFailed extends Error {
  static type = 'PaymentFailed';
}

type Events = {
  'order/placed': {
    id: string;
    at: Date;
    tags: Set<string>;
    stock: Map<string, { count: bigint }>;
    price: Money;
    note?: string | undefined;
    lines: { sku: string; addedAt: Date }[];
    pair: readonly [string, Date];
    pattern: RegExp;
    failure: Error;
    bytes: Uint8Array;
    flags: { gift: boolean; wrap: null };
  };
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` for payload-less keys is the documented usage
  'app/ready': void;
  'cart/added': { sku: string; qty: number };
  'chat/message': { name: string; message: string };
};

const DATE = { $hubbub: 'date', iso: '1970-01-01T00:00:00.000Z' } as const;

export async function recordedPayloads(page: Page) {
  const recorder = await recordBus<Events>(page);
  const placed = await recorder.waitFor('order/placed');
  const payload = placed.payload;

  // A Date arrives as its marker: reading it as a Date does not compile.
  equal<typeof payload.at, { readonly $hubbub: 'date'; readonly iso: string }>(true);
  const iso: string = payload.at.iso;
  // @ts-expect-error a recorded Date has no getTime: it is { $hubbub: 'date', iso }
  payload.at.getTime();
  // @ts-expect-error nor is it assignable to a Date
  const when: Date = payload.at;
  const marker: typeof payload.at = DATE;

  // A Set and a Map: their markers, entries recorded too (a bigint as its marker).
  equal<typeof payload.tags, { readonly $hubbub: 'set'; readonly size: number; readonly values: readonly string[] }>(true);
  const count: { readonly $hubbub: 'bigint'; readonly value: string } | undefined = payload.stock.entries[0]?.[1].count;
  // @ts-expect-error a recorded Map has no get()
  payload.stock.get('tea');

  // A class instance nested in a payload (an object type with methods): its fields, no methods.
  equal<typeof payload.price, InstanceMarker<Money>>(true);
  const cents: number = payload.price.fields.cents;
  // @ts-expect-error methods stay on the page
  payload.price.fields.format;
  // @ts-expect-error its fields are under .fields
  payload.price.cents;

  // undefined arrives as a marker; arrays and tuples keep their shape, items recorded.
  equal<typeof payload.note, string | { readonly $hubbub: 'undefined' } | undefined>(true);
  const addedAt: { readonly $hubbub: 'date'; readonly iso: string } | undefined = payload.lines[0]?.addedAt;
  equal<typeof payload.pair, readonly [string, { readonly $hubbub: 'date'; readonly iso: string }]>(true);
  equal<typeof payload.pattern, { readonly $hubbub: 'regexp'; readonly source: string; readonly flags: string }>(true);
  const message: string = payload.failure.error.message;
  const length: number = payload.bytes.length;
  // Plain JSON stays as it is.
  equal<typeof payload.flags, { gift: boolean; wrap: null }>(true);
  equal<typeof payload.id, string>(true);

  // A void payload arrives as the undefined marker.
  const ready = await recorder.waitFor('app/ready');
  equal<typeof ready.payload, { readonly $hubbub: 'undefined' }>(true);

  // Payloads of plain JSON are unchanged: where() and assertions read them as before.
  const added = await recorder.waitFor('cart/added', { where: (e) => e.payload.qty > 1 });
  equal<typeof added.payload, { sku: string; qty: number }>(true);
  // A plain object shaped like an Error but without `stack` stays a plain object.
  const chat = await recorder.waitFor('chat/message');
  const name: string = chat.payload.name;

  // RecordedEvent<P>: P is the payload the app published, `payload` what arrived.
  const annotated: RecordedEvent<Events['order/placed']> = placed;
  // @ts-expect-error annotating the event as if a Date arrived as a Date no longer compiles
  const wrongPayload: { payload: { at: Date } } = placed;

  // A class event: the instance marker of the class (a class of fields only, too).
  const order = await recorder.waitFor(OrderPlaced);
  equal<typeof order.payload, InstanceMarker<OrderPlaced>>(true);
  const total: number = order.payload.fields.total;
  // @ts-expect-error the fields are under .fields
  order.payload.orderId;
  // An event class extending Error arrives as the error marker.
  const failed = await recorder.waitFor(PaymentFailed);
  const reason: string = failed.payload.error.message;
  // A generic class is Box<any> unless its type argument is named.
  const anyBox = await recorder.waitFor(Box);
  // biome-ignore lint/suspicious/noExplicitAny: what TypeScript infers from the class alone
  equal<typeof anyBox.payload, InstanceMarker<Box<any>>>(true);
  const box = await recorder.waitFor<Box<string>>(Box);
  const boxed: string = box.payload.fields.value;

  // Every recorded event: the union of the recorded payloads.
  const payloads = recorder.events.map((event) => event.payload);
  equal<(typeof payloads)[number], Recorded<Events[keyof Events]>>(true);

  // Without an Events map, payloads stay `any`.
  const untyped = await recordBus(page);
  const anything = await untyped.waitFor('cart/added');
  const sku: string = anything.payload.sku;

  void [iso, when, marker, count, cents, addedAt, message, length, name, annotated, wrongPayload, total, reason, boxed, sku];
}

// Recorded on its own, as a user may use it to type a helper.
equal<Recorded<Date>, { readonly $hubbub: 'date'; readonly iso: string }>(true);
equal<Recorded<undefined>, { readonly $hubbub: 'undefined' }>(true);
equal<Recorded<() => void>, { readonly $hubbub: 'function'; readonly name: string }>(true);
equal<Recorded<number | Date>, number | { readonly $hubbub: 'date'; readonly iso: string }>(true);
equal<
  Recorded<{ a: { b: Set<Date> } }>,
  {
    a: {
      b: { readonly $hubbub: 'set'; readonly size: number; readonly values: readonly { readonly $hubbub: 'date'; readonly iso: string }[] };
    };
  }
>(true);
// @ts-expect-error the exact check can fail: a Date is not recorded as a string
equal<Recorded<Date>, string>(true);
