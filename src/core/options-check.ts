/**
 * An API's options checked against a table of rules before they are used, for apps written in
 * JavaScript (or through `any`), where a mistyped option would otherwise be ignored in silence, or
 * end in "Cannot read properties of undefined" deep inside. The browser APIs guard the call with
 * `process.env.NODE_ENV !== 'production'`, so production builds drop it and this file; the relay,
 * a server read once at start, checks in every build.
 */

/**
 * What an option must be: `test` says whether a value is one, `mustBe` says it in the message
 * ("options.maxDepth must be …"), `required` when it has no default.
 *
 * @example
 * const maxDepth: OptionRule = { test: (value) => Number.isInteger(value) && (value as number) > 0, mustBe: 'a whole number above 0' }
 */
export interface OptionRule {
  readonly test: (value: unknown) => boolean;
  readonly mustBe: string;
  readonly required?: boolean;
}

/** A function (a callback, a class). */
export const FUNCTION_RULE: OptionRule = { test: (value) => typeof value === 'function', mustBe: 'a function' };
/** true or false. */
export const BOOLEAN_RULE: OptionRule = { test: (value) => typeof value === 'boolean', mustBe: 'true or false' };
/**
 * A test for an object that has these methods (a registry, a signal, an element).
 *
 * @example
 * const registry: OptionRule = { test: hasMethods('has', 'decode'), mustBe: 'the registry made by createRegistry()' }
 */
export const hasMethods =
  (...methods: readonly string[]) =>
  (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');
/** A string with at least one character (a name, an address, a CSS value). */
export const isNonEmptyString = (value: unknown): boolean => typeof value === 'string' && value !== '';
/** Any value: an option checked where it is used, listed so that it is not reported as unknown. */
export const CHECKED_WHERE_USED: OptionRule = { test: () => true, mustBe: '' };

/** Said once per unknown option name, per call: a hot reload calls the API again. Bounded: options may come from data. */
const warnedUnknown = new Set<string>();
const MAX_WARNED_UNKNOWN = 256;

/** How a value is shown in a message: strings quoted, the rest by their kind. */
const shown = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;

/** Letters to add, drop, change or swap with the next to turn `a` into `b` (optimal string alignment distance). */
const editDistance = (a: string, b: string): number => {
  const rows = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const above = rows[i - 1] as number[];
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let distance = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(distance);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
};

/** The known option `name` is most likely a typo of: a letter or two off (one for short names), case aside. */
const likelyMeant = (name: string, known: readonly string[]): string | undefined =>
  known.find((option) => editDistance(option.toLowerCase(), name.toLowerCase()) <= (option.length > 6 ? 2 : 1));

/**
 * Throws a TypeError that names the option, what it must be and what was given, for options that
 * are not an object or a missing or ill-typed option (with the likely typo, when a required one
 * is missing); warns once (through `warn`) about an option the API does not know, with the one it
 * most likely meant. `call` starts each message; `example` shows options as an object.
 *
 * @example
 * if (process.env.NODE_ENV !== 'production') checkOptionRules('[hubbub] createBus(options)', BUS_OPTIONS, options, "{ name: 'shop' }")
 */
export const checkOptionRules = (
  call: string,
  rules: Readonly<Record<string, OptionRule>>,
  options: unknown,
  example: string,
  warn: (message: string) => void = console.warn,
): void => {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${call}: options must be an object, such as ${example}; got ${shown(options)}.`);
  }
  const given = options as Record<string, unknown>;
  const unknownNames = Object.keys(given).filter((name) => !Object.hasOwn(rules, name));
  for (const [name, rule] of Object.entries(rules)) {
    const value = given[name];
    if ((value === undefined && !rule.required) || rule.test(value)) continue;
    const typo = value === undefined ? unknownNames.find((other) => likelyMeant(other, [name])) : undefined;
    const instead = typo === undefined ? `got ${shown(value)}` : `got "${typo}": ${shown(given[typo])} instead`;
    throw new TypeError(`${call}: options.${name} must be ${rule.mustBe}; ${instead}.`);
  }
  for (const name of unknownNames) {
    if (warnedUnknown.has(`${call}.${name}`)) continue;
    if (warnedUnknown.size >= MAX_WARNED_UNKNOWN) warnedUnknown.clear();
    warnedUnknown.add(`${call}.${name}`);
    const meant = likelyMeant(name, Object.keys(rules));
    warn(`${call}: unknown option "${name}", ignored${meant === undefined ? '' : `; did you mean "${meant}"?`}`);
  }
};
