/**
 * What a TypeError says of a `value` given where a bus of this copy of hubbub is needed: `got
 * object`, or, for a bus made by another copy of hubbub (an app that loads the package twice: two
 * versions, a linked package, a bundler's pre-bundled copy beside a plain one), that and the fix.
 * Its internals sit behind a symbol each copy makes for itself, so the two cannot share a bus.
 * Development only: callers drop it from production builds.
 *
 * @example
 * throw new TypeError(`[hubbub] inspect(bus, inspector): bus must be a bus made by createBus(); ${notABus(bus)}.`)
 */
export const notABus = (value: unknown): string =>
  value !== null && typeof value === 'object' && Object.getOwnPropertySymbols(value).some((symbol) => symbol.description === 'hubbub')
    ? "got a bus made by another copy of hubbub: this app loads the package twice, and each copy only reads its own buses. Make it one copy: `npm ls hubbub` shows them, `npm dedupe` (or one version in package.json) merges them; with Vite, add resolve: { dedupe: ['hubbub'] }"
    : `got ${value === null ? 'null' : typeof value}`;
