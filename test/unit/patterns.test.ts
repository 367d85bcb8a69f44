import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createBus, inspect, subscriptionsOf } from '../../src/index';

type Events = {
  'cart/added': { sku: string; qty: number };
  'cart/removed': { sku: string };
  'cart/item/priced': { sku: string; price: number };
  'order/placed': { id: string };
  cart: undefined;
};

describe('pattern subscriptions', () => {
  test("'*' matches exactly one segment, '**' one or more; a pattern never matches its prefix alone", () => {
    const bus = createBus<Events>();
    const one: string[] = [];
    const deep: string[] = [];
    bus.subscribe('cart/*', (_event, ctx) => void one.push(ctx.type));
    bus.subscribe('cart/**', (_event, ctx) => void deep.push(ctx.type));
    bus.emit('cart/added', { sku: 'a', qty: 1 });
    bus.emit('cart/item/priced', { sku: 'a', price: 2 });
    bus.emit('order/placed', { id: 'o1' });
    bus.emit('cart');
    expect(one).toEqual(['cart/added']);
    expect(deep).toEqual(['cart/added', 'cart/item/priced']);
  });

  test('literal segments are matched literally (no RegExp meaning), and * can stand anywhere', () => {
    const bus = createBus<Record<string, number>>();
    const seen: string[] = [];
    bus.subscribe('a.b/*', (_n, ctx) => void seen.push(ctx.type));
    bus.subscribe('*/end', (_n, ctx) => void seen.push(`end:${ctx.type}`));
    for (const key of ['a.b/x', 'axb/x', 'a.b/x/y', 'q/end', 'q/r/end']) bus.emit(key, 1);
    expect(seen).toEqual(['a.b/x', 'end:q/end']);
  });

  test('patterns take part in the one priority order with exact keys and *, ties in subscription order', () => {
    const bus = createBus<Events>();
    const calls: string[] = [];
    bus.subscribe('*', () => void calls.push('star0'));
    bus.subscribe('cart/*', () => void calls.push('pattern5'), { priority: 5 });
    bus.subscribe('cart/added', () => void calls.push('exact0'));
    bus.subscribe('cart/**', () => void calls.push('deep0'));
    bus.subscribe('cart/added', () => void calls.push('exact5'), { priority: 5 });
    bus.emit('cart/added', { sku: 'a', qty: 1 });
    expect(calls).toEqual(['pattern5', 'exact5', 'star0', 'exact0', 'deep0']);
  });

  test('unsubscribing a pattern, and routes cached per key, stay right as subscriptions change', async () => {
    const bus = createBus<Events>();
    const calls: string[] = [];
    const off = bus.subscribe('cart/*', (_e, ctx) => void calls.push(`p:${ctx.type}`));
    bus.emit('cart/added', { sku: 'a', qty: 1 });
    const offExact = bus.subscribe('cart/added', () => void calls.push('exact'), { priority: 1 });
    bus.emit('cart/added', { sku: 'a', qty: 1 });
    off();
    bus.emit('cart/added', { sku: 'a', qty: 1 });
    offExact();
    await bus.publish('cart/added', { sku: 'a', qty: 1 });
    expect(calls).toEqual(['p:cart/added', 'exact', 'p:cart/added', 'exact']);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('a pattern subscribed during a dispatch first receives the next event; one removed before its turn is skipped', () => {
    const bus = createBus<Events>();
    const calls: string[] = [];
    let offLate = () => {};
    bus.subscribe(
      'cart/added',
      () => {
        calls.push('first');
        bus.subscribe('cart/*', () => void calls.push('added-during'), { priority: 9 });
        offLate();
      },
      { priority: 2 },
    );
    offLate = bus.subscribe('cart/**', () => void calls.push('removed-before-turn'));
    bus.emit('cart/added', { sku: 'a', qty: 1 });
    bus.emit('cart/removed', { sku: 'a' });
    expect(calls).toEqual(['first', 'added-during']);
  });

  test('an inspector sees pattern subscriptions with the pattern as their type', () => {
    const bus = createBus<Events>();
    const types: string[] = [];
    inspect(bus, (o) => {
      if (o.kind === 'handler-start') types.push(o.subscription.type);
    });
    bus.subscribe('cart/*', () => {}, { label: 'cart watcher' });
    bus.emit('cart/removed', { sku: 'a' });
    expect(types).toEqual(['cart/*']);
    expect(subscriptionsOf(bus)[0]).toMatchObject({ type: 'cart/*', label: 'cart watcher' });
  });

  // Keys may look like patterns ('a/*'): such an event reaches each pattern once, by the match alone.
  test('property: the handlers a pattern reaches are those a segment-by-segment reference match selects', () => {
    const segment = fc.constantFrom('a', 'b', 'c', '*', '**');
    const key = fc
      .array(segment, { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('/'))
      .filter((name) => name !== '*');
    const pattern = fc
      .array(fc.constantFrom('a', 'b', '*', '**'), { minLength: 1, maxLength: 4 })
      .filter((parts) => parts.some((part) => part.startsWith('*')) && parts.join('/') !== '*')
      .map((parts) => parts.join('/'));
    const reference = (keyParts: string[], patternParts: string[]): boolean => {
      const [head, ...rest] = patternParts;
      if (head === undefined) return keyParts.length === 0;
      if (keyParts.length === 0) return false;
      if (head === '**') return reference(keyParts.slice(1), rest) || reference(keyParts.slice(1), patternParts);
      return (head === '*' || head === keyParts[0]) && reference(keyParts.slice(1), rest);
    };
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 5 }), fc.array(key, { minLength: 1, maxLength: 5 }), (patterns, keys) => {
        const bus = createBus<Record<string, number>>();
        const seen: string[] = [];
        for (const [i, p] of patterns.entries()) bus.subscribe(p, (_n, ctx) => void seen.push(`${i}:${ctx.type}`));
        for (const k of keys) bus.emit(k, 1);
        const expected = keys.flatMap((k) => patterns.flatMap((p, i) => (reference(k.split('/'), p.split('/')) ? [`${i}:${k}`] : [])));
        expect(seen).toEqual(expected);
      }),
    );
  });
});
