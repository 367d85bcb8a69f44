import { isPattern } from './patterns';

/**
 * Whether a key stands for many events (`'*'` or a pattern): a subscription may take it, but no
 * event is delivered under it, so it cannot name a sticky key, a registry type or a saga step.
 *
 * @example
 * isWildcardKey('*') // true; isWildcardKey('cart/*') // true; isWildcardKey('cart/added') // false
 */
export const isWildcardKey = (key: string): boolean => key === '*' || isPattern(key);
