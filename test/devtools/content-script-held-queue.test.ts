import { describe, expect, it } from 'vitest';
import { createHeldQueue, MAX_HELD_MESSAGES, MAX_HELD_WEIGHT, weighMessage } from '../../devtools-extension/content-script/held-queue';
import { MAX_BATCH_CHARACTERS } from '../../src/devtools/connect';

const byLength = (item: string) => item.length;
const drain = <T>(queue: { shift(): T | undefined }) => {
  const out: T[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) out.push(item);
  return out;
};

describe('weighMessage', () => {
  it('weighs strings by their length, other values and keys by a slot', () => {
    expect(weighMessage('x'.repeat(1000))).toBe(1000);
    expect(weighMessage(1)).toBe(8);
    expect(weighMessage({ ab: 'xyz' })).toBe(8 + (8 + 2) + 3);
    expect(weighMessage(['xyz', null])).toBe(8 + 8 + 3 + 8 + 8);
    expect(weighMessage(new Uint8Array(100))).toBe(8 + 100);
    expect(weighMessage(new Map([['k', 'value']]))).toBeGreaterThan(6);
    expect(weighMessage(new Set(['value']))).toBeGreaterThan(5);
  });

  it('counts big payloads inside array-form batches', () => {
    const payload = 'p'.repeat(240_000);
    const batch = { kind: 'batch', entries: [['event', 'id', 'big', { k: payload }]], count: 1, dropped: 0 };
    expect(weighMessage({ kind: 'relay', message: batch })).toBeGreaterThan(240_000);
  });

  it('stops past the budget on cyclic, shared, deep or sparse structures', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(weighMessage(cyclic, 1000)).toBeGreaterThan(1000);
    // 2^40 paths through 40 shared nodes.
    let shared: unknown = 'leaf';
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    expect(weighMessage(shared, 10_000)).toBeLessThan(10_100);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(weighMessage(deep, 1e9)).toBeGreaterThan(100_000);
    // A sparse array of a billion holes: weighing stops at the cap instead of visiting each.
    expect(weighMessage(new Array(1e9), MAX_HELD_WEIGHT)).toBeGreaterThan(MAX_HELD_WEIGHT);
  });
});

describe('createHeldQueue', () => {
  it('hands items out oldest first', () => {
    const queue = createHeldQueue({ maxItems: 10, maxWeight: 100, weigh: byLength });
    for (const item of ['a', 'b', 'c']) expect(queue.push(item)).toBe(0);
    expect(queue.length).toBe(3);
    expect(queue.weight).toBe(3);
    expect(drain(queue)).toEqual(['a', 'b', 'c']);
    expect(queue.length).toBe(0);
    expect(queue.weight).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it('drops the oldest past the item cap and says how many', () => {
    const queue = createHeldQueue({ maxItems: 3, maxWeight: 100, weigh: byLength });
    for (const item of ['a', 'b', 'c']) queue.push(item);
    expect(queue.push('d')).toBe(1);
    expect(drain(queue)).toEqual(['b', 'c', 'd']);
  });

  it('drops the oldest past the weight cap, as many as it takes', () => {
    const queue = createHeldQueue({ maxItems: 100, maxWeight: 10, weigh: byLength });
    expect(queue.push('aaa')).toBe(0);
    expect(queue.push('bbb')).toBe(0);
    expect(queue.push('ccc')).toBe(0);
    expect(queue.push('dddddddd')).toBe(3);
    expect(queue.weight).toBe(8);
    expect(queue.push('ee')).toBe(0);
    expect(queue.weight).toBe(10);
    expect(drain(queue)).toEqual(['dddddddd', 'ee']);
  });

  it('does not hold an item that alone weighs more than the cap, and keeps the others', () => {
    const queue = createHeldQueue({ maxItems: 100, maxWeight: 10, weigh: byLength });
    queue.push('aaa');
    expect(queue.push('x'.repeat(11))).toBe(1);
    expect(drain(queue)).toEqual(['aaa']);
  });

  it('passes the cap to the weigher as its budget', () => {
    const budgets: number[] = [];
    const queue = createHeldQueue({
      maxItems: 5,
      maxWeight: 42,
      weigh: (item: string, budget) => {
        budgets.push(budget);
        return item.length;
      },
    });
    queue.push('a');
    expect(budgets).toEqual([42]);
  });

  it('stays in order across many pushes and shifts (compaction)', () => {
    const queue = createHeldQueue({ maxItems: 3000, maxWeight: 1e9, weigh: () => 1 });
    const expected: number[] = [];
    let next = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 2500; i++) {
        if (queue.push(next) > 0) expected.shift();
        expected.push(next++);
      }
      for (let i = 0; i < 1800; i++) expect(queue.shift()).toBe(expected.shift());
      expect(queue.length).toBe(expected.length);
      expect(queue.weight).toBe(expected.length);
    }
    expect(drain(queue)).toEqual(expected);
  });

  it('holds the largest batch a page sends, within a few MiB', () => {
    expect(MAX_HELD_WEIGHT).toBeGreaterThanOrEqual(MAX_BATCH_CHARACTERS + 4096);
    expect(MAX_HELD_WEIGHT).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(MAX_HELD_MESSAGES).toBe(5000);
    type Relay = { kind: string; message: { kind: string; entries: string; count: number; dropped: number } };
    const queue = createHeldQueue<Relay>({ maxItems: MAX_HELD_MESSAGES, maxWeight: MAX_HELD_WEIGHT, weigh: weighMessage });
    const batch = (n: number): Relay => ({
      kind: 'relay',
      message: { kind: 'batch', entries: String(n).padEnd(MAX_BATCH_CHARACTERS, 'x'), count: 1, dropped: 0 },
    });
    let dropped = 0;
    for (let i = 0; i < 10; i++) dropped += queue.push(batch(i));
    expect(dropped).toBe(9);
    expect(queue.length).toBe(1);
    expect(queue.weight).toBeLessThanOrEqual(MAX_HELD_WEIGHT);
    expect(queue.shift()?.message.entries.startsWith('9')).toBe(true);
  });
});
