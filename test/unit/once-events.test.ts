import { describe, expect, test, vi } from 'vitest';
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

  test('a signal that is no AbortSignal rejects, leaving no subscription and no timer', async () => {
    vi.useFakeTimers();
    try {
      const bus = createBus<Events>();
      const next = once(bus, 'tick', { timeout: 50, signal: {} as AbortSignal });
      await expect(next).rejects.toBeInstanceOf(TypeError);
      expect(subscriptionsOf(bus)).toEqual([]);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
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

  test.each([
    ['a number', 123, {}],
    ['undefined', undefined, {}],
    ['a plain object', {}, {}],
    ['a number, with a label', 123, { label: 'mine' }],
  ])('a key that is no key (%s) rejects with a TypeError naming it, never throws, warns nothing', async (_, key, options) => {
    const bus = createBus<Events>();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let result: Promise<unknown> | undefined;
    expect(() => {
      result = once(bus, key as never, options);
    }).not.toThrow();
    await expect(result).rejects.toThrow(TypeError);
    await expect(result).rejects.toThrow(/once\(bus, key\): key must be an event key string, a pattern, '\*' or an event class/);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test.each([-5, Number.NaN, '100', 2 ** 31])(
    'a timeout of %s rejects with a TypeError naming the option, subscribing nothing',
    async (timeout) => {
      const bus = createBus<Events>();
      const next = once(bus, 'tick', { timeout: timeout as number });
      await expect(next).rejects.toThrow(TypeError);
      await expect(next).rejects.toThrow(/once\("tick"\): timeout must be a number of ms from 0/);
      expect(subscriptionsOf(bus)).toEqual([]);
    },
  );
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

  test('next() called again before the last one settled: every call settles, in call order', async () => {
    const bus = createBus<Events>();
    const stream = events(bus, 'tick');
    const first = stream.next();
    const second = stream.next();
    const third = stream.next();
    bus.emit('tick', 1);
    bus.emit('tick', 2);
    bus.emit('tick', 3);
    await expect(Promise.all([first, second, third])).resolves.toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
      { value: 3, done: false },
    ]);
    await stream.return?.();
  });

  test('return() and an abort settle every pending next() as done', async () => {
    const bus = createBus<Events>();
    const stream = events(bus, 'tick');
    const pending = [stream.next(), stream.next()];
    await stream.return?.();
    await expect(Promise.all(pending)).resolves.toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);

    const controller = new AbortController();
    const aborted = events(bus, 'tick', { signal: controller.signal });
    const waiting = [aborted.next(), aborted.next()];
    controller.abort();
    await expect(Promise.all(waiting)).resolves.toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('after an overflow, calls made together get the buffered events, then the error, then done', async () => {
    const bus = createBus<Events>();
    const stream = events(bus, 'tick', { bufferSize: 1, overflow: 'error' });
    bus.emit('tick', 1);
    bus.emit('tick', 2);
    const [first, second, third] = [stream.next(), stream.next(), stream.next()];
    await expect(first).resolves.toEqual({ value: 1, done: false });
    await expect(second).rejects.toMatchObject({ name: 'EventBufferOverflowError' });
    await expect(third).resolves.toEqual({ value: undefined, done: true });
  });

  test('an unknown overflow is a TypeError naming the option and the accepted values', () => {
    const bus = createBus<Events>();
    expect(() => events(bus, 'tick', { overflow: 'block' as never })).toThrow(TypeError);
    expect(() => events(bus, 'tick', { overflow: 'block' as never })).toThrow(/overflow must be 'drop-oldest' or 'error'; got "block"/);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test.each([123, null])('a key that is no key (%s) throws a TypeError naming it, warns nothing', (key) => {
    const bus = createBus<Events>();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => events(bus, key as never)).toThrow(TypeError);
    expect(() => events(bus, key as never)).toThrow(/events\(bus, key\): key must be an event key string/);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  test('a bad bufferSize is a RangeError naming the option', () => {
    const bus = createBus<Events>();
    expect(() => events(bus, 'tick', { bufferSize: 0 })).toThrow(/bufferSize.*>= 1/);
    for (const bufferSize of [2.5, Number.POSITIVE_INFINITY, Number.NaN, '3' as unknown as number]) {
      expect(() => events(bus, 'tick', { bufferSize }), String(bufferSize)).toThrow(RangeError);
    }
    expect(subscriptionsOf(bus)).toEqual([]);
  });
});
