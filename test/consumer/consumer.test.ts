// The package as a user gets it: `npm pack`, then a fresh app (test/consumer/fixture, copied to a
// temp dir) installs the tarball plus registry packages, type-checks against it, builds it for
// production, runs its bin, and attw/publint judge the tarball. The repository's own TypeScript,
// Vite and esbuild do the compiling, and the app's own webpack (the app's tsconfig, Vite and webpack
// configs are its own).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../distribution/support/redis-server';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture', import.meta.url));
const jestFixture = fileURLToPath(new URL('./jest-app', import.meta.url));
const bin = (path: string) => join(repo, 'node_modules', path);
/** Bytes a production bundle may grow by when the app calls connectDevtools + mountFloatingPanel. */
const COMPILED_OUT_ALLOWANCE = 300;
/** What the devtools add at least when they really are in a bundle (a development build). */
const DEVTOOLS_AT_LEAST = 3000;

let work = '';
let app = '';
let tarball = '';

/** Runs a command to its end; its exit status and everything it printed. */
const spawnToEnd = (command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
};
const run = (command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}) => {
  const { status, output } = spawnToEnd(command, args, cwd, env);
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${status}:\n${output}`);
  return output;
};
const node = (script: string, args: readonly string[], cwd = app, env: Record<string, string> = {}) =>
  run(process.execPath, [script, ...args], cwd, env);

const gzippedJs = async (dir: string): Promise<number> => {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) total += gzipSync(await readFile(join(entry.parentPath, entry.name))).length;
  }
  return total;
};
const viteBuild = async (entry: string, mode = 'production') => {
  node(bin('vite/bin/vite.js'), ['build', '--mode', mode], app, { FIXTURE_ENTRY: entry, NODE_ENV: mode });
  const dir = join(app, 'dist', entry);
  return { bytes: await gzippedJs(dir), text: await readFile(join(dir, 'app.js'), 'utf8') };
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hubbub-consumer-'));
  // prepack builds the library and the extension first, as for a publish.
  run('npm', ['pack', '--pack-destination', work], repo);
  const packed = (await readdir(work)).find((name) => name.endsWith('.tgz'));
  if (!packed) throw new Error(`npm pack wrote no tarball into ${work}`);
  tarball = join(work, packed);
  app = join(work, 'app');
  // next-app is the Next.js app of test/consumer/next-app.ts, run by hand: not part of this one.
  await cp(fixture, app, { recursive: true, filter: (path) => !/[\\/](node_modules|dist|next-app)$/.test(path) });
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], app);
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed hubbub, installed into a fresh app', () => {
  // nodenext-skiplibcheck: most templates' default, where an unresolved .d.ts import used to turn the API into `any`.
  // node-server: a Node project's types (@types/node 20, no DOM lib) for the Node entries, in server/.
  // nodenext-declaration: a library that exports what it builds on hubbub, whose .d.ts must name hubbub's types.
  it.each(['bundler', 'node16', 'nodenext', 'nodenext-skiplibcheck', 'node-server', 'nodenext-declaration'])(
    'type-checks under tsconfig.%s.json, its API typed',
    async (mode) => {
      // hubbub/testing is imported there: its types must not need @playwright/test.
      await expect(stat(join(app, 'node_modules/@playwright/test'))).rejects.toThrow();
      // Every @ts-expect-error in src/typed.tsx must be needed: an API that turned `any` fails here.
      node(bin('typescript/bin/tsc'), ['-p', `tsconfig.${mode}.json`]);
    },
  );

  // The oldest TypeScript README names: 5.0 for an app (const type parameters), 5.5 for a library
  // that emits declarations naming hubbub's types (older ones cannot name a type the package declares
  // in a shared chunk: TS2742).
  // node10 ("moduleResolution": "node", as in Create React App and older Angular and Node templates)
  // reads no "exports": the root's "types" and "typesVersions" lead it to each entry's types.
  // TypeScript 6 deprecates it, so it is checked with the TypeScript such apps have.
  it.each([
    ['typescript-oldest-for-apps', 'bundler'],
    ['typescript-oldest-for-apps', 'nodenext'],
    ['typescript-oldest-for-apps', 'node10'],
    ['typescript-oldest-for-declarations', 'nodenext-declaration'],
  ])('type-checks with %s under tsconfig.%s.json', (typescript, mode) => {
    node(join(app, 'node_modules', typescript, 'bin/tsc'), ['-p', `tsconfig.${mode}.json`]);
  });

  it('compiles the devtools and the floating panel out of a production Vite build', async () => {
    const without = await viteBuild('without-devtools');
    const withDevtools = await viteBuild('with-devtools');
    expect(withDevtools.bytes - without.bytes).toBeLessThan(COMPILED_OUT_ALLOWANCE);
    expect(withDevtools.text).not.toContain('hubbub:page'); // the devtools stream's source tag
    expect(withDevtools.text).not.toContain('hb-float-toggle'); // the floating panel's button
    // The same app in a development build carries both: the measure above can fail.
    const development = await viteBuild('with-devtools', 'development');
    expect(development.bytes - without.bytes).toBeGreaterThan(DEVTOOLS_AT_LEAST);
    expect(development.text).toContain('hubbub:page');
  });

  it('compiles the devtools out where only process.env.NODE_ENV is replaced (esbuild, no export condition)', async () => {
    const bundle = (entry: string) => {
      const outfile = join(app, 'dist', `esbuild-${entry}.js`);
      run(
        bin('esbuild/bin/esbuild'),
        [`src/${entry}.ts`, '--bundle', '--minify', '--format=esm', '--define:process.env.NODE_ENV="production"', `--outfile=${outfile}`],
        app,
      );
      return readFile(outfile);
    };
    const without = gzipSync(await bundle('without-devtools')).length;
    const withDevtools = await bundle('with-devtools');
    expect(gzipSync(withDevtools).length - without).toBeLessThan(COMPILED_OUT_ALLOWANCE);
    expect(withDevtools.toString()).not.toContain('hubbub:page');
  });

  it('compiles the devtools and the floating panel out of a production webpack 5 build (its mode picks the "production" condition)', async () => {
    const webpackBuild = async (entry: string, mode: 'production' | 'development') => {
      // Types stripped, imports kept: webpack itself resolves hubbub, as in an app with ts-loader or babel-loader.
      run(bin('esbuild/bin/esbuild'), [`src/${entry}.ts`, '--format=esm', `--outfile=dist/webpack-src/${entry}.js`], app);
      node(join(app, 'node_modules/webpack-cli/bin/cli.js'), ['--config', 'webpack.config.mjs'], app, {
        FIXTURE_ENTRY: entry,
        NODE_ENV: mode,
      });
      const dir = join(app, 'dist', `webpack-${entry}-${mode}`);
      return { bytes: await gzippedJs(dir), text: await readFile(join(dir, 'app.js'), 'utf8') };
    };
    const without = await webpackBuild('without-devtools', 'production');
    const withDevtools = await webpackBuild('with-devtools', 'production');
    expect(withDevtools.bytes - without.bytes).toBeLessThan(COMPILED_OUT_ALLOWANCE);
    expect(withDevtools.text).not.toContain('hubbub:page');
    expect(withDevtools.text).not.toContain('hb-float-toggle');
    const development = await webpackBuild('with-devtools', 'development');
    expect(development.text).toContain('hubbub:page');
  });

  it('runs the bus from the installed package in Node (private names shortened by the build)', () => {
    expect(node('src/runtime.mjs', [])).toContain('runtime ok');
  });

  it('loads on a React Server Components server (Next.js App Router): the core runs, hubbub/react gives client references', () => {
    // React's own loader turns each module that starts with 'use client' into client references, as
    // Next.js does for its server; without the directive, importing hubbub/react there fails on createContext.
    const output = run(
      process.execPath,
      ['--conditions=react-server', '--import', './react-server/register.mjs', 'react-server/server-components.mjs'],
      app,
    );
    expect(output).toContain('react server components ok');
  });

  it('runs under Jest with Babel, as a CommonJS React app tests it (hubbub compiled by the transform README shows)', async () => {
    const jestApp = join(work, 'jest-app');
    await cp(jestFixture, jestApp, { recursive: true, filter: (path) => !/[\\/]node_modules$/.test(path) });
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], jestApp);
    const output = node(join(jestApp, 'node_modules/jest/bin/jest.js'), ['--ci'], jestApp);
    expect(output).toMatch(/Tests:\s+2 passed, 2 total/);
  }, 300_000);

  it('loads with require() from CommonJS code on Node >= 20.19', () => {
    expect(node('src/require.cjs', [])).toContain('require ok');
  });

  it('runs a relay and remote clients from the installed package in Node', () => {
    expect(node('server/relay-runtime.mjs', [])).toContain('relay runtime ok (engine: memory)');
  });

  it('runs npx hubbub-relay (ws comes with the package; redis is optional and named when missing)', async () => {
    expect(run('npx', ['--no-install', 'hubbub-relay', '--help'], app)).toContain('Usage: hubbub-relay');
    const relay = (...args: string[]) => spawnToEnd('npx', ['--no-install', 'hubbub-relay', '--channels', 'shop', ...args], app);
    expect(relay('--port', 'eighty')).toMatchObject({ status: 2, output: expect.stringContaining('--port must be a whole number') });
    await expect(stat(join(app, 'node_modules/redis'))).rejects.toThrow();
    // Exits before it would connect: port 1 is never asked.
    expect(relay('--port', '0', '--redis', 'redis://127.0.0.1:1')).toMatchObject({
      status: 1,
      output: expect.stringContaining('the Redis engine needs the `redis` package: npm install redis'),
    });
  });

  // The peer range says redis >= 5; the repository's own tests run 6. node-redis 5 threw "The client
  // is closed" over the reason a dead Redis was not reached.
  it('runs the relay on redis 5, the oldest the peer range takes: on a real Redis, and naming a dead one', async () => {
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', 'redis@5'], app);
    expect(JSON.parse(await readFile(join(app, 'node_modules/redis/package.json'), 'utf8')).version).toMatch(/^5\./);
    const dead = spawnToEnd(
      'npx',
      ['--no-install', 'hubbub-relay', '--channels', 'shop', '--port', '0', '--redis', 'redis://127.0.0.1:1'],
      app,
    );
    expect(dead).toMatchObject({
      status: 1,
      output: expect.stringMatching(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(.*\)\. Start it/),
    });
    expect(dead.output).not.toContain('The client is closed');
    const redis = await startRedis();
    try {
      expect(node('server/relay-runtime.mjs', [], app, { REDIS_URL: redis.url })).toContain('relay runtime ok (engine: redis)');
    } finally {
      await redis.stop();
    }
  }, 120_000);

  it('ships the built DevTools extension, ready for Load unpacked', async () => {
    const manifest = JSON.parse(await readFile(join(app, 'node_modules/hubbub/devtools-extension/dist/manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    await expect(stat(join(app, 'node_modules/hubbub/devtools-extension/dist/panel.html'))).resolves.toBeTruthy();
    await expect(stat(join(repo, 'devtools-extension/hubbub-devtools.zip'))).resolves.toBeTruthy();
  });

  it('ships no reference to a source map it leaves out (DevTools would log an error for it on every page)', async () => {
    const installed = join(app, 'node_modules/hubbub');
    const dangling: string[] = [];
    for (const entry of await readdir(installed, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
      const map = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(await readFile(join(entry.parentPath, entry.name), 'utf8'))?.[1];
      if (map && !map.startsWith('data:') && !(await stat(join(entry.parentPath, map)).catch(() => undefined)))
        dangling.push(`${entry.name} -> ${map}`);
    }
    expect(dangling).toEqual([]);
  });

  it('passes attw --profile esm-only and publint --strict', () => {
    node(bin('@arethetypeswrong/cli/dist/index.js'), [tarball, '--profile', 'esm-only'], work);
    expect(node(bin('publint/src/cli.js'), ['run', tarball, '--strict'], work)).toContain('All good');
  });
});

describe('the packed hubbub, installed with pnpm (strict node_modules: only what a package declares resolves)', () => {
  let strictApp = '';
  const entries = Object.keys((JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { exports: object }).exports)
    .filter((entry) => entry !== './package.json')
    .map((entry) => `hubbub${entry.slice(1)}`);
  const pnpm = (...args: string[]) => run(process.execPath, [bin('pnpm/bin/pnpm.cjs'), ...args], strictApp);

  beforeAll(async () => {
    strictApp = join(work, 'pnpm-app');
    await mkdir(strictApp, { recursive: true });
    await cp(join(fixture, 'src/runtime.mjs'), join(strictApp, 'runtime.mjs'));
    // The app depends on hubbub and React only (not ws): hubbub must bring what it imports. No
    // hoisting, not even into pnpm's hidden node_modules/.pnpm/node_modules.
    const { dependencies } = JSON.parse(await readFile(join(fixture, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const app = { hubbub: `file:${tarball}`, react: dependencies.react, 'react-dom': dependencies['react-dom'] };
    await writeFile(
      join(strictApp, 'package.json'),
      JSON.stringify({ name: 'hubbub-pnpm-app', private: true, type: 'module', dependencies: app }),
    );
    await writeFile(join(strictApp, '.npmrc'), 'hoist=false\n');
    pnpm('install', '--ignore-scripts', '--store-dir', join(work, 'pnpm-store'));
  }, 300_000);

  it('imports every entry, runs the bus and npx hubbub-relay, with nothing but what hubbub declares', () => {
    const importAll = `for (const entry of ${JSON.stringify(entries)}) await import(entry); console.log('imported', ${entries.length})`;
    expect(node('--input-type=module', ['-e', importAll], strictApp)).toContain(`imported ${entries.length}`);
    expect(entries).toEqual(expect.arrayContaining(['hubbub', 'hubbub/relay', 'hubbub/devtools/panel', 'hubbub/testing/playwright']));
    expect(node('runtime.mjs', [], strictApp)).toContain('runtime ok');
    expect(pnpm('exec', 'hubbub-relay', '--help')).toContain('Usage: hubbub-relay');
  });
});
