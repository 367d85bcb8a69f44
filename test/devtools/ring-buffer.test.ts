import { describe, expect, it } from 'vitest';
import { splitBySize } from '../../src/devtools/batching';
import { createRingBuffer } from '../../src/devtools/ring-buffer';

describe('ring buffer', () => {
  it('keeps the newest items in order and counts what it dropped', () => {
    const buffer = createRingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) buffer.push(i, 10);
    expect(buffer.size).toBe(3);
    expect(buffer.unsentWeight).toBe(30);
    expect(buffer.take()).toEqual({ items: [5, 6, 7], weights: [10, 10, 10], dropped: 4 });
    expect(buffer.size).toBe(3);
    expect(buffer.unsentWeight).toBe(0);
  });

  it('resets the per-take drop count but keeps the total', () => {
    const buffer = createRingBuffer<string>(1);
    buffer.push('a', 1);
    buffer.push('b', 1);
    buffer.take();
    buffer.push('c', 1);
    expect(buffer.take()).toEqual({ items: ['c'], weights: [1], dropped: 0 });
    // 'a' was never sent (dropped for the stream); 'b' was sent, then pushed out (missed by a later viewer).
    expect(buffer.droppedTotal).toBe(2);
  });

  it('wraps around many times without losing order', () => {
    const buffer = createRingBuffer<number>(4);
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) {
      buffer.push(i, 1);
      if (i % 3 === 2) seen.push(...buffer.take().items);
    }
    seen.push(...buffer.take().items);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('take() returns only unsent items and keeps them; rewind() makes the whole history unsent again', () => {
    const buffer = createRingBuffer<number>(3);
    buffer.push(1, 1);
    buffer.push(2, 1);
    expect(buffer.take()).toEqual({ items: [1, 2], weights: [1, 1], dropped: 0 });
    expect(buffer.size).toBe(2);
    buffer.push(3, 1);
    buffer.push(4, 1);
    // 1 was pushed out after it was sent: not a drop for the stream, but a later viewer missed it.
    expect(buffer.take()).toEqual({ items: [3, 4], weights: [1, 1], dropped: 0 });
    expect(buffer.droppedTotal).toBe(1);
    expect(buffer.take().items).toEqual([]);
    buffer.rewind();
    expect(buffer.unsent).toBe(3);
    expect(buffer.take()).toEqual({ items: [2, 3, 4], weights: [1, 1, 1], dropped: 0 });
    for (let i = 5; i <= 9; i++) buffer.push(i, 2);
    expect(buffer.unsentWeight).toBe(6);
    expect(buffer.take()).toEqual({ items: [7, 8, 9], weights: [2, 2, 2], dropped: 2 });
    buffer.rewind();
    expect(buffer.unsentWeight).toBe(6);
  });

  it('clear() forgets items and the pending drop count', () => {
    const buffer = createRingBuffer<number>(2);
    for (let i = 0; i < 5; i++) buffer.push(i, 1);
    buffer.clear();
    expect(buffer.take()).toEqual({ items: [], weights: [], dropped: 0 });
  });

  it('rejects a capacity that is not a positive whole number, saying what to pass', () => {
    expect(() => createRingBuffer(0)).toThrow(/maxBuffer must be a whole number >= 1, got 0/);
    expect(() => createRingBuffer(2.5)).toThrow(/maxBuffer/);
  });
});

describe('splitBySize', () => {
  it('splits by size and by count, keeping order; an oversized item travels alone', () => {
    expect(splitBySize(['a', 'b', 'c', 'd'], [600, 600, 10, 5000], { maxBytes: 1000, maxEntries: 10 })).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(splitBySize([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], { maxBytes: 1000, maxEntries: 2 })).toEqual([[1, 2], [3, 4], [5]]);
    expect(splitBySize([], [], { maxBytes: 10, maxEntries: 10 })).toEqual([]);
  });
});
