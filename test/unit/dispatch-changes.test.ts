import { describe, expect, test } from 'vitest';
import { createBus, subscriptionsOf } from '../../src/index';

describe('subscribing and unsubscribing during a dispatch', () => {
  test('a handler unsubscribed by an earlier one in the same dispatch is not called', () => {
    const bus = createBus<{ a: undefined }>();
    const calls: string[] = [];
    const offB = bus.subscribe('a', () => calls.push('b'), { priority: 1 });
    bus.subscribe(
      'a',
      () => {
        calls.push('a');
        offC();
      },
      { priority: 2 },
    );
    const offC = bus.subscribe('a', () => calls.push('c'));
    bus.emit('a');
    expect(calls).toEqual(['a', 'b']);
    offB();
  });

  test('unsubscribing itself during a dispatch does not skip the next handler', () => {
    const bus = createBus<{ a: undefined }>();
    const calls: string[] = [];
    const off = bus.subscribe('a', () => {
      calls.push('self');
      off();
    });
    bus.subscribe('a', () => calls.push('next'));
    bus.emit('a');
    bus.emit('a');
    expect(calls).toEqual(['self', 'next', 'next']);
  });

  test('a handler subscribed during a dispatch first receives the next event', () => {
    const bus = createBus<{ a: number }>();
    const calls: string[] = [];
    bus.subscribe('a', (n) => {
      calls.push(`outer${n}`);
      if (n === 1) bus.subscribe('a', (m) => calls.push(`inner${m}`), { priority: 10 });
    });
    bus.emit('a', 1);
    bus.emit('a', 2);
    expect(calls).toEqual(['outer1', 'inner2', 'outer2']);
  });

  test('a re-entrant emit sees subscriptions made before it; the outer dispatch keeps its own list', () => {
    const bus = createBus<{ a: number }>();
    const calls: string[] = [];
    bus.subscribe('a', (n) => {
      calls.push(`first${n}`);
      if (n === 1) {
        bus.subscribe('a', (m) => calls.push(`late${m}`));
        bus.emit('a', 2);
      }
    });
    bus.subscribe('a', (n) => calls.push(`second${n}`));
    bus.emit('a', 1);
    expect(calls).toEqual(['first1', 'first2', 'second2', 'late2', 'second1']);
  });

  test('changes while an awaited publish waits on an async handler do not disturb it', async () => {
    const bus = createBus<{ a: undefined }>();
    const calls: string[] = [];
    let offB = () => {};
    bus.subscribe(
      'a',
      async () => {
        calls.push('a');
        await Promise.resolve();
        offB();
        bus.subscribe('a', () => calls.push('new'), { priority: 5 });
      },
      { priority: 3 },
    );
    offB = bus.subscribe('a', () => calls.push('b'), { priority: 2 });
    bus.subscribe('a', () => calls.push('c'), { priority: 1 });
    const report = await bus.publish('a');
    expect(calls).toEqual(['a', 'c']);
    expect(report.delivered).toBe(2);
  });

  test('an async handler that unsubscribes itself while its publish waits skips nobody after it', async () => {
    const bus = createBus<{ a: undefined }>();
    const calls: string[] = [];
    const offA = bus.subscribe(
      'a',
      async () => {
        await Promise.resolve();
        offA();
      },
      { priority: 3 },
    );
    bus.subscribe('a', () => calls.push('b'), { priority: 2 });
    bus.subscribe('a', () => calls.push('c'), { priority: 1 });
    await bus.publish('a');
    expect(calls).toEqual(['b', 'c']);
    await bus.publish('a');
    expect(calls).toEqual(['b', 'c', 'b', 'c']);
  });

  test('unsubscribing everything between events leaves no subscription behind', () => {
    const bus = createBus<{ a: undefined }>();
    const offs = Array.from({ length: 5 }, () => bus.subscribe('a', () => {}));
    bus.emit('a');
    for (const off of offs) off();
    expect(subscriptionsOf(bus)).toEqual([]);
  });
});
