/**
 * Whether long messages are kept: true unless the app's bundler replaced `process.env.NODE_ENV`
 * with "production" (Vite, webpack, esbuild, Rollup and Parcel setups do), which then removes
 * them from the build, as React and TanStack Query do. Like theirs, an unbundled page must define
 * `process.env.NODE_ENV` (e.g. `globalThis.process = { env: { NODE_ENV: 'production' } }`).
 *
 * @example
 * throw new TypeError(DEV ? '[hubbub] use(middleware): expected a function' : '[hubbub] use')
 */
export const DEV: boolean = process.env.NODE_ENV !== 'production';
