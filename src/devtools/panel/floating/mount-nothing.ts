import type { FloatingPanelOptions } from './mount-floating-panel';

/**
 * What `mountFloatingPanel` is in a production build of an app that imports
 * 'hubbub/devtools/panel': it shows nothing to your users and bundles nothing.
 *
 * @example
 * mountNothing()() // does nothing
 */
export const mountNothing =
  (_options?: FloatingPanelOptions): (() => void) =>
  () => {};
