import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vitest/config';

/** One bundle per subpath export that exists; a new folder under src/ with an index.ts is picked up. */
const subpaths = ['react', 'devtools', 'testing', 'tabs', 'remote', 'relay'];
const entry: Record<string, string> = { index: 'src/index.ts' };
for (const name of subpaths) if (existsSync(`src/${name}/index.ts`)) entry[name] = `src/${name}/index.ts`;
if (existsSync('src/devtools/panel/index.ts')) entry['devtools-panel'] = 'src/devtools/panel/index.ts';
if (existsSync('src/relay/cli.ts')) entry['relay-cli'] = 'src/relay/cli.ts';

const external = [/^react($|\/)/, /^react-dom($|\/)/, /^ws$/, /^redis$/, /^@playwright\//, /^node:/, ...builtinModules];

export default defineConfig({
  // Keep the consumer's own flag in the published bundles: devtools decide at the user's build time.
  define: { 'import.meta.env.PROD': 'import.meta.env.PROD' },
  build: {
    lib: { entry, formats: ['es'] },
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    minify: false,
    rollupOptions: { external, output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 10_000,
  },
});
