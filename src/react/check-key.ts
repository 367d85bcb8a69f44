'use client';

/**
 * Throws, while the component renders, the TypeError naming `hook` for a key that is no string
 * key, pattern, `'*'` or event class (often a prop that was not passed). Checked in render, not
 * left to the subscription: the server never subscribes, and the error then names the hook.
 */
export const checkKey = (hook: string, key: unknown): void => {
  if (typeof key !== 'string' && typeof key !== 'function') {
    throw new TypeError(`[hubbub] ${hook} needs a string key or an event class; got ${key === null ? 'null' : typeof key}.`);
  }
};
