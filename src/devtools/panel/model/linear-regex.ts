import { RegExpValidator } from '@eslint-community/regexpp';
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/** A regular expression the filter can run, or why it cannot: it is invalid, or uses what a linear-time engine cannot do. */
export type LinearRegex = { readonly ok: true; readonly test: (text: string) => boolean } | { readonly ok: false; readonly error: string };

/** Case-insensitive as before; lookbehinds are supported by re2js in linear time when asked for. */
const FLAGS = RE2JS.CASE_INSENSITIVE | RE2JS.LOOKBEHINDS;

const unsupported = (feature: string, fix: string): string =>
  `${feature} is not supported in the filter, which runs regular expressions in linear time so that no pattern can freeze the panel. ${fix}`;

/** What a valid JavaScript pattern uses that RE2 has no way to run (a backtracking engine is the only one that can). */
const backtrackingOnly = (source: string): string | undefined => {
  let found: { start: number; error: string } | undefined;
  const note = (start: number, error: string) => {
    if (found === undefined || start < found.start) found = { start, error };
  };
  const validator = new RegExpValidator({
    onLookaroundAssertionEnter: (start, kind, negate) => {
      if (kind !== 'lookahead') return;
      note(
        start,
        negate
          ? unsupported(
              'Negative lookahead (?!…)',
              'To hide the events a pattern matches, type that pattern and check invert; or turn regex off.',
            )
          : unsupported('Lookahead (?=…)', 'Make what it looks for part of the match, or turn regex off.'),
      );
    },
    onBackreference: (start, end) => {
      note(
        start,
        unsupported(
          `The backreference ${source.slice(start, end)}`,
          'Repeat what the group matches instead ((ab)ab for (ab)\\1), or turn regex off.',
        ),
      );
    },
  });
  try {
    // The filter's own flag is `i`: patterns are read as `new RegExp(source, 'i')` reads them (Annex B, no `u`).
    validator.validatePattern(source, 0, source.length, { unicode: false });
  } catch (error) {
    return `The filter cannot read this regular expression (${(error as Error).message}). Rewrite it, or turn regex off.`;
  }
  return found?.error;
};

/** The filter's message for a pattern RE2 refuses, naming the part and the fix. */
const re2Refusal = (error: unknown): string => {
  if (!(error instanceof RE2JSSyntaxException)) {
    const reason = error instanceof RE2JSException ? error.message : String(error);
    return `The filter cannot run this regular expression (${reason}). Simplify it, or turn regex off.`;
  }
  switch (error.error) {
    case 'invalid capture in lookbehind':
      return unsupported('A capturing group inside a lookbehind', 'Write (?:…) instead of (…) inside (?<=…) or (?<!…).');
    case 'invalid repeat count':
      return unsupported(
        `Repeating more than 1000 times (${error.input ?? 'a count'} here; nested counts multiply)`,
        'Use smaller counts, or + or *.',
      );
    case 'expression too large':
    case 'expression nests too deeply':
      return `This regular expression is too large for the filter (${error.error}). Shorten it, or turn regex off.`;
    default:
      return `The filter cannot run ${error.input ? `${error.input} in ` : ''}this regular expression (${error.error}). Rewrite that part, or turn regex off.`;
  }
};

/**
 * Compiles a filter's regular expression, written as in JavaScript and matched case-insensitively,
 * for re2js: a port of RE2 whose matching time grows linearly with the text whatever the pattern,
 * so `(a|a)+$` or `(x|xy)*z` over text that almost matches cannot freeze the panel as JavaScript's
 * backtracking engine does. What only a backtracking engine can run (lookahead, backreferences),
 * and what RE2 refuses (a capture inside a lookbehind, counts past 1000), comes back as a message
 * that names it and says what to do instead; an invalid pattern says so as the browser words it.
 *
 * @example
 * const regex = compileLinearRegex('(a|a)+$')
 * if (regex.ok) regex.test('a'.repeat(5_000) + 'b') // false, at once
 * @example
 * compileLinearRegex('cart(?=:add)') // { ok: false, error: 'Lookahead (?=…) is not supported in the filter, …' }
 */
export const compileLinearRegex = (source: string): LinearRegex => {
  try {
    // Only parsed (never run here): the browser's own verdict and wording for invalid patterns.
    new RegExp(source, 'i');
  } catch (error) {
    // The engine's message already says "Invalid regular expression" (V8, SpiderMonkey): say it once.
    const reason = (error as Error).message.replace(/^invalid regular expression:?\s*/i, '');
    return { ok: false, error: `Invalid regular expression: ${reason}. Fix the pattern or turn regex off.` };
  }
  const refused = backtrackingOnly(source);
  if (refused !== undefined) return { ok: false, error: refused };
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(RE2JS.translateRegExp(source), FLAGS);
  } catch (error) {
    return { ok: false, error: re2Refusal(error) };
  }
  return { ok: true, test: (text) => regex.test(text) };
};
