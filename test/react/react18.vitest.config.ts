import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The React suites (test/react) again, on React 18, the oldest React `hubbub/react` supports (its
 * peer range). React 18 cannot sit beside the project's React 19 in node_modules (react-dom 18
 * requires react 18 as its peer), so `npm run test:react18` installs it in its own folder, and
 * every import of react and react-dom, Testing Library's included, is pointed there.
 */
const react18 = resolve(process.env.HUBBUB_REACT18_DIR ?? 'node_modules/.cache/react18', 'node_modules');

export default defineConfig({
  resolve: {
    alias: [
      { find: /^(react|react-dom)(\/.*)?$/, replacement: join(react18, '$1$2') },
      // Its ES module build, which Vite transforms with the alias above (its CommonJS main would require React 19).
      { find: /^@testing-library\/react$/, replacement: resolve('node_modules/@testing-library/react/dist/@testing-library/react.esm.js') },
    ],
  },
  test: {
    include: ['test/react/**/*.test.{ts,tsx}'],
    setupFiles: ['test/react/react18-setup.ts'],
    root: new URL('../..', import.meta.url).pathname,
    environment: 'node',
    testTimeout: 10_000,
    // Processed by Vite, so its imports of react and react-dom take the alias above.
    server: { deps: { inline: ['@testing-library/react'] } },
  },
});
