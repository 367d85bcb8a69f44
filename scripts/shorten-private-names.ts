/**
 * A Vite/Rollup plugin that shortens the private property names of src/ (`_likeThis`, listed in
 * mangle.json) in every published chunk, Preact's way: the source stays readable, and users'
 * bundles pay two bytes, not twenty, per private access. Chunks are shortened one at a time from
 * one cache, so every chunk (and, with mangle.json pinned, every release) agrees on each name.
 *
 * @example
 * defineConfig({ plugins: [shortenPrivateNames()] })
 */
import { transform } from 'esbuild';
import type { Plugin } from 'vite';
import { pinShortForms, privateNamePattern, shortForms } from './private-names.ts';

export const shortenPrivateNames = (): Plugin => {
  let cache: Record<string, string | false> = {};
  let queue: Promise<unknown> = Promise.resolve();
  return {
    name: 'hubbub:shorten-private-names',
    apply: 'build',
    buildStart() {
      cache = shortForms();
    },
    renderChunk(code) {
      const next = queue.then(async () => {
        const result = await transform(code, { format: 'esm', target: 'es2022', mangleProps: privateNamePattern, mangleCache: cache });
        cache = result.mangleCache ?? cache;
        return { code: result.code, map: null };
      });
      queue = next;
      return next;
    },
    writeBundle() {
      pinShortForms(cache);
    },
  };
};
