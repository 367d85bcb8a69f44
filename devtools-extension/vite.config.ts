import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

/**
 * Content scripts cannot be ES modules: after the main build, bundle the content script alone
 * as one classic IIFE script with no imports.
 */
const contentScript = (): Plugin => ({
  name: 'hubbub-content-script',
  apply: 'build',
  async closeBundle() {
    await build({
      configFile: false,
      logLevel: 'warn',
      root,
      build: {
        outDir,
        emptyOutDir: false,
        // Written beside the files, not referenced from them: the package and the store zip leave the maps out (1.5 MB),
        // and a reference to a missing map is an error in the DevTools console of every page.
        sourcemap: 'hidden',
        minify: false,
        lib: {
          entry: fileURLToPath(new URL('./content-script/index.ts', import.meta.url)),
          formats: ['iife'],
          name: 'hubbubContentScript',
          fileName: () => 'content-script.js',
        },
      },
    });
  },
});

/** `npm run build:extension`: the unpacked extension in devtools-extension/dist/ ("Load unpacked" in chrome://extensions). */
export default defineConfig({
  root,
  base: './',
  plugins: [react(), contentScript()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: 'hidden',
    target: 'chrome116',
    modulePreload: false,
    rollupOptions: {
      input: {
        devtools: fileURLToPath(new URL('./devtools.html', import.meta.url)),
        panel: fileURLToPath(new URL('./panel.html', import.meta.url)),
        'service-worker': fileURLToPath(new URL('./service-worker/index.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'service-worker' ? 'service-worker.js' : 'assets/[name]-[hash].js'),
        chunkFileNames: 'assets/shared-[hash].js',
      },
    },
  },
});
