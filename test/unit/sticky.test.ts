import { describe, expect, test, vi } from 'vitest';
import { createBus } from '../../src/index';
import { DomainEvent, OrderCancelled, OrderEvent, OrderPlaced } from './fixtures';

describe('sticky keys and last()', () => {
  test('sticky: true keeps the last delivered value of every key, even with no subscriber', async () => {
    const bus = createBus<{ cart: number; user: string }>({ sticky: true });
    expect(bus.last('cart')).toBeUndefined();
    bus.emit('cart', 1);
    await bus.publish('cart', 2);
    bus.emit('user', 'ann');
    expect(bus.last('cart')).toBe(2);
    expect(bus.last('user')).toBe('ann');
  });

  test('a list keeps only those keys; no sticky keeps nothing', () => {
    const bus = createBus<{ cart: number; user: string }>({ sticky: ['cart'] });
    bus.emit('cart', 1);
    bus.emit('user', 'ann');
    expect(bus.last('cart')).toBe(1);
    expect(bus.last('user')).toBeUndefined();
    const plain = createBus<{ cart: number }>();
    plain.emit('cart', 1);
    expect(plain.last('cart')).toBeUndefined();
  });

  test('a blocked event is not remembered; a transformed one is remembered as delivered', async () => {
    const bus = createBus<{ cart: number }>({ sticky: true });
    bus.use((n) => ((n as number) < 0 ? null : (n as number) * 2));
    await bus.publish('cart', 2);
    await bus.publish('cart', -1);
    expect(bus.last('cart')).toBe(4);
  });

  test('a sticky class remembers its subclasses too (what its subscribers last received)', () => {
    const bus = createBus({ sticky: [OrderEvent] });
    const placed = new OrderPlaced('o1');
    bus.emit(placed);
    expect(bus.last(OrderEvent)).toBe(placed);
    expect(bus.last(OrderPlaced)).toBeUndefined();
    expect(bus.last(DomainEvent)).toBeUndefined();
    const all = createBus({ sticky: true });
    all.emit(placed);
    expect(all.last(DomainEvent)).toBe(placed);
    expect(all.last(OrderPlaced)).toBe(placed);
  });

  test('a late subscriber is not called with the sticky value: it reads bus.last, then receives the next event', () => {
    const bus = createBus<{ cart: number }>({ sticky: ['cart'] });
    bus.emit('cart', 1);
    const handler = vi.fn();
    bus.subscribe('cart', handler);
    expect(handler).not.toHaveBeenCalled();
    expect(bus.last('cart')).toBe(1);
    bus.emit('cart', 2);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]?.[0]).toBe(2);
  });

  test('the value outlives its subscribers: unsubscribe and resubscribe, it is still there', () => {
    const bus = createBus<{ cart: number }>({ sticky: ['cart'] });
    const off = bus.subscribe('cart', () => {});
    bus.emit('cart', 5);
    off();
    expect(bus.last('cart')).toBe(5);
    bus.subscribe('cart', () => {});
    expect(bus.last('cart')).toBe(5);
  });

  test('handlers already read the event being delivered from bus.last', () => {
    const bus = createBus<{ cart: number }>({ sticky: ['cart'] });
    const read: (number | undefined)[] = [];
    bus.subscribe('cart', () => void read.push(bus.last('cart')));
    bus.emit('cart', 1);
    bus.emit('cart', 2);
    expect(read).toEqual([1, 2]);
  });

  test('a class and its subclass both sticky: each keeps what its own subscribers last received', () => {
    const bus = createBus({ sticky: [OrderEvent, OrderPlaced] });
    const placed = new OrderPlaced('o1');
    const cancelled = new OrderCancelled('o1');
    bus.emit(placed);
    bus.emit(cancelled);
    expect(bus.last(OrderEvent)).toBe(cancelled);
    expect(bus.last(OrderPlaced)).toBe(placed);
    expect(bus.last(OrderCancelled)).toBeUndefined();
    const base = new OrderEvent('o2');
    bus.emit(base);
    expect(bus.last(OrderEvent)).toBe(base);
    expect(bus.last(OrderPlaced)).toBe(placed);
  });

  test('a string key named like a class is another key: class instances do not fill it', () => {
    const bus = createBus<{ OrderPlaced: string }>({ sticky: ['OrderPlaced'] });
    bus.emit(new OrderPlaced('o1'));
    expect(bus.last('OrderPlaced')).toBeUndefined();
  });

  test("a lone string, a pattern or '*' for sticky is a TypeError naming the fix (in development)", () => {
    // A string would be kept as the Set of its characters; a pattern or '*' matches no delivered key.
    expect(() => createBus<{ cart: number }>({ sticky: 'cart' as never })).toThrow(
      "createBus({ sticky }): sticky must be true (every key) or an array of exact keys and event classes, such as sticky: ['cart/updated']; got string.",
    );
    expect(() => createBus<{ 'cart/added': number }>({ sticky: ['cart/*' as never] })).toThrow(/got '\*' or a pattern in the array/);
    expect(() => createBus<{ 'cart/added': number }>({ sticky: ['*' as never] })).toThrow(TypeError);
    expect(() => createBus({ sticky: ['cart/added', OrderEvent] })).not.toThrow();
  });
});
