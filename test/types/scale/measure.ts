/**
 * What a typed event map of a real app's size costs the compiler, on hubbub and on mitt: for each
 * size it generates an app into a temp folder and prints `tsc --extendedDiagnostics`'s check time,
 * instantiations, types and memory (the whole program, hubbub's own source included), then the
 * instantiations of the app's files alone (compiler API) and any error.
 *
 *   npx tsx test/types/scale/measure.ts [--keys 100,500,2000] [--calls 100] [--map type|interface] [--keep]
 *
 * `--calls` is the number of call sites per API; `--calls all` uses every key. `--keep` keeps the
 * generated folders (printed) to compile again by hand: `npx tsc --noEmit --extendedDiagnostics -p <folder>`.
 * `--src <folder>` compiles against another copy of `src/` (say an older commit's, from `git archive`).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AppFiles, type AppOptions, hubbubAppFiles, mittAppFiles } from './app-source.ts';
import { checkApp, runTsc, writeApp } from './compile-app.ts';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '100,500,2000' },
    calls: { type: 'string', default: '100' },
    map: { type: 'string', default: 'type' },
    keep: { type: 'boolean', default: false },
    src: { type: 'string' },
  },
});

const sizes = values.keys.split(',').map(Number);
const mapStyle = values.map === 'interface' ? 'interface' : 'type';
const libraries: Record<string, (options: AppOptions) => AppFiles> = { hubbub: hubbubAppFiles, mitt: mittAppFiles };

const rows: Record<string, string | number>[] = [];
for (const keys of sizes) {
  const calls = values.calls === 'all' ? keys : Number(values.calls);
  for (const [library, generate] of Object.entries(libraries)) {
    const dir = writeApp(generate({ keys, calls, mapStyle }), `${library}-scale-${keys}-`, values.src && resolve(values.src));
    const tsc = runTsc(dir);
    const app = checkApp(dir);
    rows.push({
      library,
      keys,
      calls,
      'check time': tsc.figures['Check time'] ?? '?',
      instantiations: tsc.figures.Instantiations ?? '?',
      types: tsc.figures.Types ?? '?',
      memory: tsc.figures['Memory used'] ?? '?',
      'app instantiations': app.instantiations,
      errors: app.errors.length,
    });
    for (const error of app.errors.slice(0, 10)) console.log(`  ${library} ${keys}: ${error}`);
    if (values.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
console.table(rows);
