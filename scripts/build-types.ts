/**
 * `npm run build`'s second step: one bundled declaration file per published entry
 * (dist/<entry>.d.ts, types shared by several entries in dist/chunks/), made by rollup-plugin-dts
 * from the declarations tsc emitted into dist/types/ (removed afterwards). Bundled files have no
 * extensionless relative imports, so they resolve under `bundler`, `node16` and `nodenext` alike.
 */
import { rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { externalImports, packageEntries, typedEntries } from './package-entries';

const emitted = 'dist/types';
const input = Object.fromEntries(
  typedEntries.map((name) => [name, packageEntries[name].replace(/^src\//, `${emitted}/`).replace(/\.ts$/, '.d.ts')]),
);

const bundle = await rollup({ input, plugins: [dts()], external: [...externalImports, ...builtinModules] });
await bundle.write({
  dir: 'dist',
  format: 'es',
  entryFileNames: '[name].d.ts',
  chunkFileNames: (chunk) => `chunks/${chunk.name.replace(/\.d$/, '')}-[hash].d.ts`,
});
await bundle.close();
await rm(emitted, { recursive: true });
