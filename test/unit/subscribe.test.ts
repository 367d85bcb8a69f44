import { describe, expect, test, vi } from 'vitest';
import { createBus, subscriptionsOf } from '../../src/index';

type Events = { 'cart/added': { sku: string }; 'app/ready': undefined; other: number };

describe('subscribe and emit', () => {
  test('a handler receives the payload and a context; unsubscribe stops it and is idempotent', () => {
    const bus = createBus<Events>();
    const got: string[] = [];
    const off = bus.subscribe('cart/added', (item, ctx) => got.push(`${ctx.type}:${item.sku}`));
    bus.emit('cart/added', { sku: 'tea' });
    off();
    off();
    bus.emit('cart/added', { sku: 'milk' });
    expect(got).toEqual(['cart/added:tea']);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('a void key is emitted without a payload', () => {
    const bus = createBus<Events>();
    const handler = vi.fn();
    bus.subscribe('app/ready', handler);
    bus.emit('app/ready');
    expect(handler).toHaveBeenCalledWith(undefined, expect.objectContaining({ type: 'app/ready' }));
  });

  test("'*' receives every event, with the payload", () => {
    const bus = createBus<Events>();
    const got: unknown[] = [];
    bus.subscribe('*', (event, ctx) => got.push([ctx.type, event]));
    bus.emit('cart/added', { sku: 'tea' });
    bus.emit('other', 3);
    expect(got).toEqual([
      ['cart/added', { sku: 'tea' }],
      ['other', 3],
    ]);
  });

  test('other keys are not delivered; emitting with no subscriber is a no-op', () => {
    const bus = createBus<Events>();
    const handler = vi.fn();
    bus.subscribe('other', handler);
    bus.emit('cart/added', { sku: 'tea' });
    expect(handler).not.toHaveBeenCalled();
  });

  test('the same function subscribed twice runs twice; each unsubscribe removes its own', () => {
    const bus = createBus<Events>();
    const handler = vi.fn();
    const off1 = bus.subscribe('other', handler);
    bus.subscribe('other', handler);
    bus.emit('other', 1);
    off1();
    bus.emit('other', 2);
    expect(handler.mock.calls.map((c) => c[0])).toEqual([1, 1, 2]);
  });

  test('once runs a single time, even when the handler emits the same event again', () => {
    const bus = createBus<Events>();
    let calls = 0;
    bus.subscribe(
      'other',
      (n) => {
        calls++;
        if (n < 3) bus.emit('other', n + 1);
      },
      { once: true },
    );
    bus.emit('other', 1);
    bus.emit('other', 1);
    expect(calls).toBe(1);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('an AbortSignal unsubscribes; an already-aborted one subscribes nothing', () => {
    const bus = createBus<Events>();
    const handler = vi.fn();
    const controller = new AbortController();
    bus.subscribe('other', handler, { signal: controller.signal });
    bus.emit('other', 1);
    controller.abort();
    bus.emit('other', 2);
    expect(handler).toHaveBeenCalledTimes(1);
    const late = vi.fn();
    const off = bus.subscribe('other', late, { signal: controller.signal });
    bus.emit('other', 3);
    expect(late).not.toHaveBeenCalled();
    expect(subscriptionsOf(bus)).toEqual([]);
    expect(() => off()).not.toThrow();
  });

  test('unsubscribing removes the abort listener from the signal', () => {
    const bus = createBus<Events>();
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const off = bus.subscribe('other', () => {}, { signal: controller.signal });
    off();
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  test('subscriptions() lists id, type, label (default: function name), priority, once, isClass', () => {
    const bus = createBus<Events>();
    function onCart() {}
    bus.subscribe('cart/added', onCart, { priority: 2 });
    bus.subscribe('*', () => {}, { label: 'logger', once: true });
    const list = subscriptionsOf(bus).sort((a, b) => a.id - b.id);
    expect(list).toEqual([
      { id: expect.any(Number), type: 'cart/added', isClass: false, label: 'onCart', priority: 2, once: false },
      { id: expect.any(Number), type: '*', isClass: false, label: 'logger', priority: 0, once: true },
    ]);
    expect(list[0]?.id).not.toBe(list[1]?.id);
  });

  test('keys emptied and filled again, thousands of dynamic ones among them, keep delivering exactly', () => {
    const bus = createBus<Record<string, number>>();
    const got: string[] = [];
    const keep = bus.subscribe('kept', (n) => got.push(`kept:${n}`));
    for (let i = 0; i < 2500; i++) {
      const key = `order/${i}`;
      const off = bus.subscribe(key, (n) => got.push(`${key}:${n}`));
      bus.emit(key, i);
      off();
      bus.emit(key, -1);
      if (i % 500 === 0) expect(subscriptionsOf(bus).map((s) => s.type)).toEqual(['kept']);
    }
    expect(got.length).toBe(2500);
    expect(got.at(-1)).toBe('order/2499:2499');
    bus.subscribe('order/7', (n) => got.push(`again:${n}`));
    bus.emit('order/7', 7);
    bus.emit('kept', 1);
    keep();
    bus.emit('kept', 2);
    expect(got.slice(-2)).toEqual(['again:7', 'kept:1']);
    expect(subscriptionsOf(bus).map((s) => s.type)).toEqual(['order/7']);
  });

  test('bad arguments throw a TypeError that names the call and what was expected', () => {
    const bus = createBus<Events>();
    expect(() => bus.subscribe('other', 'nope' as never)).toThrow(/subscribe\(key, handler.*expected.*function.*got string, string/);
    expect(() => bus.subscribe(42 as never, () => {})).toThrow(TypeError);
    expect(() => bus.subscribe('other', () => {}, { priority: Number.NaN })).toThrow(/NaN/);
    expect(() => bus.subscribe('other', () => {}, { priority: '1' as never })).toThrow(TypeError);
    expect(() => bus.emit({ sku: 'x' } as never)).toThrow(/plain object.*expected a key and payload, or a class instance/);
    expect(() => bus.emit(undefined as never)).toThrow(/undefined/);
    expect(() => bus.use(null as never)).toThrow(/use\(middleware\): expected a function; got object/);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('publish with a bad argument rejects instead of throwing', async () => {
    const bus = createBus<Events>();
    await expect(bus.publish(null as never)).rejects.toThrow(TypeError);
  });

  test('each bus has its own id and name', () => {
    const a = createBus({ name: 'shop' });
    const b = createBus({ name: 'shop' });
    expect(a.name).toBe('shop');
    expect(a.id).toMatch(/^shop-/);
    expect(a.id).not.toBe(b.id);
    expect(createBus().name).toBe('bus');
  });
});
