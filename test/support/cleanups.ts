import { afterEach } from 'vitest';

/**
 * A list each test pushes its closers onto (relays, engines, clients); after every test they run,
 * newest first, and the list empties.
 *
 * @example
 * const cleanups = cleanupsAfterEach(); cleanups.push(() => relay.close())
 */
export const cleanupsAfterEach = (): (() => unknown)[] => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
};
