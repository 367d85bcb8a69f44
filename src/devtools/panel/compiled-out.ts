// 'hubbub/devtools/panel' under the `production` export condition (Vite and webpack set it in
// production builds): the floating panel shows nothing and pulls in nothing.
import { mountNothing } from './floating/mount-nothing';
import type { MountFloatingPanel } from './public-api';

export * from './public-api';

/**
 * In this production build, shows nothing. To ship the panel, import from
 * 'hubbub/devtools/panel/production'.
 *
 * @example
 * mountFloatingPanel() // no-op in production
 */
export const mountFloatingPanel: MountFloatingPanel = mountNothing;
