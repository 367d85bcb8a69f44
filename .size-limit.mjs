import { readFileSync } from 'node:fs';

/**
 * Byte budgets, measured as an app's production build bundles each entry: minified, gzipped,
 * with `process.env.NODE_ENV` set to "production" (which removes the dev-only messages), and
 * with private `_names` shortened as the package build shortens them (see mangle.json).
 */
const { props } = JSON.parse(readFileSync(new URL('./mangle.json', import.meta.url), 'utf8'));
const production = (config) => ({
  ...config,
  define: { ...config.define, 'process.env.NODE_ENV': '"production"' },
  mangleProps: new RegExp(`^(?:${Object.keys(props).join('|')})$`),
  mangleCache: Object.fromEntries(Object.entries(props).filter(([, short]) => short !== '')),
});

const entries = [
  {
    name: 'core (createBus + subscribe + emit + publish + use)',
    path: 'src/index.ts',
    import: '{ createBus }',
    limit: '3072 B',
  },
  {
    // Raised from 3,450 B: the running dispatch is stored once per synchronous run of the middleware
    // chain, not per middleware (a write barrier each), +8 B here, which makes an awaited publish
    // through 3 middleware 8% faster.
    name: 'core + once()',
    path: 'src/index.ts',
    import: '{ createBus, once }',
    limit: '3460 B',
  },
  {
    name: 'core + events()',
    path: 'src/index.ts',
    import: '{ createBus, events }',
    limit: '3600 B',
  },
  {
    name: 'hubbub/react (hooks + core)',
    path: ['src/index.ts', 'src/react/index.ts'],
    import: {
      'src/index.ts': '{ createBus }',
      'src/react/index.ts': '{ BusProvider, useBus, useEvent, usePublish, useLatestEvent, createBusHooks }',
    },
    ignore: ['react', 'react-dom'],
    limit: '4000 B',
  },
  {
    name: 'hubbub/devtools (connectDevtools) as shipped: development builds, or hubbub/devtools/production',
    path: 'src/devtools/always-on.ts',
    import: '{ connectDevtools }',
    // 11,894 B before event entries carried their registry version (for "Copy as test"): +33 B.
    // 11,961 B before an inspector's dispatches were caused by the dispatch it observes, and a
    // detached one stopped being told about dispatches already running: +84 B.
    // 12,045 B before hello's name and URL were cut, left-out counts keyed by the cut type, and the
    // types of dispatches in flight under `sanitize` capped: 12,098 B; hello's pageStartedAt: 12,116 B;
    // counting viewers (one leaving no longer stops the others' stream): 12,193 B; a refused event's
    // own entry (storms joined no listed event): 12,191 B; a limit given as undefined keeping its
    // default (a spread let `maxString: undefined` turn clipping off): 12,199 B; pause per viewer
    // (one viewer's pause stopped every other's stream, for good if it closed while paused): 12,251 B.
    limit: '12300 B',
  },
  {
    name: 'hubbub/devtools (connectDevtools) in a production build: compiled out',
    path: 'src/devtools/index.ts',
    import: '{ connectDevtools }',
    limit: '250 B',
  },
  {
    name: 'hubbub/tabs (connectTabs)',
    path: 'src/tabs/index.ts',
    import: '{ connectTabs }',
    limit: '2600 B',
  },
  {
    name: 'hubbub/remote (connectRemote)',
    path: 'src/remote/index.ts',
    import: '{ connectRemote }',
    // 3,760 B before the client checked the shape of every relay frame (junk crashed it), measured
    // events in UTF-8 bytes as the relay does, and guarded the app's callbacks: 4,199 B. Checking
    // events against the relay's maxFrameBytes too (and those queued before its welcome, which
    // looped on a 1009 close), and publishTo's channel names (a bad one waited in the outbox for
    // ever): 4,376 B; each outbox entry carrying its own size check (no map beside the outbox to
    // keep in step with it): 4,391 B. Refusing data JSON would lose without a word (a function, a
    // symbol, a Map, a Set, an Error: each arrived as nothing or {}, with no error), and one set of
    // arrived ids per bus, so two connections never pass an event back and forth: 4,541 B.
    limit: '4600 B',
  },
  {
    // The button, the sheet and its resize handle (about 850 B of it), mounted at once; the panel UI
    // itself (React, the views) loads on first open and is not counted: 3,112 B; the host saying it
    // cannot keep the log across reloads (no Preserve log in the page): 3,129 B; the window
    // transport loaded with the UI instead of with the button: 2,573 B; a later call's options
    // applied to the mounted panel, and room kept at the bottom of the page while it is open: 2,788 B.
    name: 'hubbub/devtools/panel (mountFloatingPanel, before the UI loads)',
    path: 'src/devtools/panel/always-on.ts',
    import: '{ mountFloatingPanel }',
    ignore: ['react', 'react-dom', '../ui/mount-panel'],
    limit: '2850 B',
  },
  {
    // The panel UI the floating panel loads on first open (the views, zustand, the virtual list),
    // React aside. The regex engine (re2js, about 59 KB) is its own chunk, loaded when regex is first
    // ticked: 102.9 KB with it inside.
    name: 'panel UI (loaded on first open; React and the regex engine apart)',
    path: 'src/devtools/panel/ui/mount-panel.tsx',
    import: '{ mountPanel }',
    ignore: ['react', 'react-dom', './linear-regex'],
    limit: '47 KB',
  },
];

export default entries.map((entry) => ({ gzip: true, modifyEsbuildConfig: production, ...entry }));
