import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_SETUP, testFileOf } from '../../src/devtools/panel/model/test-file';

const injected = 'require("node:child_process").execSync("id"); //';

describe('Copy as test: what the page names goes into comments as text, never as code', () => {
  it.each([
    ['a bus name with a newline', `shop\n${injected}`, 'http://localhost:5173/'],
    ['a bus name with a carriage return', `shop\r${injected}`, 'http://localhost:5173/'],
    ['a page URL with U+2028', 'shop', `http://localhost:5173/\u2028${injected}`],
    ['a page URL with U+2029', 'shop', `http://localhost:5173/\u2029${injected}`],
  ])('%s', (_, busName, pageUrl) => {
    for (const format of ['vitest', 'playwright'] as const) {
      const code = testFileOf({ format, events: [], log: [], busName, pageUrl, setupImport: DEFAULT_TEST_SETUP, now: new Date(0) });
      // Every line terminator JavaScript knows: a comment ends at any of them.
      const lines = code.split(/\r\n|[\n\r\u2028\u2029]/);
      const header = lines.slice(
        0,
        lines.findIndex((line) => line.startsWith('import ')),
      );
      expect(header.length).toBeGreaterThan(0);
      for (const line of header) expect(line, format).toMatch(/^\/\//);
      // No line of its own: the same lines as for a plain name, and none starts with the injected code.
      const plain = testFileOf({
        format,
        events: [],
        log: [],
        busName: 'shop',
        pageUrl: 'http://localhost:5173/',
        setupImport: DEFAULT_TEST_SETUP,
        now: new Date(0),
      });
      expect(lines).toHaveLength(plain.split(/\r\n|[\n\r\u2028\u2029]/).length);
      expect(lines.filter((line) => line.trimStart().startsWith('require('))).toEqual([]);
    }
  });

  it('cuts a long bus name in the header', () => {
    const code = testFileOf({
      format: 'vitest',
      events: [],
      log: [],
      busName: 'x'.repeat(100_000),
      pageUrl: undefined,
      setupImport: DEFAULT_TEST_SETUP,
      now: new Date(0),
    });
    expect(code.split('\n')[0]?.length).toBeLessThan(400);
  });
});
