interface Waiter {
  check(): void;
  end(reason: string): void;
}

/**
 * Builds a wait's rejection message: `ended` is why no more records can come (the recorder was
 * stopped, its page closed), or undefined when the wait timed out.
 */
export type Explain = (ended: string | undefined) => string;

/**
 * Promises that resolve with the first item a search finds, now or after a later `recheck()`,
 * or reject after a timeout with a message built at that moment (so it can list what was seen).
 * A search that throws rejects its own wait with that error and leaves the others waiting.
 * After `end(reason)` nothing more can be found: pending waits reject at once, and so do later
 * ones whose first search finds nothing.
 *
 * @example
 * const waiters = createWaiters()
 * const first = waiters.wait(() => items[0], 1000, (ended) => `no item${ended ? `: ${ended}` : ' within 1000 ms'}`)
 * items.push('a'); waiters.recheck() // first resolves with 'a'
 */
export const createWaiters = () => {
  const waiting = new Set<Waiter>();
  let endedBecause: string | undefined;
  return {
    wait<T>(search: () => T | undefined, timeout: number, explain: Explain): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const settle = (outcome: () => void) => {
          clearTimeout(timer);
          waiting.delete(waiter);
          outcome();
        };
        const waiter: Waiter = {
          check() {
            let found: T | undefined;
            try {
              found = search();
            } catch (error) {
              settle(() => reject(error));
              return;
            }
            if (found !== undefined) settle(() => resolve(found));
          },
          end(reason) {
            settle(() => reject(new Error(explain(reason))));
          },
        };
        waiting.add(waiter);
        waiter.check();
        if (!waiting.has(waiter)) return;
        if (endedBecause !== undefined) waiter.end(endedBecause);
        else timer = setTimeout(() => settle(() => reject(new Error(explain(undefined)))), timeout);
      });
    },
    recheck(): void {
      for (const waiter of [...waiting]) waiter.check();
    },
    /** Why nothing more will come (the first reason given to `end`), or undefined while it may. */
    get ended(): string | undefined {
      return endedBecause;
    },
    /** Nothing more will come: rejects every pending wait, and every later one that finds nothing at once. The first reason stays. */
    end(reason: string): void {
      endedBecause ??= reason;
      for (const waiter of [...waiting]) waiter.end(endedBecause);
    },
  };
};

/**
 * What {@link createWaiters} returns.
 *
 * @example
 * const waits = createRecordWaits({ stream, waiters, failure, defaultTimeout: 5000 })
 */
export type Waiters = ReturnType<typeof createWaiters>;
