import { builtinModules } from 'node:module';
import { defineConfig } from 'vitest/config';
import { externalImports, packageEntries } from './scripts/package-entries.ts';
import { shortenPrivateNames } from './scripts/shorten-private-names.ts';

/** One bundle per published entry (scripts/package-entries.ts); shared code goes to dist/chunks/. */
const external = [...externalImports, ...builtinModules];

export default defineConfig({
  // Keep the consumer's own flag in the published bundles: devtools decide at the user's build time.
  define: { 'import.meta.env.PROD': 'import.meta.env.PROD' },
  plugins: [shortenPrivateNames()],
  build: {
    lib: { entry: packageEntries, formats: ['es'] },
    outDir: 'dist',
    emptyOutDir: true,
    // No maps: they would point at src/, which the package does not ship.
    sourcemap: false,
    target: 'es2022',
    minify: false,
    rollupOptions: { external, output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'test/consumer/**', 'test/generated/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 10_000,
  },
});
