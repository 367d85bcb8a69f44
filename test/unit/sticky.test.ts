import { describe, expect, test } from 'vitest';
import { createBus } from '../../src/index';
import { DomainEvent, OrderEvent, OrderPlaced } from './fixtures';

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
});
