import { afterEach, describe, expect, test, vi } from 'vitest';
import { createBus, eventTypeOf, subscriptionsOf } from '../../src/index';
import { DomainEvent, OrderCancelled, OrderEvent, OrderPlaced } from './fixtures';

afterEach(() => vi.restoreAllMocks());

describe('class events', () => {
  test('subscribing to a class receives instances of it and of its subclasses', () => {
    const bus = createBus();
    const order: OrderEvent[] = [];
    const domain: DomainEvent[] = [];
    const placed: OrderPlaced[] = [];
    bus.subscribe(OrderEvent, (e) => order.push(e));
    bus.subscribe(DomainEvent, (e) => domain.push(e));
    bus.subscribe(OrderPlaced, (e) => placed.push(e));
    const p = new OrderPlaced('o1');
    const c = new OrderCancelled('o2', 'changed mind');
    bus.emit(p);
    bus.emit(c);
    expect(order).toEqual([p, c]);
    expect(domain).toEqual([p, c]);
    expect(placed).toEqual([p]);
  });

  test("the event name is the class's own static type; ctx.type and the report use it", async () => {
    const bus = createBus();
    let type = '';
    bus.subscribe(OrderEvent, (_, ctx) => {
      type = ctx.type;
    });
    const report = await bus.publish(new OrderCancelled('o1'));
    expect(type).toBe('OrderCancelled');
    expect(report.type).toBe('OrderCancelled');
    expect(subscriptionsOf(bus)).toEqual([expect.objectContaining({ type: 'OrderEvent', isClass: true })]);
  });

  test('a class without static type is named by its name, with one warning about minifiers per class', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    class Anonymousish {}
    class Another {}
    expect(eventTypeOf(Anonymousish)).toBe('Anonymousish');
    expect(eventTypeOf(Another)).toBe('Another');
    expect(eventTypeOf(Another)).toBe('Another');
    expect(warn.mock.calls).toEqual([
      [expect.stringContaining("static type = 'Anonymousish' to Anonymousish")],
      [expect.stringContaining("static type = 'Another' to Another")],
    ]);
    const inherited = class Child extends OrderPlaced {};
    expect(eventTypeOf(inherited)).toBe('Child');
  });

  test('class subscribers do not receive string-key events, and string subscribers not class events', () => {
    const bus = createBus<{ OrderPlaced: { id: string } }>();
    const strings: unknown[] = [];
    const classes: unknown[] = [];
    bus.subscribe('OrderPlaced', (e) => strings.push(e));
    bus.subscribe(OrderPlaced, (e) => classes.push(e));
    bus.emit('OrderPlaced', { id: 'x' });
    bus.emit(new OrderPlaced('o1'));
    expect(strings).toEqual([{ id: 'x' }]);
    expect(classes).toHaveLength(1);
  });

  test("'*' receives class instances", () => {
    const bus = createBus();
    const got: unknown[] = [];
    bus.subscribe('*', (e) => got.push(e));
    const p = new OrderPlaced('o1');
    bus.emit(p);
    expect(got).toEqual([p]);
  });
});
