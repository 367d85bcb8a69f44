import { type AST, RegExpParser, visitRegExpAST } from '@eslint-community/regexpp';
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/** A regular expression the filter can run, or why it cannot: it is invalid, or uses what a linear-time engine cannot do. */
export type LinearRegex = { readonly ok: true; readonly test: (text: string) => boolean } | { readonly ok: false; readonly error: string };

/** Case-insensitive as before; lookbehinds are supported by re2js in linear time when asked for. */
const FLAGS = RE2JS.CASE_INSENSITIVE | RE2JS.LOOKBEHINDS;

const unsupported = (feature: string, fix: string): string =>
  `${feature} is not supported in the filter, which runs regular expressions in linear time so that no pattern can freeze the panel. ${fix}`;

/**
 * The pattern as `new RegExp(source, 'i')` reads it (Annex B, no `u`: the filter's own flag is
 * `i`), or why the filter cannot read it.
 */
const parse = (source: string): { readonly pattern: AST.Pattern } | { readonly error: string } => {
  try {
    return { pattern: new RegExpParser().parsePattern(source, 0, source.length, { unicode: false }) };
  } catch (error) {
    return { error: `The filter cannot read this regular expression (${(error as Error).message}). Rewrite it, or turn regex off.` };
  }
};

/** What a valid JavaScript pattern uses that RE2 has no way to run (a backtracking engine is the only one that can): the first of them. */
const backtrackingOnly = (pattern: AST.Pattern): string | undefined => {
  let found: { start: number; error: string } | undefined;
  const note = (start: number, error: string) => {
    if (found === undefined || start < found.start) found = { start, error };
  };
  visitRegExpAST(pattern, {
    onAssertionEnter: (node) => {
      if (node.kind !== 'lookahead') return;
      note(
        node.start,
        node.negate
          ? unsupported(
              'Negative lookahead (?!…)',
              'To hide the events a pattern matches, type that pattern and check invert; or turn regex off.',
            )
          : unsupported('Lookahead (?=…)', 'Make what it looks for part of the match, or turn regex off.'),
      );
    },
    onBackreferenceEnter: (node) => {
      note(
        node.start,
        unsupported(`The backreference ${node.raw}`, 'Repeat what the group matches instead ((ab)ab for (ab)\\1), or turn regex off.'),
      );
    },
  });
  return found?.error;
};

/**
 * JavaScript's `\s`: White_Space and the line terminators (RE2's is ASCII only, so a no-break
 * space, an em space or U+3000 in a payload would not match). Written for inside a class.
 */
const JS_SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/** Every code point but those of {@link JS_SPACE}: `\S` inside a class, where RE2 cannot nest a negated one. */
const JS_NOT_SPACE =
  '\\u0000-\\u0008\\u000e-\\u001f\\u0021-\\u009f\\u00a1-\\u167f\\u1681-\\u1fff\\u200b-\\u2027\\u202a-\\u202e\\u2030-\\u205e\\u2060-\\u2fff\\u3001-\\ufefe\\uff00-\\u{10ffff}';
/** JavaScript's `.` (without the s flag): anything but a line terminator, where RE2's stops only at `\n`. */
const JS_ANY = '[^\\n\\r\\u2028\\u2029]';

/** A class member as RE2 reads it the way JavaScript does: `\s` and `\S` spelled out, a lone `-` escaped (so no spelled-out set forms a range with it). */
const classMember = (element: AST.CharacterClassElement): string => {
  if (element.type === 'CharacterSet' && element.kind === 'space') return element.negate ? JS_NOT_SPACE : JS_SPACE;
  if (element.type === 'Character' && element.raw === '-') return '\\-';
  return element.raw;
};

/**
 * `source` with what RE2 reads otherwise than JavaScript written out as JavaScript reads it: `.`
 * and `\s`/`\S` (RE2's stop at `\n` only, and know ASCII spaces only). The rest is left as written.
 */
const asJavaScriptReadsIt = (source: string, pattern: AST.Pattern): string => {
  const edits: { start: number; end: number; text: string }[] = [];
  visitRegExpAST(pattern, {
    onCharacterSetEnter: (node) => {
      if (node.parent.type === 'CharacterClass') return;
      if (node.kind === 'any') edits.push({ start: node.start, end: node.end, text: JS_ANY });
      else if (node.kind === 'space') edits.push({ start: node.start, end: node.end, text: `[${node.negate ? '^' : ''}${JS_SPACE}]` });
    },
    onCharacterClassEnter: (node) => {
      if (!node.elements.some((element) => element.type === 'CharacterSet' && element.kind === 'space')) return;
      edits.push({ start: node.start, end: node.end, text: `[${node.negate ? '^' : ''}${node.elements.map(classMember).join('')}]` });
    },
  });
  let rewritten = source;
  for (const { start, end, text } of edits.sort((first, second) => second.start - first.start)) {
    rewritten = rewritten.slice(0, start) + text + rewritten.slice(end);
  }
  return rewritten;
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
 * `.`, `\s` and `\S` match what they match in JavaScript (RE2's own stop at `\n` only, and know
 * ASCII spaces only).
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
  const parsed = parse(source);
  if ('error' in parsed) return { ok: false, error: parsed.error };
  const refused = backtrackingOnly(parsed.pattern);
  if (refused !== undefined) return { ok: false, error: refused };
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(RE2JS.translateRegExp(asJavaScriptReadsIt(source, parsed.pattern)), FLAGS);
  } catch (error) {
    return { ok: false, error: re2Refusal(error) };
  }
  return { ok: true, test: (text) => regex.test(text) };
};
