/**
 * `npm run build:extension`'s last step: zips the unpacked extension (devtools-extension/dist/,
 * without source maps) into devtools-extension/hubbub-devtools.zip, the file a store upload takes.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type Zippable, zipSync } from 'fflate';

const unpacked = 'devtools-extension/dist';
const zipPath = 'devtools-extension/hubbub-devtools.zip';

const files: Zippable = {};
for (const entry of await readdir(unpacked, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.map')) continue;
  const path = join(entry.parentPath, entry.name);
  files[relative(unpacked, path).split('\\').join('/')] = await readFile(path);
}
if (!('manifest.json' in files)) throw new Error(`${unpacked}/manifest.json is missing: run the extension build first.`);
// A fixed date keeps the zip the same from one build to the next when the files are.
await writeFile(zipPath, zipSync(files, { level: 9, mtime: new Date('2000-01-01T00:00:00Z') }));
console.log(`wrote ${zipPath} (${Object.keys(files).length} files)`);
