import { describe, expect, test } from 'vitest';
import { createBus } from '../../src/index';
import { DomainEvent, OrderEvent, OrderPlaced } from './fixtures';

describe('run order', () => {
  test('higher priority runs first; ties keep subscription order', () => {
    const bus = createBus<{ a: undefined }>();
    const order: string[] = [];
    bus.subscribe('a', () => order.push('low'), { priority: -1 });
    bus.subscribe('a', () => order.push('first0'));
    bus.subscribe('a', () => order.push('high'), { priority: 10 });
    bus.subscribe('a', () => order.push('second0'));
    bus.emit('a');
    expect(order).toEqual(['high', 'first0', 'second0', 'low']);
  });

  test("one order across exact, ancestor-class and '*' subscriptions", () => {
    const bus = createBus();
    const order: string[] = [];
    bus.subscribe('*', () => order.push('star'), { priority: 5 });
    bus.subscribe(DomainEvent, () => order.push('domain'));
    bus.subscribe(OrderPlaced, () => order.push('placed'));
    bus.subscribe(OrderEvent, () => order.push('order-high'), { priority: 7 });
    bus.subscribe('*', () => order.push('star0'));
    bus.emit(new OrderPlaced('o1'));
    expect(order).toEqual(['order-high', 'star', 'domain', 'placed', 'star0']);
  });

  test('the cached order follows later subscriptions and unsubscriptions', () => {
    const bus = createBus();
    const order: string[] = [];
    bus.subscribe(OrderEvent, () => order.push('order'));
    bus.emit(new OrderPlaced('o1'));
    const off = bus.subscribe(DomainEvent, () => order.push('domain'), { priority: 1 });
    bus.subscribe('*', () => order.push('star'), { priority: 2 });
    bus.emit(new OrderPlaced('o2'));
    off();
    bus.emit(new OrderPlaced('o3'));
    expect(order).toEqual(['order', 'star', 'domain', 'order', 'star', 'order']);
  });

  test("string keys and '*': adding '*' later applies to keys already dispatched", () => {
    const bus = createBus<{ a: number }>();
    const order: string[] = [];
    bus.subscribe('a', () => order.push('a'));
    bus.emit('a', 1);
    const off = bus.subscribe('*', () => order.push('star'), { priority: 1 });
    bus.emit('a', 2);
    bus.subscribe('a', () => order.push('a2'), { priority: 3 });
    bus.emit('a', 3);
    off();
    bus.emit('a', 4);
    expect(order).toEqual(['a', 'star', 'a', 'a2', 'star', 'a', 'a2', 'a']);
  });

  test('publish uses the same order as emit', async () => {
    const bus = createBus();
    const order: string[] = [];
    bus.subscribe(DomainEvent, () => order.push('domain'), { priority: 1 });
    bus.subscribe(OrderPlaced, () => order.push('placed'), { priority: 2 });
    bus.subscribe('*', () => order.push('star'), { priority: 3 });
    await bus.publish(new OrderPlaced('o1'));
    expect(order).toEqual(['star', 'placed', 'domain']);
  });
});
