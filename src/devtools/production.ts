/**
 * Whether the app was built for production: `import.meta.env.PROD` (Vite) or
 * `process.env.NODE_ENV === 'production'` (webpack, Node, most bundlers). Both are read inside
 * `try`, because bundlers replace the expressions as text and neither exists everywhere.
 *
 * @example
 * if (!isProductionBuild()) connectDevtools(bus)
 */
export const isProductionBuild = (): boolean => {
  try {
    if (import.meta.env.PROD === true) return true;
  } catch {}
  try {
    if (process.env.NODE_ENV === 'production') return true;
  } catch {}
  return false;
};
