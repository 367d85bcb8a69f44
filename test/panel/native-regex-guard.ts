import { RE2JS } from 're2js';
import { vi } from 'vitest';

/**
 * Makes JavaScript's own (backtracking) RegExp throw when asked to match one of `sources`, so a
 * test of a slow pattern fails at once, naming the engine, instead of freezing the test run. Other
 * regular expressions (React's, the DOM's) run as usual. Undone by `vi.restoreAllMocks()`.
 *
 * @example
 * forbidNativeMatching('(a|a)+$')
 */
export const forbidNativeMatching = (...sources: string[]): void => {
  const forbidden = new Set(sources);
  const refuse = (regex: RegExp) => {
    if (forbidden.has(regex.source)) throw new Error(`JavaScript's backtracking RegExp was asked to match /${regex.source}/`);
  };
  const originalTest = RegExp.prototype.test;
  const originalExec = RegExp.prototype.exec;
  vi.spyOn(RegExp.prototype, 'test').mockImplementation(function (this: RegExp, text: string) {
    refuse(this);
    return originalTest.call(this, text);
  });
  vi.spyOn(RegExp.prototype, 'exec').mockImplementation(function (this: RegExp, text: string) {
    refuse(this);
    return originalExec.call(this, text);
  });
};

/**
 * Counts the texts the linear-time engine (re2js) tests, calling through to it.
 *
 * @example
 * const linear = watchLinearEngine()
 * // ... filter the log ...
 * expect(linear).toHaveBeenCalledTimes(records.length)
 */
export const watchLinearEngine = () => vi.spyOn(RE2JS.prototype, 'test');
