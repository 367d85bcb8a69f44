/**
 * Most page messages the content script holds while no panel shows its tab.
 *
 * @example
 * createHeldQueue({ maxItems: MAX_HELD_MESSAGES, maxWeight: MAX_HELD_WEIGHT, weigh: weighMessage })
 */
export const MAX_HELD_MESSAGES = 5000;

/**
 * Most the held messages may weigh together (see {@link weighMessage}: about a character or byte
 * per unit): 4 MiB, twice the largest batch a page sends (`MAX_BATCH_CHARACTERS`), so the newest
 * batch always fits, and a page that streams big payloads to an in-page viewer costs the tab a few
 * MB, not thousands of batches.
 *
 * @example
 * if (weighMessage(message, MAX_HELD_WEIGHT) > MAX_HELD_WEIGHT) dropped++
 */
export const MAX_HELD_WEIGHT = 4 * 1024 * 1024;

/** What a value other than a string weighs (a number, a boolean, an object's or array slot's own cost). */
const SLOT_WEIGHT = 8;

/**
 * Weighs a structured-cloned message by what it holds: each string by its length, each key by its
 * length plus a slot, each number, boolean or null as a slot, binary data by its bytes. Walks
 * without recursion and stops as soon as the weight passes `budget` (the message came from the
 * page: a deep, cyclic or shared structure costs at most `budget` steps; what it returns then is
 * only known to be over `budget`).
 *
 * @example
 * weighMessage({ kind: 'batch', entries: 'x'.repeat(1000) }) // 1000 + the keys and slots
 */
export const weighMessage = (message: unknown, budget = Number.POSITIVE_INFINITY): number => {
  let weight = 0;
  const stack: unknown[] = [message];
  while (stack.length > 0 && weight <= budget) {
    const value = stack.pop();
    if (typeof value === 'string') {
      weight += value.length;
      continue;
    }
    weight += SLOT_WEIGHT;
    if (typeof value !== 'object' || value === null) continue;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) weight += value.byteLength;
    else if (typeof Blob !== 'undefined' && value instanceof Blob) weight += value.size;
    else if (Array.isArray(value)) {
      // Index by index (one slot each), so a huge sparse array also stops at the budget.
      for (let i = 0; i < value.length && weight <= budget; i++) {
        weight += SLOT_WEIGHT;
        stack.push(value[i]);
      }
    } else if (value instanceof Map) {
      for (const [key, item] of value) {
        if (weight > budget) break;
        weight += SLOT_WEIGHT;
        stack.push(key, item);
      }
    } else if (value instanceof Set) {
      for (const item of value) {
        if (weight > budget) break;
        weight += SLOT_WEIGHT;
        stack.push(item);
      }
    } else {
      for (const key in value) {
        if (weight > budget) break;
        weight += SLOT_WEIGHT + key.length;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return weight;
};

/** A FIFO of messages bounded by count and by total weight; the oldest go first. */
export interface HeldQueue<T> {
  /** How many items are held. */
  readonly length: number;
  /** What the held items weigh together. */
  readonly weight: number;
  /**
   * Holds an item (newest last), then drops the oldest until both bounds hold again. An item that
   * alone weighs more than `maxWeight` is not held at all. Returns how many items were dropped
   * (the new one included), for the caller to count.
   */
  push(item: T): number;
  /** Takes the oldest item out, or `undefined` when none is held. */
  shift(): T | undefined;
}

export interface HeldQueueOptions<T> {
  /** Most items held (at least 1). */
  readonly maxItems: number;
  /** Most the items may weigh together. */
  readonly maxWeight: number;
  /** Weighs one item; stops early (returning more than the budget) for an item over the budget. */
  readonly weigh: (item: T, budget: number) => number;
}

/**
 * Creates a FIFO bounded by item count and by weight, for messages held until they can be
 * delivered. Pure (no timers, no globals), so the content script's holding policy is tested alone.
 *
 * @example
 * const held = createHeldQueue({ maxItems: 3, maxWeight: 10, weigh: (s: string) => s.length })
 * held.push('aaaa'); held.push('bbbb'); held.push('cccc') // 1: 'aaaa' dropped (12 > 10)
 * held.shift() // 'bbbb'
 */
export const createHeldQueue = <T>({ maxItems, maxWeight, weigh }: HeldQueueOptions<T>): HeldQueue<T> => {
  let items: T[] = [];
  let weights: number[] = [];
  /** Index of the oldest item still held: shifting is O(1), the arrays are compacted now and then. */
  let head = 0;
  let total = 0;

  const dropOldest = () => {
    total -= weights[head] as number;
    items[head] = undefined as T;
    head++;
  };
  const compact = () => {
    if (head === items.length) {
      items = [];
      weights = [];
      head = 0;
    } else if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      weights = weights.slice(head);
      head = 0;
    }
  };

  return {
    get length() {
      return items.length - head;
    },
    get weight() {
      return total;
    },
    push(item) {
      const weight = weigh(item, maxWeight);
      if (weight > maxWeight) return 1;
      items.push(item);
      weights.push(weight);
      total += weight;
      let dropped = 0;
      while (items.length - head > Math.max(1, maxItems) || total > maxWeight) {
        dropOldest();
        dropped++;
      }
      compact();
      return dropped;
    },
    shift() {
      if (head === items.length) return undefined;
      const item = items[head] as T;
      dropOldest();
      compact();
      return item;
    },
  };
};
