// Everything 'hubbub/devtools/panel' exports besides mountFloatingPanel, shared by its three
// entries (index.ts, compiled-out.ts, always-on.ts).
import type { FloatingPanelOptions } from './floating/mount-floating-panel';

export type { FloatingPanelOptions } from './floating/mount-floating-panel';
export type { PanelTransport, TransportEvent, TransportTarget } from './transport/adapter';
export { createWindowTransport } from './transport/window-transport';

/**
 * The signature of `mountFloatingPanel`, the same in every build and entry.
 *
 * @example
 * const mount: MountFloatingPanel = mountFloatingPanel
 */
export type MountFloatingPanel = (options?: FloatingPanelOptions) => () => void;
