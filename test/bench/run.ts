/**
 * Runs every test/bench/*.bench.ts file in its own Node process, one after another (the machine
 * is shared and noisy: never in parallel), streaming each table. Exits non-zero, naming the
 * files, if any bench fails.
 *
 * Each file is first bundled with esbuild, the way an app's build ships Hubbub, and the
 * packages it compares against stay in node_modules as published. Running the TypeScript through
 * `tsx` instead would measure tsx's output: it compiles with esbuild's `keepNames`, which wraps
 * every closure the library creates in a `__name()` call the competitors never pay.
 *
 * Run: npm run bench   (all)   npm run bench -- core   (files whose name contains "core")
 *      npm run bench -- core publish   (and pass "publish" on to the bench: its scenario filter)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`[bench] no test/bench/*.bench.ts file${filter ? ` matching "${filter}"` : ''}.`);
  process.exit(1);
}

/** Bench files bundled as a production build. */
const PRODUCTION_BUILDS = ['core.bench.ts'];

const failed: string[] = [];
for (const file of files) {
  const path = join(here, file);
  console.log(`\n=== ${relative(process.cwd(), path)} ===`);
  const started = performance.now();
  // Beside its source, so paths the bench builds from import.meta.url stay right.
  const bundle = join(here, `.${file.replace(/\.ts$/, '')}.bundle.mjs`);
  await build({
    entryPoints: [path],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    // The core as an app ships it, in its production build (development-only checks fold away); the
    // devtools, the call-site trace and the hooks as they run while developing, where they are used.
    ...(PRODUCTION_BUILDS.includes(file) ? { define: { 'process.env.NODE_ENV': '"production"' } } : {}),
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, [bundle, ...process.argv.slice(3)], { stdio: 'inherit' });
  rmSync(bundle, { force: true });
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
    `\n[bench] ${failed.length} of ${files.length} bench files failed: ${failed.join(', ')}. Run one alone with: npm run bench -- <name>`,
  );
  process.exit(1);
}
console.log(`\n[bench] ${files.length} bench file(s) done.`);
