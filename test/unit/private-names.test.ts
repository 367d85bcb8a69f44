import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));
const listed = Object.keys((JSON.parse(readFileSync(new URL('../../mangle.json', import.meta.url), 'utf8')) as { props: object }).props);

/** Every `x._name` property access in src/: the private names the build must shorten consistently. */
const accessed = new Set(
  readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .flatMap((file) => [...readFileSync(join(src, file), 'utf8').matchAll(/\.(_[a-zA-Z]\w*)/g)].map((match) => match[1] as string)),
);

test('every private name used in src/ is listed in mangle.json, and every listed name is used', () => {
  // A private name missing from mangle.json would stay long in the package (and in the size budget).
  expect([...accessed].filter((name) => !listed.includes(name))).toEqual([]);
  expect(listed.filter((name) => !accessed.has(name))).toEqual([]);
});
