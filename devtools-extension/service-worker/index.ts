import { createRouter } from './router';

// Registered synchronously at the top level, so a worker Chrome restarts for a port receives it.
chrome.runtime.onConnect.addListener(createRouter(chrome.tabs).onConnect);
