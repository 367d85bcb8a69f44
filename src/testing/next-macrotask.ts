/**
 * The part of a fake clock this needs. Vitest's and Jest's fake timers are @sinonjs/fake-timers,
 * which puts its clock on each function it replaces (`setTimeout.clock`): Testing Library detects
 * fake timers the same way.
 */
interface FakeClock {
  tickAsync?: (ms: number) => Promise<unknown>;
}

/**
 * Jest's mark on its mock functions (its legacy fake timers replace setTimeout by one). Jest's own
 * name, read by a computed key so it is not taken for one of ours: listed in mangle.json, the build
 * would shorten it, and legacy fake timers would go unnoticed.
 */
const JEST_MOCK_MARK = '_isMockFunction';

type MaybeFakeSetTimeout = typeof setTimeout & { clock?: FakeClock; [JEST_MOCK_MARK]?: boolean };

/**
 * Resolves after one macrotask: what was due by then has run, promise chains included. Under fake
 * timers (`vi.useFakeTimers()`, `jest.useFakeTimers()`) a `setTimeout(resolve, 0)` would wait until
 * the test advanced them, so the fake clock is advanced by 0 ms instead: the same 0 ms timers run,
 * and the test's time does not move. Jest's legacy fake timers have no clock to advance: it rejects
 * naming them and the fix, rather than waiting for ever.
 *
 * @example
 * await bus.publish('cart/itemAdded', { sku: 'tea' })
 * await nextMacrotask('my test') // its handlers' awaits and setTimeout(0)s are done, fake timers or not
 */
export const nextMacrotask = (where: string): Promise<unknown> => {
  const timer = setTimeout as MaybeFakeSetTimeout;
  const faked = Object.hasOwn(timer, 'clock') || timer[JEST_MOCK_MARK] === true;
  if (!faked) return new Promise((resolve) => setTimeout(resolve, 0));
  const clock = timer.clock;
  if (typeof clock?.tickAsync === 'function') return clock.tickAsync(0);
  return Promise.reject(
    new Error(
      `[hubbub] ${where}: setTimeout is faked by timers it cannot advance (Jest's legacy fake timers?), so waiting for the next macrotask would last until the test advanced them. Pass options.settle, e.g. () => jest.runOnlyPendingTimers(), or use modern fake timers.`,
    ),
  );
};
