import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repo = fileURLToPath(new URL('..', import.meta.url));
/** HUBBUB_DEMO_WATCH=off: no file watching, no hot reload (the e2e suite: an edit must not reload the page mid-test). */
const watch = process.env.HUBBUB_DEMO_WATCH !== 'off';
const source = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

/**
 * The demo shop, served from source: `hubbub` and its subpaths point at src/, so `npm start` needs
 * no build step. `npm start -- --port 5173 --strictPort` picks the port.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    // Exact matches, longest subpath first, so 'hubbub/devtools/panel' never falls into 'hubbub/devtools'.
    alias: [
      { find: /^hubbub\/devtools\/panel\/production$/, replacement: source('devtools/panel/always-on.ts') },
      { find: /^hubbub\/devtools\/panel$/, replacement: source('devtools/panel/index.ts') },
      { find: /^hubbub\/devtools\/production$/, replacement: source('devtools/always-on.ts') },
      { find: /^hubbub\/devtools$/, replacement: source('devtools/index.ts') },
      { find: /^hubbub\/react$/, replacement: source('react/index.ts') },
      { find: /^hubbub\/testing$/, replacement: source('testing/index.ts') },
      { find: /^hubbub$/, replacement: source('index.ts') },
    ],
  },
  server: { fs: { allow: [repo] }, ...(watch ? {} : { watch: null, hmr: false }) },
  // Pre-bundled up front: a dependency found only when the page (or the lazily loaded panel) asks
  // for it makes Vite re-optimize and reload the page mid-session.
  optimizeDeps: {
    include: [
      'react',
      'react/jsx-dev-runtime',
      'react-dom/client',
      'zustand',
      'zustand/vanilla',
      'zustand/shallow',
      'zod',
      '@tanstack/react-virtual',
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
