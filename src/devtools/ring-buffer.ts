/** A bounded FIFO that drops its oldest items when full; see {@link createRingBuffer}. */
export interface RingBuffer<T> {
  /** Items held now (sent or not). */
  readonly size: number;
  /** Items held that {@link RingBuffer.take} has not returned yet. */
  readonly unsent: number;
  /** Sum of the weights of the unsent items. */
  readonly unsentWeight: number;
  /** Unsent items dropped since the last {@link RingBuffer.take} or {@link RingBuffer.clear}. */
  readonly dropped: number;
  /** Items dropped since creation (sent or not): what a viewer connecting now has missed. */
  readonly droppedTotal: number;
  /** Adds an item (dropping the oldest when full). */
  push(item: T, weight: number): void;
  /** Returns the unsent items, oldest first, with their weights, and marks them sent (they stay held); resets `dropped`. */
  take(): { items: T[]; weights: number[]; dropped: number };
  /** Marks every held item unsent again, so the next {@link RingBuffer.take} returns the whole history. */
  rewind(): void;
  /** Forgets every item and the drop count since the last take. */
  clear(): void;
}

/**
 * Creates a ring buffer of at most `capacity` items. Items stay held after they were taken (sent),
 * until newer ones push them out, so a viewer that connects later can be sent the history again.
 *
 * @example
 * const buffer = createRingBuffer<string>(2)
 * buffer.push('a', 1); buffer.push('b', 1); buffer.push('c', 1)
 * buffer.take() // { items: ['b', 'c'], weights: [1, 1], dropped: 1 }; both still held
 * buffer.rewind(); buffer.take() // { items: ['b', 'c'], weights: [1, 1], dropped: 0 }
 */
export const createRingBuffer = <T>(capacity: number): RingBuffer<T> => {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`[hubbub] maxBuffer must be a whole number >= 1, got ${String(capacity)}. Use e.g. maxBuffer: 5000.`);
  }
  const items: (T | undefined)[] = new Array(capacity);
  const weights: number[] = new Array(capacity).fill(0);
  let head = 0;
  let size = 0;
  let unsent = 0;
  let unsentWeight = 0;
  let dropped = 0;
  let droppedTotal = 0;
  let weight = 0;

  const clear = () => {
    for (let i = 0; i < size; i++) items[(head + i) % capacity] = undefined;
    head = 0;
    size = 0;
    unsent = 0;
    unsentWeight = 0;
    dropped = 0;
    weight = 0;
  };

  const take = () => {
    const out: T[] = new Array(unsent);
    const outWeights: number[] = new Array(unsent);
    const first = size - unsent;
    for (let i = 0; i < unsent; i++) {
      const slot = (head + first + i) % capacity;
      out[i] = items[slot] as T;
      outWeights[i] = weights[slot] as number;
    }
    const result = { items: out, weights: outWeights, dropped };
    unsent = 0;
    unsentWeight = 0;
    dropped = 0;
    return result;
  };

  return {
    get size() {
      return size;
    },
    get unsent() {
      return unsent;
    },
    get unsentWeight() {
      return unsentWeight;
    },
    get dropped() {
      return dropped;
    },
    get droppedTotal() {
      return droppedTotal;
    },
    push(item, itemWeight) {
      let slot = head + size;
      if (slot >= capacity) slot -= capacity;
      if (size === capacity) {
        const old = weights[head] as number;
        weight -= old;
        if (unsent === size) {
          unsent--;
          unsentWeight -= old;
          dropped++;
        }
        head = head + 1 === capacity ? 0 : head + 1;
        droppedTotal++;
      } else size++;
      items[slot] = item;
      weights[slot] = itemWeight;
      weight += itemWeight;
      unsent++;
      unsentWeight += itemWeight;
    },
    take,
    rewind() {
      unsent = size;
      unsentWeight = weight;
    },
    clear,
  };
};
