/**
 * Installs React 18 (the oldest React `hubbub/react` supports) into node_modules/.cache/react18,
 * for `npm run test:react18`: react-dom 18 requires react 18 as its peer, so it cannot be a
 * dependency of this project, which develops on React 19. Does nothing when it is there already.
 *
 * Run: npx tsx scripts/install-react18.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REACT_18 = '18.3.1';
const folder = join(import.meta.dirname, '..', 'node_modules', '.cache', 'react18');

const installed = (name: string): string | undefined => {
  const manifest = join(folder, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
};

if (installed('react') !== REACT_18 || installed('react-dom') !== REACT_18) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), '{ "private": true }\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', `react@${REACT_18}`, `react-dom@${REACT_18}`, '--no-audit', '--no-fund', '--no-package-lock'], {
    cwd: folder,
    stdio: 'inherit',
  });
}
