interface Waiter {
  check(): boolean;
}

/**
 * Promises that resolve with the first item a search finds, now or after a later `recheck()`,
 * or reject after a timeout with a message built at that moment (so it can list what was seen).
 */
export const createWaiters = () => {
  const waiting = new Set<Waiter>();
  return {
    wait<T>(search: () => T | undefined, timeout: number, explain: () => string): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          check() {
            const found = search();
            if (found === undefined) return false;
            clearTimeout(timer);
            waiting.delete(waiter);
            resolve(found);
            return true;
          },
        };
        const timer = setTimeout(() => {
          waiting.delete(waiter);
          reject(new Error(explain()));
        }, timeout);
        waiting.add(waiter);
        waiter.check();
      });
    },
    recheck(): void {
      for (const waiter of [...waiting]) waiter.check();
    },
  };
};
