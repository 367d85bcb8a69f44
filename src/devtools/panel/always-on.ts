// 'hubbub/devtools/panel/production': the opt-in that ships the floating panel in a production build.
import { mountFloatingPanel as mount } from './floating/mount-floating-panel';
import type { MountFloatingPanel } from './public-api';

export * from './public-api';

/**
 * `mountFloatingPanel` for every build, production included (pair it with 'hubbub/devtools/production').
 * A page shows one floating panel: called again while one is mounted, it keeps that one, applies the options that changed, and returns its `unmount`.
 * Needs `react` and `react-dom` in your app.
 *
 * @example
 * import { mountFloatingPanel } from 'hubbub/devtools/panel/production'
 * if (staff) mountFloatingPanel()
 */
export const mountFloatingPanel: MountFloatingPanel = mount;
