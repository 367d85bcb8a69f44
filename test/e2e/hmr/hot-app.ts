import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { createServer, type ViteDevServer } from 'vite';
import { baseUrlOf, PANEL_UI_PACKAGES } from '../support/page-server';

const repoRoot = resolve(import.meta.dirname, '../../..');
const template = join(import.meta.dirname, 'app');
const source = (path: string) => join(repoRoot, 'src', path);

/** A copy of ./app in a temp folder, served by Vite as a user runs it: React plugin, file watching, hot reload on. */
export interface HotApp {
  /** The page's URL. */
  readonly url: string;
  /** Changes a file of the copy on disk, as the user's editor does: every `from` becomes `to`. */
  edit(file: string, from: string, to: string): void;
  close(): Promise<void>;
}

/** Resolves once the server's watcher reports a file it did not know: it is watching the folder. */
const watching = async (server: ViteDevServer, dir: string): Promise<void> => {
  const sentinel = join(dir, 'watcher-ready.txt');
  const seen = new Promise<void>((done) => {
    const onAdd = (path: string) => {
      if (resolve(path) !== sentinel) return;
      server.watcher.off('add', onAdd);
      done();
    };
    server.watcher.on('add', onAdd);
  });
  writeFileSync(sentinel, 'ready');
  await seen;
};

/**
 * Copies ./app to a temp folder (so edits never touch the repository), lets `prepare` change the
 * copy before it is served, and serves it with Vite's dev server as `npm create vite` sets it up
 * (hot reload on, unlike the other e2e pages' server), `hubbub` imports pointing at src/.
 *
 * @example
 * const app = await serveHotApp()
 * await page.goto(app.url)
 * app.edit('bus.ts', 'bus v1', 'bus v2')
 */
export const serveHotApp = async (prepare?: (edit: HotApp['edit']) => void): Promise<HotApp> => {
  const dir = mkdtempSync(join(tmpdir(), 'hubbub-hot-app-'));
  cpSync(template, dir, { recursive: true });
  // The app's own dependencies (react, react-dom, zustand) resolve as in a real app's node_modules.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const edit: HotApp['edit'] = (file, from, to) => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no "${from}" to edit.`);
    writeFileSync(path, text.replaceAll(from, to));
  };
  prepare?.(edit);
  const server = await createServer({
    configFile: false,
    root: dir,
    // Its own cache: the default, node_modules/.vite, is the repository's (node_modules is a link).
    cacheDir: join(dir, '.vite'),
    logLevel: 'error',
    plugins: [react()],
    resolve: {
      alias: [
        { find: /^hubbub\/devtools\/panel$/, replacement: source('devtools/panel/index.ts') },
        { find: /^hubbub\/devtools$/, replacement: source('devtools/index.ts') },
        { find: /^hubbub\/react$/, replacement: source('react/index.ts') },
        { find: /^hubbub$/, replacement: source('index.ts') },
      ],
    },
    server: { host: '127.0.0.1', port: 0, strictPort: false, fs: { allow: [repoRoot, dir] } },
    // Bundled before the first request: a package found later makes Vite reload the page, which is not the hot reload under test.
    optimizeDeps: { noDiscovery: true, include: PANEL_UI_PACKAGES },
  });
  await server.listen();
  await watching(server, dir);
  return {
    url: `${baseUrlOf(server)}/index.html`,
    edit,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
