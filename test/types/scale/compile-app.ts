/**
 * Writes a generated app into a folder of its own (with a tsconfig extending this folder's) and
 * type-checks it, in process with the compiler API or with the `tsc` command line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { AppFiles } from './app-source.ts';

const baseConfig = fileURLToPath(new URL('./tsconfig.generated-app.json', import.meta.url));
const tscBin = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

/** The entry points `hubbub/...` resolve to, relative to a source folder. */
const ENTRIES: Record<string, string> = {
  hubbub: 'index.ts',
  'hubbub/react': 'react/index.ts',
  'hubbub/devtools': 'devtools/index.ts',
  'hubbub/testing': 'testing/index.ts',
  'hubbub/tabs': 'tabs/index.ts',
  'hubbub/remote': 'remote/index.ts',
};

/**
 * Writes the app's files and its tsconfig into a new temp folder; returns the folder. `srcDir`
 * compiles it against another copy of the library's source (an older version, to compare).
 *
 * @example
 * const dir = writeApp(hubbubAppFiles({ keys: 2000 }))
 */
export const writeApp = (files: AppFiles, prefix = 'hubbub-scale-', srcDir?: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const base = ts.readConfigFile(baseConfig, ts.sys.readFile).config as { compilerOptions: { paths: Record<string, string[]> } };
  const paths = srcDir
    ? {
        ...resolvedPaths(base.compilerOptions.paths),
        ...Object.fromEntries(Object.entries(ENTRIES).map(([entry, file]) => [entry, [join(srcDir, file)]])),
      }
    : undefined;
  const config = { extends: baseConfig, ...(paths && { compilerOptions: { paths } }), include: ['./*.ts', './*.tsx'] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  return dir;
};

/** The base config's paths made absolute: paths in an extending config replace them, relative to that config. */
const resolvedPaths = (paths: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(paths).map(([entry, targets]) => [entry, targets.map((target) => join(dirname(baseConfig), target))]));

/** One diagnostic of an app's file. */
export interface AppDiagnostic {
  /** The file's name in the app's folder (empty for one of the options). */
  readonly file: string;
  /** 1-based; 0 for one of the options. */
  readonly line: number;
  readonly code: number;
  /** The message and its chain, flattened. */
  readonly text: string;
}

/** What checking the app's own files cost and reported. */
export interface AppCheck {
  readonly diagnostics: readonly AppDiagnostic[];
  /** Every diagnostic of the app's files, as `file:line: TScode message`. */
  readonly errors: readonly string[];
  /** Type instantiations while checking the app's files (deterministic for a given source). */
  readonly instantiations: number;
  /** The same, file by file (checked in the program's order, each after those before it). */
  readonly instantiationsByFile: Readonly<Record<string, number>>;
  /** Types created meanwhile. */
  readonly types: number;
}

/**
 * Type-checks the app's own files (and, as they need them, the library's declarations) in process.
 *
 * @example
 * const { errors, instantiations } = checkApp(writeApp(hubbubAppFiles({ keys: 2000 })))
 */
export const checkApp = (dir: string): AppCheck => {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(dir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`no tsconfig in ${dir}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const appFiles = program.getSourceFiles().filter((file) => file.fileName.startsWith(dir.replaceAll('\\', '/')));
  const instantiationsByFile: Record<string, number> = {};
  const diagnostics = [...parsed.errors, ...program.getOptionsDiagnostics()];
  for (const file of appFiles) {
    const before = program.getInstantiationCount();
    diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
    instantiationsByFile[file.fileName.slice(dir.length + 1)] = program.getInstantiationCount() - before;
  }
  const found = diagnostics.map(
    (diagnostic): AppDiagnostic => ({
      file: diagnostic.file ? diagnostic.file.fileName.slice(dir.length + 1) : '',
      line: diagnostic.file ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1 : 0,
      code: diagnostic.code,
      text: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
    }),
  );
  return {
    diagnostics: found,
    errors: found.map(({ file, line, code, text }) => `${file}:${line}: TS${code} ${text}`),
    instantiations: program.getInstantiationCount(),
    instantiationsByFile,
    types: program.getTypeCount(),
  };
};

/** The figures `tsc --extendedDiagnostics` prints for the whole program, by name ("Check time", "Instantiations", ...). */
export interface TscRun {
  readonly status: number | null;
  readonly figures: Readonly<Record<string, string>>;
  /** The error lines it printed. */
  readonly errors: readonly string[];
}

/**
 * Runs `tsc --noEmit --extendedDiagnostics -p <dir>` (the whole program, library files included).
 *
 * @example
 * const { figures } = runTsc(dir); figures['Check time'] // '1.23s'
 */
export const runTsc = (dir: string): TscRun => {
  const result = spawnSync(process.execPath, [tscBin, '--noEmit', '--extendedDiagnostics', '-p', join(dir, 'tsconfig.json')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const figures: Record<string, string> = {};
  const errors: string[] = [];
  for (const line of result.stdout.split('\n')) {
    const figure = /^([A-Za-z][A-Za-z ]+):\s+(\S+)\s*$/.exec(line);
    if (figure?.[1] && figure[2]) figures[figure[1].trim()] = figure[2];
    else if (/error TS\d+/.test(line)) errors.push(line);
  }
  return { status: result.status, figures, errors };
};
