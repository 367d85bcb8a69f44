/**
 * The one shared empty list: a key nobody subscribes to, a report with no errors (frozen: reports
 * hand it to users).
 *
 * @example
 * const report = { id, type, delivered: 0, errors: EMPTY }
 */
export const EMPTY: readonly never[] = Object.freeze([]);
