/**
 * Whether the app was built for production. `process.env.NODE_ENV` comes first: bundlers (Vite,
 * webpack, esbuild, Parcel) replace it as text in app and library code alike, and Node has it.
 * Only where it does not exist (an unbundled browser page) is `import.meta.env.PROD` (Vite) asked.
 * Both reads sit inside `try`, because neither exists everywhere.
 *
 * @example
 * if (!isProductionBuild()) connectDevtools(bus)
 */
export const isProductionBuild = (): boolean => {
  try {
    return process.env.NODE_ENV === 'production';
  } catch {}
  try {
    return import.meta.env.PROD === true;
  } catch {}
  return false;
};
