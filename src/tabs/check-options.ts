/**
 * Development only: the options of `connectTabs` and `connectRemote`, checked before they are
 * used, for apps written in JavaScript (or through `any`), where a missing registry or
 * `channel: 'room'` given to connectRemote (which takes `channels: ['room']`) would otherwise end
 * in "Cannot read properties of undefined", or in a connection that silently does something else.
 * Callers guard the call with `process.env.NODE_ENV !== 'production'`, so production builds drop it.
 */

/** How each option is checked: what it must be, said as the message's "must be …". */
type Rule = { readonly test: (value: unknown) => boolean; readonly mustBe: string; readonly required?: boolean };

const isNonEmptyString = (value: unknown) => typeof value === 'string' && value !== '';
const isFunction = (value: unknown) => typeof value === 'function';
const isObject = (value: unknown) => typeof value === 'object' && value !== null;
const isEventTypeList = (value: unknown) =>
  Array.isArray(value) && value.every((type) => isNonEmptyString(type) || typeof type === 'function');
const isRegistry = (value: unknown) =>
  isObject(value) && isFunction((value as { has?: unknown }).has) && isFunction((value as { decode?: unknown }).decode);

const TYPES: Rule = {
  test: isEventTypeList,
  mustBe: "an array of the event keys and classes to bridge, such as types: ['cart/updated', OrderPlaced]",
  required: true,
};
const REGISTRY: Rule = {
  test: isRegistry,
  mustBe: "the registry that defines those types: createRegistry<Events>().define('cart/updated')",
  required: true,
};
const CALLBACK: Rule = { test: isFunction, mustBe: 'a function' };
const NUMBER: Rule = { test: (value) => typeof value === 'number', mustBe: 'a number' };
const ANY: Rule = { test: () => true, mustBe: '' };

/** The options of each API, by name, with their rules. Options checked where they are used are `ANY` here. */
const OPTIONS = {
  connectTabs: {
    channel: { test: isNonEmptyString, mustBe: "the name of the BroadcastChannel, such as channel: 'shop'", required: true },
    types: TYPES,
    registry: REGISTRY,
    syncSticky: { test: (value) => typeof value === 'boolean', mustBe: 'true or false' },
    syncWaitMs: NUMBER,
    dedupe: ANY,
    source: ANY,
    onError: CALLBACK,
    onInvalid: CALLBACK,
    BroadcastChannel: CALLBACK,
  },
  connectRemote: {
    url: ANY,
    channels: {
      test: (value) => Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString),
      mustBe: "a non-empty array of channel names, such as channels: ['shop']",
      required: true,
    },
    types: TYPES,
    registry: REGISTRY,
    token: ANY,
    publishTo: ANY,
    outboxLimit: NUMBER,
    backoff: ANY,
    resume: ANY,
    dedupe: ANY,
    WebSocket: CALLBACK,
    source: ANY,
    secret: ANY,
    rewind: NUMBER,
    since: ANY,
    onStatus: CALLBACK,
    onResync: CALLBACK,
    onError: CALLBACK,
    onInvalid: CALLBACK,
  },
} as const satisfies Record<string, Record<string, Rule>>;

const MODULE_OF = { connectTabs: 'hubbub/tabs', connectRemote: 'hubbub/remote' } as const;

/** Said once per unknown option name, per API: a hot reload calls connect again. */
const warnedUnknown = new Set<string>();

/** How a value is shown in a message: strings quoted, the rest by their kind. */
const shown = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;

/** Letters to add, drop or change to turn `a` into `b` (Levenshtein). */
const editDistance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const change = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(change, (previous[j] as number) + 1, (row[j - 1] as number) + 1));
    }
    previous = row;
  }
  return previous[b.length] as number;
};

/** The known option `name` is most likely a typo of: a letter or two off (one for short names), case aside. */
const likelyMeant = (name: string, known: readonly string[]): string | undefined =>
  known.find((option) => editDistance(option.toLowerCase(), name.toLowerCase()) <= (option.length > 6 ? 2 : 1));

/**
 * Throws a TypeError that names the option, what it must be and what was given, for a missing or
 * ill-typed option; warns once about an option the API does not know, with the one it most likely meant.
 *
 * @example
 * if (process.env.NODE_ENV !== 'production') checkOptions('connectRemote', options)
 */
export const checkOptions = (api: keyof typeof OPTIONS, options: unknown): void => {
  const prefix = `[${MODULE_OF[api]}] ${api}(bus, options)`;
  const rules: Record<string, Rule> = OPTIONS[api];
  const known = Object.keys(rules);
  if (!isObject(options)) {
    const required = known.filter((name) => rules[name]?.required).join(', ');
    throw new TypeError(`${prefix}: options must be an object with ${required}; got ${shown(options)}.`);
  }
  const given = options as Record<string, unknown>;
  const unknownNames = Object.keys(given).filter((name) => !(name in rules));
  for (const [name, rule] of Object.entries(rules)) {
    const value = given[name];
    if (value === undefined && !rule.required) continue;
    if (rule.test(value)) continue;
    const typo = value === undefined ? unknownNames.find((other) => likelyMeant(other, [name])) : undefined;
    const instead = typo === undefined ? `got ${shown(value)}` : `got "${typo}": ${shown(given[typo])} instead`;
    throw new TypeError(`${prefix}: options.${name} must be ${rule.mustBe}; ${instead}.`);
  }
  for (const name of unknownNames) {
    if (warnedUnknown.has(`${api}.${name}`)) continue;
    warnedUnknown.add(`${api}.${name}`);
    const meant = likelyMeant(name, known);
    console.warn(`${prefix}: unknown option "${name}", ignored${meant === undefined ? '' : `; did you mean "${meant}"?`}`);
  }
};
