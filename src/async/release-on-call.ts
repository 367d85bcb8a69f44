/**
 * Wraps a teardown (a disconnect, a dispose) so that it runs on the first call only, and is let go
 * of as that call starts. Whoever still holds the returned function afterwards (a `pagehide`
 * listener, a field, a test's variable) then no longer holds what the teardown closed over: the
 * bus, its handlers, buffers of events. The wrapper must be made outside the function that made
 * the teardown: V8 keeps one scope object per function for all of its closures, so a wrapper made
 * there would keep all of it.
 *
 * @example
 * const disconnect = releaseOnCall(() => channel.close())
 * window.addEventListener('pagehide', disconnect) // once called, the listener keeps nothing of the channel
 */
export const releaseOnCall = (teardown: () => void): (() => void) => {
  let pending: (() => void) | undefined = teardown;
  return () => {
    const run = pending;
    pending = undefined;
    run?.();
  };
};
