/** Limits of one posted batch. */
export interface BatchLimits {
  /** Approximate characters per message; far below Chrome's 64 MiB message cap. Default 1 MiB. */
  readonly maxBytes: number;
  /** Entries per message. Default 1000. */
  readonly maxEntries: number;
}

/** The default {@link BatchLimits}. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = Object.freeze({ maxBytes: 1024 * 1024, maxEntries: 1000 });

/**
 * Splits items into consecutive chunks of at most `maxEntries` items and about `maxBytes`
 * (an item bigger than `maxBytes` travels alone).
 *
 * @example
 * splitBySize(['a', 'b', 'c'], [600, 600, 10], { maxBytes: 1000, maxEntries: 10 }) // [['a'], ['b', 'c']]
 */
export const splitBySize = <T>(items: readonly T[], weights: readonly number[], limits: BatchLimits): T[][] => {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (let i = 0; i < items.length; i++) {
    const weight = weights[i] ?? 0;
    if (chunk.length > 0 && (chunk.length >= limits.maxEntries || bytes + weight > limits.maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(items[i] as T);
    bytes += weight;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
};

/**
 * Coalesces many `schedule()` calls into one `flush()` per microtask, so a burst of events is
 * posted as one batch after the code that emitted them finished. A promise job, not
 * `queueMicrotask`, which Jest's fake timers replace by default: the stream of an app under test
 * must not wait for the test to advance its timers.
 *
 * @example
 * const batcher = createMicrotaskBatcher(() => post(buffer.drain()))
 * batcher.schedule(); batcher.schedule() // one flush, after the current task's synchronous code
 */
export const createMicrotaskBatcher = (flush: () => void) => {
  let scheduled = false;
  let cancelled = false;
  const run = () => {
    scheduled = false;
    if (!cancelled) flush();
  };
  return {
    schedule(): void {
      if (scheduled || cancelled) return;
      scheduled = true;
      Promise.resolve().then(run);
    },
    cancel(): void {
      cancelled = true;
    },
  };
};
