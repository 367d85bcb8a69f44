import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Only there so that a script that never exits fails its test instead of hanging the run: no test asserts on time. */
const SAFETY_NET_MS = 30_000;

/** The file URL of a module under src/, for a script to import. */
export const sourceUrl = (path: string): string => pathToFileURL(join(import.meta.dirname, '../../src', path)).href;

/**
 * Runs a TypeScript module in its own Node process (`node --import tsx`) and resolves once the
 * process ended on its own: its exit code (null if the safety net killed it) and what it printed.
 *
 * @example
 * const { code, output } = await runScript(`import { createBus } from '${sourceUrl('index.ts')}'; createBus(); console.log('done')`)
 * expect({ code, output }).toEqual({ code: 0, output: 'done\n' })
 */
export const runScript = (source: string): Promise<{ code: number | null; output: string }> => {
  const folder = mkdtempSync(join(tmpdir(), 'hubbub-exit-'));
  // .mts: outside the package, a .ts file would be CommonJS (no top-level await).
  const file = join(folder, 'script.mts');
  writeFileSync(file, source);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: join(import.meta.dirname, '../..') });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const safetyNet = setTimeout(() => child.kill('SIGKILL'), SAFETY_NET_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(safetyNet);
      rmSync(folder, { recursive: true, force: true });
      resolve({ code, output });
    });
  });
};
