import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import demo from '../../../../demo/vite.config';

/**
 * Runs the tests the panel's "Copy as test" wrote into test/generated/ (copy-as-test.spec.ts), with
 * `hubbub` resolved to src/ as the demo resolves it.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../../../..', import.meta.url)),
  resolve: { alias: demo.resolve?.alias ?? [] },
  test: { include: ['test/generated/**/*.test.ts'], environment: 'node', testTimeout: 20_000 },
});
