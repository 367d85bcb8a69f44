/** Name of a content script's port to the service worker. */
export const CONTENT_PORT = 'hubbub-content';
/** Name of a panel's port to the service worker. */
export const PANEL_PORT = 'hubbub-panel';
