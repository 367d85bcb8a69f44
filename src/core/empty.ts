/** The one shared empty list: a key nobody subscribes to, a report with no errors (frozen: reports hand it to users). */
export const EMPTY: readonly never[] = Object.freeze([]);
