export type { FloatingPanelOptions } from './floating/mount-floating-panel';
export { mountFloatingPanel } from './floating/mount-floating-panel';
export type { PanelTransport, TransportEvent, TransportTarget } from './transport/adapter';
export { createWindowTransport } from './transport/window-transport';
