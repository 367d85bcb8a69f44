/**
 * The private property names of src/ (written `_likeThis`) and the short form each gets in the
 * published build, from mangle.json (Preact's file of the same name and purpose). Only names
 * listed there are shortened, so third-party code bundled beside ours keeps its own `_names`.
 *
 * @example
 * transform(code, { mangleProps: privateNamePattern, mangleCache: shortForms() })
 */
import { readFileSync, writeFileSync } from 'node:fs';

const MANGLE_FILE = new URL('../mangle.json', import.meta.url);

interface MangleFile {
  readonly comment: string;
  /** Private name -> its short form; an empty string lets the next build choose one. */
  readonly props: Record<string, string>;
}

const read = (): MangleFile => JSON.parse(readFileSync(MANGLE_FILE, 'utf8')) as MangleFile;

/** Every private name the build shortens. */
export const privateNames: readonly string[] = Object.keys(read().props);

/** Matches exactly the listed private names. */
export const privateNamePattern = new RegExp(`^(?:${privateNames.join('|')})$`);

/** The short forms pinned so far (names without one yet are left to the build to choose). */
export const shortForms = (): Record<string, string> =>
  Object.fromEntries(Object.entries(read().props).filter(([, short]) => short !== ''));

/** Pins the short forms a build chose, so the next builds (and releases) keep them. */
export const pinShortForms = (forms: Record<string, string | false>) => {
  const file = read();
  const props = Object.fromEntries(
    Object.keys(file.props).map((name) => [name, typeof forms[name] === 'string' ? forms[name] : file.props[name]]),
  );
  writeFileSync(MANGLE_FILE, `${JSON.stringify({ ...file, props }, null, 2)}\n`);
};
