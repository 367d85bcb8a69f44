import { mountPanel } from '../../src/devtools/panel/ui/mount-panel';
import { createChromePortTransport } from './chrome-port-transport';

// In DevTools the inspected tab is known; opened as a normal tab (tests), it comes as ?tabId=N.
const tabId = chrome.devtools?.inspectedWindow?.tabId ?? Number(new URLSearchParams(location.search).get('tabId'));
const root = document.getElementById('root') as HTMLElement;
if (Number.isInteger(tabId)) {
  const hostTheme = chrome.devtools?.panels ? (chrome.devtools.panels.themeName === 'dark' ? 'dark' : 'light') : undefined;
  mountPanel(root, createChromePortTransport(tabId), { storage: localStorage, ...(hostTheme ? { hostTheme } : {}) });
} else {
  root.textContent = 'Open the Hubbub panel from Chrome DevTools, or open panel.html?tabId=N with the id of the tab to inspect.';
}
