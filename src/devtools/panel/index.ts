import { mountFloatingPanel as mountNow } from './floating/mount-floating-panel';
import { mountNothing } from './floating/mount-nothing';
import type { MountFloatingPanel } from './public-api';

export * from './public-api';

/**
 * Mounts the Hubbub panel inside the page, for browsers without the extension: a small button
 * that opens the panel in a bottom sheet (in a shadow root), reading the stream of
 * `connectDevtools(bus)`. Needs `react` and `react-dom` in your app (the UI is loaded on first
 * open). Does nothing where there is no `document`. Returns `unmount`. A page shows one floating
 * panel: called again while one is mounted (a hot reload), it keeps that one, applies the options that changed, and returns its `unmount`.
 *
 * In a production build of your app it shows nothing and is not in your bundle (the `production`
 * export condition, or `process.env.NODE_ENV` replaced by your bundler). To ship it in
 * production, import from 'hubbub/devtools/panel/production'.
 *
 * @example
 * import { mountFloatingPanel } from 'hubbub/devtools/panel'
 * mountFloatingPanel({ position: 'bottom-left' })
 */
export const mountFloatingPanel: MountFloatingPanel = process.env.NODE_ENV === 'production' ? mountNothing : mountNow;
