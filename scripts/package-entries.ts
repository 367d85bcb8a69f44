/**
 * Every file the package publishes as an entry, by output name (dist/<name>.js), and which of them
 * get a bundled declaration file (dist/<name>.d.ts). package.json's "exports" point at all of them
 * but react-client; test/consumer checks the result as a user installs it.
 *
 * @example
 * build({ build: { lib: { entry: packageEntries } } })
 */
export const packageEntries = {
  index: 'src/index.ts',
  react: 'src/react/index.ts',
  // Its own entry only so that the build bundles hubbub/react's client code apart from
  // createBusHooks, into a chunk that starts with 'use client' (scripts/client-directive.ts).
  'react-client': 'src/react/client.ts',
  devtools: 'src/devtools/index.ts',
  'devtools-compiled-out': 'src/devtools/compiled-out.ts',
  'devtools-production': 'src/devtools/always-on.ts',
  'devtools-protocol': 'src/devtools/protocol-exports.ts',
  'devtools-panel': 'src/devtools/panel/index.ts',
  'devtools-panel-compiled-out': 'src/devtools/panel/compiled-out.ts',
  'devtools-panel-production': 'src/devtools/panel/always-on.ts',
  testing: 'src/testing/index.ts',
  'testing-playwright': 'src/testing/playwright/index.ts',
  tabs: 'src/tabs/index.ts',
  remote: 'src/remote/index.ts',
  relay: 'src/relay/index.ts',
  'relay-cli': 'src/relay/cli.ts',
} as const;

/** Entries whose types users import; the compiled-out variants share their base entry's types. */
export const typedEntries = [
  'index',
  'react',
  'devtools',
  'devtools-production',
  'devtools-protocol',
  'devtools-panel',
  'devtools-panel-production',
  'testing',
  'testing-playwright',
  'tabs',
  'remote',
  'relay',
] as const satisfies readonly (keyof typeof packageEntries)[];

/** Imports that stay imports in the published files: peers, the `ws` dependency, Node's modules. */
export const externalImports = [/^react($|\/)/, /^react-dom($|\/)/, /^ws$/, /^redis$/, /^@playwright\//, /^node:/];
