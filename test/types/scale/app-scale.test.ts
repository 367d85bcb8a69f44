// A typed bus at the size of a real app: a generated map of 2000 keys in nested namespaces, used
// through every typed entry (patterns, classes, middleware, registry, hooks, test bus, waitForEvent),
// must compile without errors, at a cost that follows the app rather than the map times the calls,
// and a mistyped key must still be an error that names it. The cost is counted in type
// instantiations, which are deterministic for a given source (time is not asserted on).
// `npx tsx test/types/scale/measure.ts` prints the same app's figures, and mitt's, at other sizes.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppOptions, hubbubAppFiles, typoFile } from './app-source.ts';
import { type AppCheck, checkApp, writeApp } from './compile-app.ts';

const APP: AppOptions = { keys: 2000, calls: 100 };
/**
 * About 170,000 when this was written. Before patterns were matched key by key only after a cut
 * by the pattern's outline, and before overload inference stopped going through the payloads, the
 * same app took 2.8 million (and half a minute of checking or more); with the cut but a pattern still matched
 * while it was a type parameter, 600,000.
 */
const MAX_INSTANTIATIONS = 300_000;

const typos = typoFile(APP);
let dir = '';
let checked: AppCheck;

beforeAll(() => {
  dir = writeApp(hubbubAppFiles(APP), 'hubbub-app-scale-');
  // The last root file by name, so checked last: the app's own count does not include it.
  writeFileSync(join(dir, 'typos.tsx'), typos.text);
  checked = checkApp(dir);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`an app of ${APP.keys} event keys`, () => {
  it('compiles without errors: every payload, pattern union and class instance typed as expected', () => {
    expect(
      checked.diagnostics.filter((diagnostic) => diagnostic.file !== 'typos.tsx').map(({ file, line, text }) => `${file}:${line}: ${text}`),
    ).toEqual([]);
  });

  it(`takes fewer than ${MAX_INSTANTIATIONS.toLocaleString('en')} type instantiations to check`, () => {
    const appInstantiations = Object.entries(checked.instantiationsByFile)
      .filter(([file]) => file !== 'typos.tsx')
      .reduce((sum, [, count]) => sum + count, 0);
    expect(appInstantiations, JSON.stringify(checked.instantiationsByFile)).toBeLessThan(MAX_INSTANTIATIONS);
  });

  it.each(typos.cases.map((typo, index) => ({ ...typo, line: typos.firstLine + index })))(
    'a mistyped key in $entry is an error that names $typo',
    ({ typo, line }) => {
      const errors = checked.diagnostics.filter((diagnostic) => diagnostic.file === 'typos.tsx' && diagnostic.line === line);
      expect(errors.length, typos.text.split('\n')[line - 1]).toBeGreaterThan(0);
      for (const error of errors) expect(error.text).toContain(`"${typo}"`);
    },
  );
});
