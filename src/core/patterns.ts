/** Subscription patterns (`'cart/*'`, `'cart/**'`): one meaning for the bus, the panel's filter and the devtools' recording controls. */

/**
 * Whether a string key is a pattern: one of its `/`-separated segments is `*` (exactly one
 * segment) or `**` (one or more). `'*'` alone is not a pattern but every event.
 *
 * @example
 * isPattern('cart/*') // true; isPattern('cart/added') // false; isPattern('*') // false
 */
export const isPattern = (key: string): boolean => key !== '*' && key.includes('*') && /(^|\/)\*\*?(\/|$)/.test(key);

/**
 * The RegExp a pattern stands for: `*` is one segment, `**` one or more; everything else literal.
 *
 * @example
 * matcherOf('cart/*').test('cart/added') // true
 */
export const matcherOf = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('/')
      .map((segment) => (segment === '**' ? '.+' : segment === '*' ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

/**
 * A test of event types against a pattern, or against one exact type when it is not a pattern.
 *
 * @example
 * const matches = keyMatcher('cart/*'); matches('cart/added') // true; matches('cart/item/priced') // false
 */
export const keyMatcher = (patternOrKey: string): ((key: string) => boolean) => {
  if (!isPattern(patternOrKey)) return (key) => key === patternOrKey;
  const matcher = matcherOf(patternOrKey);
  return (key) => matcher.test(key);
};
