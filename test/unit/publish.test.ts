import { describe, expect, test } from 'vitest';
import { createBus } from '../../src/index';
import { OrderPlaced } from './fixtures';

describe('publish', () => {
  test('resolves a report { id, type, delivered, errors } without blockedBy', async () => {
    const bus = createBus<{ a: number }>();
    bus.subscribe('a', () => {});
    bus.subscribe('*', () => {});
    const report = await bus.publish('a', 1);
    expect(report).toEqual({ id: expect.stringMatching(new RegExp(`^${bus.id}\\.`)), type: 'a', delivered: 2, errors: [] });
    expect('blockedBy' in report).toBe(false);
  });

  test('with no subscriber it resolves delivered 0', async () => {
    const bus = createBus<{ a: number }>();
    expect(await bus.publish('a', 1)).toMatchObject({ type: 'a', delivered: 0, errors: [] });
  });

  test('when nothing is async, every handler ran before publish returns', () => {
    const bus = createBus<{ a: undefined }>();
    const ran: string[] = [];
    bus.subscribe('a', () => ran.push('one'));
    bus.subscribe('a', () => ran.push('two'));
    void bus.publish('a');
    expect(ran).toEqual(['one', 'two']);
  });

  test('awaits each handler before the next, and resolves after the last', async () => {
    const bus = createBus<{ a: undefined }>();
    const log: string[] = [];
    const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
    bus.subscribe('a', async () => {
      log.push('first start');
      await tick();
      log.push('first end');
    });
    bus.subscribe('a', async () => {
      log.push('second start');
      await tick();
      log.push('second end');
    });
    const pending = bus.publish('a');
    expect(log).toEqual(['first start']);
    await pending;
    expect(log).toEqual(['first start', 'first end', 'second start', 'second end']);
  });

  test('emit does not await: async handlers all start synchronously', () => {
    const bus = createBus<{ a: undefined }>();
    const log: string[] = [];
    bus.subscribe('a', async () => {
      log.push('first');
      await new Promise(() => {});
    });
    bus.subscribe('a', () => log.push('second'));
    bus.emit('a');
    expect(log).toEqual(['first', 'second']);
  });

  test('a class instance is published with its class name as type', async () => {
    const bus = createBus();
    const got: OrderPlaced[] = [];
    bus.subscribe(OrderPlaced, (e) => got.push(e));
    const event = new OrderPlaced('o1');
    const report = await bus.publish(event);
    expect(report.type).toBe('OrderPlaced');
    expect(got[0]).toBe(event);
  });

  test('ids are unique per dispatch', async () => {
    const bus = createBus<{ a: undefined }>();
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add((await bus.publish('a')).id);
    expect(ids.size).toBe(50);
  });
});
