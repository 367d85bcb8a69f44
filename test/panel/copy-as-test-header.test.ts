import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src/devtools/panel/model/event-record';
import { DEFAULT_TEST_SETUP, stepsOf, testFileOf } from '../../src/devtools/panel/model/test-file';

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

describe('Copy as test: causation that loops (an imported or hostile log)', () => {
  const record = (id: string, seq: number, causationId?: string) =>
    ({
      key: `top/s/b#${id}`,
      instanceKey: 'top/s/b',
      id,
      seq,
      eventType: `type-${id}`,
      correlationId: 'c',
      timestamp: 1,
      middleware: [],
      handlers: [],
      payload: null,
      depth: 0,
      via: 'emit',
      replayed: false,
      ...(causationId === undefined ? {} : { causationId }),
    }) as unknown as EventRecord;

  it('lists an event that names itself as its cause once', () => {
    const self = record('e1', 1, 'e1');
    expect(stepsOf([self], [self]).map((step) => step.followUps.map((r) => r.id))).toEqual([[]]);
  });

  it('lists each event of a loop once (a caused by b, b caused by a)', () => {
    const [a, b] = [record('a', 1, 'b'), record('b', 2, 'a')];
    const steps = stepsOf([a, b], [a, b]);
    expect(steps.map((step) => [step.root.id, step.followUps.map((r) => r.id)])).toEqual([['a', ['b']]]);
    expect(
      testFileOf({
        format: 'vitest',
        events: [a, b],
        log: [a, b],
        busName: 'shop',
        pageUrl: undefined,
        setupImport: DEFAULT_TEST_SETUP,
        now: new Date(0),
      }),
    ).toContain("type: 'type-b'");
  });
});
