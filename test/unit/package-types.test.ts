import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * package.json leads every TypeScript resolution to the same declaration file per entry: "exports"
 * for bundler/node16/nodenext, the root "types" and "typesVersions" for node10, which reads no "exports".
 */
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | { types?: string }>;
  types: string;
  typesVersions: { '*': Record<string, string[]> };
};

describe('package.json types', () => {
  it('gives node10 the types of every entry "exports" gives a type, and no other', () => {
    const fromExports = Object.fromEntries(
      Object.entries(manifest.exports).flatMap(([subpath, target]) =>
        typeof target === 'object' && target.types && subpath !== '.' ? [[subpath.slice('./'.length), [target.types]]] : [],
      ),
    );
    expect(manifest.typesVersions['*']).toEqual(fromExports);
    expect(manifest.types).toBe((manifest.exports['.'] as { types: string }).types);
  });
});
