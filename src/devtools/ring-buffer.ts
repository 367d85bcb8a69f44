/** A bounded FIFO that drops its oldest items when full; see {@link createRingBuffer}. */
export interface RingBuffer<T> {
  /** Items held now. */
  readonly size: number;
  /** Items dropped since the last {@link RingBuffer.drain} or {@link RingBuffer.clear}. */
  readonly dropped: number;
  /** Items dropped since creation. */
  readonly droppedTotal: number;
  /** Sum of the weights of the items held (their approximate size in characters). */
  readonly weight: number;
  /** Adds an item (dropping the oldest when full). */
  push(item: T, weight: number): void;
  /** Removes and returns every item, oldest first, with their weights; resets `dropped`. */
  drain(): { items: T[]; weights: number[]; dropped: number };
  /** Forgets every item and the drop count since the last drain. */
  clear(): void;
}

/**
 * Creates a ring buffer of at most `capacity` items.
 *
 * @example
 * const buffer = createRingBuffer<string>(2)
 * buffer.push('a', 1); buffer.push('b', 1); buffer.push('c', 1)
 * buffer.drain() // { items: ['b', 'c'], weights: [1, 1], dropped: 1 }
 */
export const createRingBuffer = <T>(capacity: number): RingBuffer<T> => {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`[hubbub] maxBuffer must be a whole number >= 1, got ${String(capacity)}. Use e.g. maxBuffer: 5000.`);
  }
  const items: (T | undefined)[] = new Array(capacity);
  const weights: number[] = new Array(capacity).fill(0);
  let head = 0;
  let size = 0;
  let dropped = 0;
  let droppedTotal = 0;
  let weight = 0;

  const clear = () => {
    for (let i = 0; i < size; i++) items[(head + i) % capacity] = undefined;
    head = 0;
    size = 0;
    dropped = 0;
    weight = 0;
  };

  return {
    get size() {
      return size;
    },
    get dropped() {
      return dropped;
    },
    get droppedTotal() {
      return droppedTotal;
    },
    get weight() {
      return weight;
    },
    push(item, itemWeight) {
      const slot = (head + size) % capacity;
      if (size === capacity) {
        weight -= weights[head] as number;
        head = (head + 1) % capacity;
        dropped++;
        droppedTotal++;
      } else size++;
      items[slot] = item;
      weights[slot] = itemWeight;
      weight += itemWeight;
    },
    drain() {
      const out: T[] = new Array(size);
      const outWeights: number[] = new Array(size);
      for (let i = 0; i < size; i++) {
        const slot = (head + i) % capacity;
        out[i] = items[slot] as T;
        outWeights[i] = weights[slot] as number;
      }
      const result = { items: out, weights: outWeights, dropped };
      clear();
      return result;
    },
    clear,
  };
};
