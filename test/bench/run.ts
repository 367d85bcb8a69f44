/**
 * Runs every test/bench/*.bench.ts file in its own `tsx` process, one after another (the machine
 * is shared and noisy: never in parallel), streaming each table. Exits non-zero, naming the
 * files, if any bench fails.
 *
 * Run: npm run bench            (all)      npm run bench -- core     (files whose name contains "core")
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`[bench] no test/bench/*.bench.ts file${filter ? ` matching "${filter}"` : ''}.`);
  process.exit(1);
}

const tsx = join(here, '../../node_modules/.bin/tsx');
const failed: string[] = [];
for (const file of files) {
  const path = join(here, file);
  console.log(`\n=== ${relative(process.cwd(), path)} ===`);
  const started = performance.now();
  const result = spawnSync(tsx, [path], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(file);
    console.error(
      `[bench] ${file} failed (${result.error?.message ?? `exit code ${result.status}, signal ${result.signal}`}) after ${seconds} s.`,
    );
  } else console.log(`(${file}: ${seconds} s)`);
}

if (failed.length) {
  console.error(
    `\n[bench] ${failed.length} of ${files.length} bench files failed: ${failed.join(', ')}. Run one alone with: npx tsx test/bench/<file>`,
  );
  process.exit(1);
}
console.log(`\n[bench] ${files.length} bench file(s) done.`);
