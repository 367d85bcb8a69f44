import { resolve } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** What a page that mounts the panel UI (the floating panel) loads from node_modules: for {@link servePages}'s `prebundle`. */
export const PANEL_UI_PACKAGES = [
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom/client',
  'zustand',
  'zustand/vanilla',
  'zustand/shallow',
  '@tanstack/react-virtual',
];

/**
 * Serves a folder of test pages (which import the library from src/) with Vite on a free
 * loopback port, without file watching (an edit elsewhere must not reload a page mid-test).
 * `prebundle` lists the CommonJS packages (React) the pages load, bundled before the first request.
 *
 * @example
 * const server = await servePages(fileURLToPath(new URL('./pages', import.meta.url)))
 * await page.goto(`${baseUrlOf(server)}/index.html`)
 */
export const servePages = async (dir: string, prebundle: string[] = []): Promise<ViteDevServer> => {
  const server = await createServer({
    configFile: false,
    root: dir,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false, fs: { allow: [repoRoot] }, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: prebundle },
  });
  await server.listen();
  return server;
};

/** The `http://127.0.0.1:<port>` a {@link servePages} server listens on. */
export const baseUrlOf = (server: ViteDevServer): string => {
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('The test page server did not start.');
  return `http://127.0.0.1:${address.port}`;
};
