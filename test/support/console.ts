/**
 * Silences console.error and collects what it is called with, until `cleanups` run.
 *
 * @example
 * const logged = collectConsoleErrors(cleanups); expect(logged[0]?.[0]).toBe('[hubbub/tabs] options.onInvalid threw:')
 */
export const collectConsoleErrors = (cleanups: (() => unknown)[]): unknown[][] => {
  const logged: unknown[][] = [];
  const consoleError = console.error;
  console.error = (...parts: unknown[]) => void logged.push(parts);
  cleanups.push(() => {
    console.error = consoleError;
  });
  return logged;
};
