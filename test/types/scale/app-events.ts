/**
 * The event map of a generated app: `count` keys across nested namespaces (`cart/added`,
 * `cart/item/added`, `cart/item/price/changed`), each with a payload a real app would carry, and
 * the same segment matching as the bus's patterns, so a generated pattern call can state the
 * union it must infer.
 */

const DOMAINS = [
  'cart',
  'user',
  'order',
  'catalog',
  'payment',
  'shipping',
  'inventory',
  'search',
  'auth',
  'notification',
  'review',
  'wishlist',
  'checkout',
  'promo',
  'analytics',
  'settings',
  'chat',
  'media',
  'admin',
  'report',
] as const;
const ENTITIES = ['item', 'session', 'profile', 'line', 'address', 'card', 'filter', 'page', 'draft', 'token', 'quota', 'badge'] as const;
const DETAILS = ['price', 'status', 'count', 'label'] as const;
const ACTIONS = [
  'added',
  'removed',
  'updated',
  'loaded',
  'failed',
  'requested',
  'succeeded',
  'expired',
  'opened',
  'closed',
  'changed',
  'cleared',
] as const;

/** One key of the generated map: its name, its payload type as source text, and a value of it. */
export interface GeneratedKey {
  readonly name: string;
  readonly domain: string;
  /** The payload type, as written in the map. */
  readonly payload: string;
  /** A payload expression of that type; undefined when the payload may be left out (`void`, `| undefined`). */
  readonly value: string | undefined;
  /** A field every payload of the key has, to read in a handler; undefined for non-object payloads. */
  readonly field: string | undefined;
}

/** The payload shapes a real app mixes: ids and timestamps, money, user references, errors, none. */
const payloadOf = (index: number, entity: string): Pick<GeneratedKey, 'payload' | 'value' | 'field'> => {
  const id = `${entity}Id`;
  switch (index % 8) {
    case 0:
      return { payload: `{ ${id}: string; at: number }`, value: `{ ${id}: 'x', at: 1 }`, field: id };
    case 1:
      return { payload: `{ sku: string; qty: number; ${id}?: string }`, value: `{ sku: 'tea', qty: 1 }`, field: 'sku' };
    case 2:
      return { payload: 'void', value: undefined, field: undefined };
    case 3:
      return { payload: 'string', value: `'${entity}'`, field: undefined };
    case 4:
      return { payload: 'number | undefined', value: undefined, field: undefined };
    case 5:
      return {
        payload: `{ ${id}: string; lines: readonly CartLine[]; total: Money }`,
        value: `{ ${id}: 'x', lines: [], total: { amount: 1, currency: 'EUR' } }`,
        field: 'total',
      };
    case 6:
      return {
        payload: `{ user: UserRef; reason?: string; ${id}: string }`,
        value: `{ user: { id: 'u1', name: 'Ada' }, ${id}: 'x' }`,
        field: 'user',
      };
    default:
      return {
        payload: `{ readonly error: Error; retry: boolean; ${id}: string }`,
        value: `{ error: new Error('x'), retry: false, ${id}: 'x' }`,
        field: 'retry',
      };
  }
};

/** Every key name the generator can make, domain by domain, in a fixed order. */
function* candidateNames(): Generator<readonly [domain: string, entity: string, name: string]> {
  for (let round = 0; ; round++) {
    const suffix = round === 0 ? '' : String(round + 1);
    for (const [entityIndex, entity] of ENTITIES.entries()) {
      for (const action of ACTIONS) {
        for (const domain of DOMAINS) {
          const named = `${entity}${suffix}`;
          if (entityIndex === 0 && round === 0) yield [domain, domain, `${domain}/${action}`];
          yield [domain, named, `${domain}/${named}/${action}`];
          const detail = DETAILS[(entityIndex + round) % DETAILS.length] ?? 'status';
          if (entityIndex % 3 === 0) yield [domain, named, `${domain}/${named}/${detail}/${action}`];
        }
      }
    }
  }
}

/**
 * The first `count` keys of the generated map: spread over every domain, one to four segments.
 *
 * @example
 * appEventKeys(3).map((key) => key.name) // ['cart/added', 'cart/item/added', 'cart/item/price/added']
 */
export const appEventKeys = (count: number): GeneratedKey[] => {
  const keys: GeneratedKey[] = [];
  const seen = new Set<string>();
  for (const [domain, entity, name] of candidateNames()) {
    if (keys.length >= count) break;
    if (seen.has(name)) continue;
    seen.add(name);
    keys.push({ name, domain, ...payloadOf(keys.length, entity) });
  }
  return keys;
};

/**
 * Whether a key matches a pattern, by the bus's rule: `*` is one segment, `**` one or more.
 *
 * @example
 * patternMatches('cart/*', 'cart/added') // true; patternMatches('cart/*', 'cart/item/added') // false
 */
export const patternMatches = (pattern: string, key: string): boolean => {
  const matches = (keyParts: readonly string[], patternParts: readonly string[]): boolean => {
    const [head, ...rest] = patternParts;
    if (head === undefined) return keyParts.length === 0;
    if (head === '**') return keyParts.length > 0 && (matches(keyParts.slice(1), rest) || matches(keyParts.slice(1), patternParts));
    return keyParts.length > 0 && (head === '*' || head === keyParts[0]) && matches(keyParts.slice(1), rest);
  };
  return matches(key.split('/'), pattern.split('/'));
};

/**
 * The patterns an app of these keys subscribes to: per domain `d/*` and `d/**`, and across
 * domains `*\/item/added`-like ones, each with the keys it matches (only patterns matching some).
 *
 * @example
 * appPatterns(appEventKeys(100)).find((p) => p.pattern === 'cart/*')?.keys // ['cart/added', 'cart/removed', ...]
 */
export const appPatterns = (keys: readonly GeneratedKey[]): { readonly pattern: string; readonly keys: readonly string[] }[] => {
  const domains = [...new Set(keys.map((key) => key.domain))];
  const candidates = [
    ...domains.flatMap((domain) => [`${domain}/*`, `${domain}/**`, `${domain}/*/added`, `${domain}/**/changed`]),
    '*/item/added',
    '*/*/failed',
    '**/expired',
    '*/session/**',
  ];
  return candidates
    .map((pattern) => ({ pattern, keys: keys.filter((key) => patternMatches(pattern, key.name)).map((key) => key.name) }))
    .filter((entry) => entry.keys.length > 0);
};
