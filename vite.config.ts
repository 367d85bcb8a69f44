import { builtinModules } from 'node:module';
import { defineConfig } from 'vitest/config';
import { keepClientDirective } from './scripts/client-directive.ts';
import { externalImports, packageEntries } from './scripts/package-entries.ts';
import { shortenPrivateNames } from './scripts/shorten-private-names.ts';

/** One bundle per published entry (scripts/package-entries.ts); shared code goes to dist/chunks/. */
const external = [...externalImports, ...builtinModules];

export default defineConfig({
  plugins: [shortenPrivateNames(), keepClientDirective()],
  build: {
    lib: { entry: packageEntries, formats: ['es'] },
    outDir: 'dist',
    emptyOutDir: true,
    // No maps: they would point at src/, which the package does not ship.
    sourcemap: false,
    target: 'es2022',
    minify: false,
    rollupOptions: {
      external,
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Shared chunks export by their source names, not `a`, `b`: a React Server Components
        // bundler names a 'use client' export in its errors ("Attempted to call useEvent() from the server").
        minifyInternalExports: false,
      },
    },
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'test/consumer/**', 'test/other-browsers/**', 'test/generated/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 10_000,
  },
});
