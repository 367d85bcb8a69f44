import { afterEach, describe, expect, expectTypeOf, test, vi } from 'vitest';
import { subscriptionsOf } from '../../src/index';
import { createTestBus, waitForEvent } from '../../src/testing/index';
import { OrderPlaced } from './fixtures';

type Events = { a: number; b: string };

afterEach(() => vi.useRealTimers());

describe('createTestBus', () => {
  test('records every emit and publish as { type, event } in call order, blocked ones included', async () => {
    const bus = createTestBus<Events>();
    bus.use((e) => (e === 'blocked' ? null : e));
    bus.emit('a', 1);
    const placed = new OrderPlaced('o1');
    await bus.publish(placed);
    bus.emit('b', 'blocked');
    await bus.publish('a', 2);
    expect(bus.published).toEqual([
      { type: 'a', event: 1 },
      { type: 'OrderPlaced', event: placed },
      { type: 'b', event: 'blocked' },
      { type: 'a', event: 2 },
    ]);
    bus.clear();
    expect(bus.published).toEqual([]);
  });

  test('it is a real bus: handlers run with the same semantics', async () => {
    const bus = createTestBus<Events>({ onError: () => {} });
    const got: number[] = [];
    bus.subscribe('a', (n) => got.push(n), { priority: 1 });
    bus.subscribe('a', () => {
      throw new Error('x');
    });
    const report = await bus.publish('a', 3);
    expect(got).toEqual([3]);
    expect(report.errors).toHaveLength(1);
  });
});

describe('waitForEvent', () => {
  test('resolves with the next matching event and unsubscribes', async () => {
    const bus = createTestBus<Events>();
    const next = waitForEvent(bus, 'a', { where: (n) => n > 1 });
    bus.emit('a', 1);
    bus.emit('a', 2);
    await expect(next).resolves.toBe(2);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('works with classes', async () => {
    const bus = createTestBus();
    const next = waitForEvent(bus, OrderPlaced);
    const placed = new OrderPlaced('o1');
    bus.emit(placed);
    await expect(next).resolves.toBe(placed);
  });

  test("takes patterns and '*', typed by the keys they match, as once() does", async () => {
    const bus = createTestBus<{ 'cart/added': { sku: string }; 'cart/removed': { line: number }; tick: number }>();
    const cart = waitForEvent(bus, 'cart/*');
    const any = waitForEvent(bus, '*');
    bus.emit('cart/removed', { line: 1 });
    expectTypeOf(cart).toEqualTypeOf<Promise<{ sku: string } | { line: number }>>();
    await expect(cart).resolves.toEqual({ line: 1 });
    await expect(any).resolves.toEqual({ line: 1 });
    // @ts-expect-error: the pattern matches no key (a typo for 'cart/*')
    await expect(waitForEvent(bus, 'cat/*', { timeout: 0 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  test('rejects after the timeout with a message naming the key, and unsubscribes', async () => {
    vi.useFakeTimers();
    const bus = createTestBus<Events>();
    const next = waitForEvent(bus, 'b', { timeout: 50 });
    const assertion = expect(next).rejects.toThrow(/waitForEvent\("b"\) timed out after 50 ms/);
    await vi.advanceTimersByTimeAsync(50);
    await assertion;
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('{ timeout: undefined } keeps the default 1000 ms timeout, and unsubscribes', async () => {
    vi.useFakeTimers();
    const bus = createTestBus<Events>();
    const next = waitForEvent(bus, 'b', { timeout: undefined });
    const assertion = expect(next).rejects.toThrow(/waitForEvent\("b"\) timed out after 1000 ms/);
    await vi.advanceTimersByTimeAsync(1000);
    await assertion;
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('a key that is no key rejects with a TypeError naming waitForEvent, never throws', async () => {
    const bus = createTestBus<Events>();
    let result: Promise<unknown> | undefined;
    expect(() => {
      result = waitForEvent(bus, 123 as never);
    }).not.toThrow();
    await expect(result).rejects.toThrow(TypeError);
    await expect(result).rejects.toThrow(/waitForEvent\(bus, key\): key must be an event key string/);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  test('an abort signal rejects it', async () => {
    const bus = createTestBus<Events>();
    const controller = new AbortController();
    const next = waitForEvent(bus, 'a', { signal: controller.signal });
    controller.abort();
    await expect(next).rejects.toThrow(/aborted/);
    expect(subscriptionsOf(bus)).toEqual([]);
  });
});
