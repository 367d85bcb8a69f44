import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createBus } from '../../src/index';
import { DomainEvent, OrderEvent, OrderPlaced } from './fixtures';

type Spec = { key: 'a' | 'b' | '*'; priority: number; throws: boolean; async: boolean };
const spec = fc.record({
  key: fc.constantFrom<Spec['key']>('a', 'b', '*'),
  priority: fc.integer({ min: -2, max: 2 }),
  throws: fc.boolean(),
  async: fc.boolean(),
});

/** The expected run order: matching subscriptions, priority descending, ties in subscription order. */
const expectedOrder = (specs: Spec[]) =>
  specs
    .map((s, i) => ({ ...s, i }))
    .filter((s) => s.key !== 'b')
    .sort((x, y) => y.priority - x.priority || x.i - y.i)
    .map((s) => s.i);

describe('dispatch properties', () => {
  test('emit: every matching handler runs exactly once, in priority order, whatever others throw', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 12 }), (specs) => {
        const bus = createBus<{ a: number; b: number }>({ onError: () => {} });
        const calls: number[] = [];
        specs.forEach((s, i) => {
          bus.subscribe(
            s.key,
            () => {
              calls.push(i);
              if (s.throws) throw new Error(`h${i}`);
            },
            { priority: s.priority },
          );
        });
        bus.emit('a', 1);
        expect(calls).toEqual(expectedOrder(specs));
      }),
    );
  });

  test('publish: same order; the report counts every handler and lists each failure once, in run order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { maxLength: 10 }), async (specs) => {
        const bus = createBus<{ a: number; b: number }>({ onError: () => {} });
        const calls: number[] = [];
        specs.forEach((s, i) => {
          bus.subscribe(
            s.key,
            s.async
              ? async () => {
                  calls.push(i);
                  await Promise.resolve();
                  if (s.throws) throw i;
                }
              : () => {
                  calls.push(i);
                  if (s.throws) throw i;
                },
            { priority: s.priority },
          );
        });
        const report = await bus.publish('a', 1);
        const order = expectedOrder(specs);
        expect(calls).toEqual(order);
        expect(report.delivered).toBe(order.length);
        expect(report.errors).toEqual(order.filter((i) => specs[i]?.throws));
      }),
    );
  });

  test('class hierarchy: one order across classes and *, each handler once', () => {
    const keys = [DomainEvent, OrderEvent, OrderPlaced, '*'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.integer({ min: 0, max: 3 }), priority: fc.integer({ min: -2, max: 2 }) }), { maxLength: 12 }),
        (specs) => {
          const bus = createBus();
          const calls: number[] = [];
          for (const [i, s] of specs.entries())
            bus.subscribe(keys[s.key] as typeof DomainEvent, () => void calls.push(i), { priority: s.priority });
          bus.emit(new OrderPlaced('o1'));
          const expected = specs
            .map((s, i) => ({ ...s, i }))
            .sort((x, y) => y.priority - x.priority || x.i - y.i)
            .map((s) => s.i);
          expect(calls).toEqual(expected);
        },
      ),
    );
  });

  test('unsubscribing inside a dispatch never skips or repeats another handler', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 10 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
            ),
          ),
        fc.boolean(),
        ([n, removes], viaPublish) => {
          const bus = createBus<{ a: undefined }>();
          const calls: number[] = [];
          const offs: (() => void)[] = [];
          for (let i = 0; i < n; i++) {
            offs.push(
              bus.subscribe('a', () => {
                calls.push(i);
                for (const target of removes[i] ?? []) offs[target]?.();
              }),
            );
          }
          if (viaPublish) void bus.publish('a');
          else bus.emit('a');
          const active = new Set(Array.from({ length: n }, (_, i) => i));
          const expected: number[] = [];
          for (let i = 0; i < n; i++) {
            if (!active.has(i)) continue;
            expected.push(i);
            for (const target of removes[i] ?? []) active.delete(target);
          }
          expect(calls).toEqual(expected);
          calls.length = 0;
          bus.emit('a');
          const second: number[] = [];
          for (let i = 0; i < n; i++) {
            if (!active.has(i)) continue;
            second.push(i);
            for (const target of removes[i] ?? []) active.delete(target);
          }
          expect(calls).toEqual(second);
        },
      ),
    );
  });

  test('a handler subscribed during a dispatch is not called by it, and is called in order by the next', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ priority: fc.integer({ min: -2, max: 2 }), adds: fc.option(fc.integer({ min: -2, max: 2 })) }), {
          minLength: 1,
          maxLength: 8,
        }),
        (specs) => {
          const bus = createBus<{ a: number }>();
          const calls: string[] = [];
          const all: { name: string; priority: number; seq: number }[] = [];
          let seq = 0;
          specs.forEach((s, i) => {
            all.push({ name: `h${i}`, priority: s.priority, seq: seq++ });
            bus.subscribe(
              'a',
              (round) => {
                calls.push(`h${i}`);
                if (round === 1 && s.adds !== null) {
                  all.push({ name: `late${i}`, priority: s.adds, seq: seq++ });
                  bus.subscribe('a', () => void calls.push(`late${i}`), { priority: s.adds });
                }
              },
              { priority: s.priority },
            );
          });
          const first = [...all].sort((x, y) => y.priority - x.priority || x.seq - y.seq).map((h) => h.name);
          bus.emit('a', 1);
          expect(calls).toEqual(first);
          calls.length = 0;
          bus.emit('a', 2);
          expect(calls).toEqual([...all].sort((x, y) => y.priority - x.priority || x.seq - y.seq).map((h) => h.name));
        },
      ),
    );
  });
});
