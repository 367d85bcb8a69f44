/**
 * Whether the app was built for production: `process.env.NODE_ENV` is "production". Bundlers
 * (Vite, webpack, esbuild, Parcel) replace it as text in app and library code alike, and Node has
 * it. Read inside `try`: an unbundled browser page has no `process`, and counts as development.
 * No `import.meta` fallback: it is syntax a CommonJS test runner (Jest with Babel) cannot load.
 *
 * @example
 * if (!isProductionBuild()) connectDevtools(bus)
 */
export const isProductionBuild = (): boolean => {
  try {
    return process.env.NODE_ENV === 'production';
  } catch {
    return false;
  }
};
