/**
 * `JSON.stringify`'s replacer that refuses what JSON would lose without a word: a function or a
 * symbol (dropped), and an object JSON sees as empty though it is not a plain one (a Map, a Set,
 * an Error, an instance whose data is private: all `{}`). Dates (ISO text) and other objects with
 * `toJSON` pass, as do plain objects and arrays.
 */
const refuseLossy = (key: string, value: unknown): unknown => {
  const kind = typeof value;
  if (
    kind === 'function' ||
    kind === 'symbol' ||
    (value &&
      kind === 'object' &&
      !Array.isArray(value) &&
      !Object.keys(value).length &&
      ![Object.prototype, null].includes(Object.getPrototypeOf(value)))
  ) {
    throw new TypeError(`"${key}": ${kind === 'object' ? (value as object).constructor?.name : kind}`);
  }
  return value;
};

/**
 * `value` as JSON text, or a TypeError naming what JSON cannot carry faithfully: a BigInt, a
 * cycle, or what {@link refuseLossy} refuses.
 *
 * @example
 * toPlainJson({ at: new Date(0), tags: ['a'] }) // '{"at":"1970-01-01T00:00:00.000Z","tags":["a"]}'
 * toPlainJson({ seen: new Set(['a']) }) // throws TypeError: "seen": Set
 */
export const toPlainJson = (value: unknown): string => JSON.stringify(value, refuseLossy);
