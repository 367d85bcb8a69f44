import { describe, expect, test } from 'vitest';
import { createBus, events, once, subscriptionsOf } from '../../src/index';
import { OrderEvent, OrderPlaced } from './fixtures';

type Events = { 'cart/added': { sku: string }; 'cart/removed': { sku: string }; tick: number };

describe('once()', () => {
  test('resolves with the next matching event and leaves no subscription', async () => {
    const bus = createBus<Events>();
    const next = once(bus, 'tick', { where: (n) => n > 1 });
    bus.emit('tick', 1);
    bus.emit('tick', 2);
    bus.emit('tick', 3);
    await expect(next).resolves.toBe(2);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('works with patterns and classes', async () => {
    const bus = createBus<Events>();
    const cart = once(bus, 'cart/*');
    const order = once(bus, OrderEvent);
    bus.emit('cart/removed', { sku: 'a' });
    bus.emit(new OrderPlaced('o1'));
    await expect(cart).resolves.toEqual({ sku: 'a' });
    await expect(order).resolves.toBeInstanceOf(OrderPlaced);
  });

  test('rejects with a TimeoutError naming the key, and unsubscribes', async () => {
    const bus = createBus<Events>();
    const next = once(bus, 'tick', { timeout: 20 });
    await expect(next).rejects.toMatchObject({
      name: 'TimeoutError',
      message: expect.stringMatching(/once\("tick"\) timed out after 20 ms/),
    });
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('rejects with an AbortError (cause: the signal reason), before or after subscribing', async () => {
    const bus = createBus<Events>();
    const controller = new AbortController();
    const next = once(bus, 'tick', { signal: controller.signal });
    controller.abort('stop');
    await expect(next).rejects.toMatchObject({ name: 'AbortError', cause: 'stop' });
    await expect(once(bus, 'tick', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('a throwing where() rejects with its error and unsubscribes', async () => {
    const bus = createBus<Events>();
    const next = once(bus, 'tick', {
      where: () => {
        throw new Error('bad filter');
      },
    });
    bus.emit('tick', 1);
    await expect(next).rejects.toThrow('bad filter');
    expect(subscriptionsOf(bus)).toEqual([]);
  });
});

describe('events()', () => {
  test('yields payloads in order, including those dispatched before the first next(); break unsubscribes', async () => {
    const bus = createBus<Events>();
    const stream = events(bus, 'tick');
    bus.emit('tick', 1);
    bus.emit('tick', 2);
    const seen: number[] = [];
    setTimeout(() => bus.emit('tick', 3), 5);
    for await (const n of stream) {
      seen.push(n);
      if (n === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test("overflow 'drop-oldest' keeps the newest bufferSize events and counts the dropped ones", async () => {
    const bus = createBus<Events>();
    const stream = events(bus, 'tick', { bufferSize: 3 });
    for (let n = 1; n <= 10; n++) bus.emit('tick', n);
    expect(stream.dropped).toBe(7);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) seen.push((await stream.next()).value as number);
    expect(seen).toEqual([8, 9, 10]);
    await stream.return?.();
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test("overflow 'error' delivers what was buffered, then fails with EventBufferOverflowError, and unsubscribes at once", async () => {
    const bus = createBus<Events>();
    const stream = events(bus, 'tick', { bufferSize: 2, overflow: 'error' });
    for (let n = 1; n <= 3; n++) bus.emit('tick', n);
    expect(subscriptionsOf(bus)).toEqual([]);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of stream) seen.push(n);
      })(),
    ).rejects.toMatchObject({ name: 'EventBufferOverflowError' });
    expect(seen).toEqual([1, 2]);
  });

  test('an abort ends the loop at once (a waiting next() resolves done) and unsubscribes', async () => {
    const bus = createBus<Events>();
    const controller = new AbortController();
    const stream = events(bus, 'cart/*', { signal: controller.signal });
    const waiting = stream.next();
    controller.abort();
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    bus.emit('cart/added', { sku: 'a' });
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('a bad bufferSize is a RangeError naming the option', () => {
    const bus = createBus<Events>();
    expect(() => events(bus, 'tick', { bufferSize: 0 })).toThrow(/bufferSize.*>= 1/);
  });
});
