// Strings the page sends: every one capped, and a capped one never keeps its original alive.

/**
 * A fresh, flat copy of the first `length` characters of `text`. `text.slice()` alone makes a
 * V8 "sliced string" that points into the original: a 10,000-character preview of a 50 MB string
 * would keep all 50 MB alive for as long as the ring buffer holds the entry. Concatenating, then
 * slicing, makes V8 flatten the concatenation into a new string of `length + 1` characters, and
 * the result points only into that.
 *
 * @example
 * const preview = copyStart(hugeText, 10_000) // hugeText can now be collected
 */
export const copyStart = (text: string, length: number): string => ` ${text.slice(0, length)}`.slice(1);

/**
 * `text`, or its first `max` characters (a fresh copy) followed by how many were left out.
 *
 * @example
 * clip('abcdef', 3) // 'abc… (3 more characters)'
 */
export const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${copyStart(text, max)}… (${text.length - max} more characters)`;

/**
 * What was thrown, as a short text (capped at `max` characters). Never throws, whatever was thrown.
 *
 * @example
 * messageOf(new Error('boom')) // 'boom'
 */
export const messageOf = (error: unknown, max = 10_000): string => {
  try {
    return clip(error instanceof Error ? String(error.message) : String(error), max);
  } catch {
    return 'unknown error';
  }
};
