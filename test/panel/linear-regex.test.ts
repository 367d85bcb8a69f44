import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventRecord } from '../../src/devtools/panel/model/event-record';
import { createEventsStore } from '../../src/devtools/panel/model/events';
import { compileFilter, type FilterValues } from '../../src/devtools/panel/model/filters';
import { compileLinearRegex } from '../../src/devtools/panel/model/linear-regex';
import { loadRegexEngine } from '../../src/devtools/panel/model/regex-engine';
import { createVisibleIndex } from '../../src/devtools/panel/model/visible';
import { createFakePage } from './fake-page';
import { forbidNativeMatching, watchLinearEngine } from './native-regex-guard';

// The engine loads apart from the panel, when regex is first used (regex-engine-loading.test.tsx).
beforeAll(async () => {
  expect((await loadRegexEngine()).status).toBe('ready');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const regexFilter = (text: string, invert = false): FilterValues => ({
  eventType: '',
  text,
  regex: true,
  invert,
  instanceKey: '',
  outcome: '',
});

/**
 * A log of events whose payloads are long runs that almost match the slow patterns below (a
 * backtracking engine tries every way to split each run before giving up), and a few that match.
 * Every search text ends with the payload's closing `"}`.
 */
const nearMatchingLog = (): readonly EventRecord[] => {
  const page = createFakePage();
  const events = createEventsStore();
  events
    .getState()
    .ingest('top/s/shop-1', [
      ...page.event('note:almost', { text: `${'a'.repeat(1_900)}b` }),
      ...page.event('note:all-a', { text: 'a'.repeat(1_900) }),
      ...page.event('id:almost', { id: `${'1'.repeat(1_500)}?` }),
      ...page.event('id:shouted', { id: `o${'1'.repeat(1_500)}!` }),
      ...page.event('path:almost', { steps: `${'xy'.repeat(900)}q` }),
      ...page.event('path:arrived', { steps: `${'xy'.repeat(900)}z` }),
      ...page.event('cart:add', { sku: 'blue-mug', qty: 1 }),
    ]);
  return events.getState().records;
};

/** The event types the panel lists for `values`, checking that the filter compiled. */
const listed = (records: readonly EventRecord[], values: FilterValues) => {
  const view = createVisibleIndex().update(records, values);
  expect(view.error).toBeUndefined();
  return view.records.map((record) => record.eventType);
};

describe('the regex filter runs every pattern on a linear-time engine', () => {
  it.each([
    // Exponential for a backtracking engine on a run of a's that does not end the text.
    { pattern: '(a|a)+$', matches: [] },
    { pattern: '(a|a)+"\\}$', matches: ['note:all-a'] },
    // Overlapping classes: exponential on a run of digits with no "!" after it.
    { pattern: '(\\w|\\d)+!', matches: ['id:shouted'] },
    // Quadratic for a backtracking engine: every start in the xy run is tried again.
    { pattern: '(x|xy)*z', matches: ['path:arrived'] },
    { pattern: '(a+)+$', matches: [] },
  ])('accepts $pattern and lists exactly the events it matches, over long text that almost matches', ({ pattern, matches }) => {
    const records = nearMatchingLog();
    expect(compileFilter(regexFilter(pattern)).ok).toBe(true);
    forbidNativeMatching(pattern);
    const linear = watchLinearEngine();

    expect(listed(records, regexFilter(pattern))).toEqual(matches);
    expect(linear).toHaveBeenCalledTimes(records.length);

    const shown = listed(records, regexFilter(pattern, true));
    expect(shown).toEqual(records.map((record) => record.eventType).filter((type) => !matches.includes(type)));
  });

  it('reads patterns as JavaScript writes them, case-insensitively, over the whole search text', () => {
    const page = createFakePage();
    const events = createEventsStore();
    events
      .getState()
      .ingest('top/s/shop-1', [
        ...page.event('cart/added', { sku: 'BLUE-MUG', qty: 3 }),
        ...page.event('order/placed', { orderId: 'o-17', note: `${'n'.repeat(1_500)} tail` }),
      ]);
    const records = events.getState().records;
    const types = (text: string) => listed(records, regexFilter(text));
    expect(types('^CART/')).toEqual(['cart/added']);
    expect(types('(?<item>blue)-mug')).toEqual(['cart/added']);
    expect(types('qty":\\d\\b')).toEqual(['cart/added']);
    expect(types('\\u006f-\\d+')).toEqual(['order/placed']);
    expect(types('(?<=sku":")blue')).toEqual(['cart/added']);
    expect(types('(?<!blue-)mug')).toEqual([]);
    expect(types('(?<!red-)mug')).toEqual(['cart/added']);
    expect(types('[^]tail"\\}$')).toEqual(['order/placed']);
    // Past the first 1,000 characters, as the plain-text filter reads.
    expect(types('n{1000}n{500} tail')).toEqual(['order/placed']);
  });
});

describe('a pattern the linear-time engine cannot run is refused with what to do instead', () => {
  const errorOf = (text: string) => {
    const compiled = compileFilter(regexFilter(text));
    if (!compiled.ok && 'loading' in compiled) throw new Error('The regex engine has not loaded.');
    return compiled.ok ? undefined : compiled.error;
  };

  it('names lookahead, and points a negative one to invert', () => {
    expect(errorOf('cart(?=:add)')).toBe(
      'Lookahead (?=…) is not supported in the filter, which runs regular expressions in linear time so that no pattern can freeze the panel. Make what it looks for part of the match, or turn regex off.',
    );
    expect(errorOf('^(?!cart)')).toMatch(/^Negative lookahead \(\?!…\) is not supported in the filter, .*check invert/);
  });

  it('names the backreference it met, numbered or named', () => {
    expect(errorOf('(ab)\\1')).toMatch(/^The backreference \\1 is not supported in the filter, .*Repeat what the group matches instead/);
    expect(errorOf('(?<word>ab)-\\k<word>')).toMatch(/^The backreference \\k<word> is not supported in the filter/);
    // Without a named group, \k is the letter k in JavaScript: no backreference, and it is read as such.
    expect(errorOf('\\k<word>')).toBeUndefined();
  });

  it('says how to write a lookbehind and a repeat the engine accepts', () => {
    expect(errorOf('(?<=(sku))blue')).toMatch(
      /^A capturing group inside a lookbehind is not supported in the filter, .*Write \(\?:…\) instead of \(…\)/,
    );
    expect(errorOf('a{1001}')).toMatch(/^Repeating more than 1000 times \(\{1001\} here; nested counts multiply\) is not supported/);
    expect(errorOf('(a{100}){20}')).toMatch(/^Repeating more than 1000 times \(\{20\} here/);
  });

  it('still reports an invalid pattern as the browser words it', () => {
    expect(errorOf('cart:(')).toMatch(/^Invalid regular expression: .*\. Fix the pattern or turn regex off\.$/);
  });
});

describe('., \\s and \\S match what they match in JavaScript (RE2 stops . at \\n only, and knows ASCII spaces only)', () => {
  /** JavaScript's own verdict: the filter reads patterns as `new RegExp(source, 'i')` reads them. */
  const javascript = (pattern: string, text: string) => new RegExp(pattern, 'i').test(text);
  const compiledPatterns = new Map<string, (text: string) => boolean>();
  const linear = (pattern: string) => {
    const known = compiledPatterns.get(pattern);
    if (known) return known;
    const compiled = compileLinearRegex(pattern);
    if (!compiled.ok) throw new Error(`${pattern}: ${compiled.error}`);
    compiledPatterns.set(pattern, compiled.test);
    return compiled.test;
  };

  /** Every space and line terminator JavaScript knows, each code point beside one, and the ends of the BMP. */
  const edges = (() => {
    const spaces = [...Array(0x10000).keys()].filter((code) => /\s/.test(String.fromCharCode(code)));
    return [...new Set([0, 0xffff, ...spaces.flatMap((code) => [code - 1, code, code + 1])])]
      .filter((code) => code >= 0 && code <= 0xffff && (code < 0xd800 || code > 0xdfff))
      .map((code) => String.fromCharCode(code));
  })();

  it.each(['^\\s$', '^\\S$', '^.$', '^[\\s]$', '^[^\\s]$', '^[\\S]$', '^[^\\S]$', '^[a\\s]$', '^[\\s-z]$', '^[^a-\\S]$'])(
    '%s agrees with JavaScript on every space, line terminator and the code points beside them',
    (pattern) => {
      const test = linear(pattern);
      for (const text of edges)
        expect([text.codePointAt(0)?.toString(16), test(text)]).toEqual([text.codePointAt(0)?.toString(16), javascript(pattern, text)]);
    },
  );

  it('agrees with JavaScript on patterns made of ., \\s, \\S and classes holding them, over text with Unicode spaces', () => {
    const atom = fc.constantFrom(
      '\\s',
      '\\S',
      '.',
      'a',
      '-',
      'z',
      '[\\s]',
      '[^\\s]',
      '[\\S]',
      '[^\\S]',
      '[a\\s]',
      '[\\s-z]',
      '[a-\\S]',
      '[^a\\S]',
      '[\\s\\S]',
      '[.]',
      '(?:\\s|a)',
    );
    const quantifier = fc.constantFrom('', '', '+', '*', '?', '{2}');
    const pattern = fc
      .tuple(fc.boolean(), fc.array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([start, parts, end]) => `${start ? '^' : ''}${parts.map(([part, times]) => part + times).join('')}${end ? '$' : ''}`);
    const text = fc
      .array(
        fc.constantFrom(
          'a',
          'A',
          'z',
          '-',
          '0',
          'é',
          ' ',
          '\t',
          '\n',
          '\r',
          '\v',
          '\f',
          '\u00a0',
          '\u1680',
          '\u180e',
          '\u2003',
          '\u200b',
          '\u2028',
          '\u2029',
          '\u202f',
          '\u205f',
          '\u3000',
          '\ufeff',
        ),
        { maxLength: 6 },
      )
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(pattern, text, (source, subject) => {
        expect(linear(source)(subject), `${source} on ${JSON.stringify(subject)}`).toBe(javascript(source, subject));
      }),
      { numRuns: 1_000 },
    );
  });
});
