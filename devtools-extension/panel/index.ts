import { mountPanel } from '../../src/devtools/panel/ui/mount-panel';
import { createChromePortTransport } from './chrome-port-transport';
import { openInSources } from './open-source';

// In DevTools the inspected tab is known; opened as a normal tab (tests), it comes as ?tabId=N.
const tabId = chrome.devtools?.inspectedWindow?.tabId ?? Number(new URLSearchParams(location.search).get('tabId'));
const root = document.getElementById('root') as HTMLElement;
if (Number.isInteger(tabId)) {
  const panels = chrome.devtools?.panels;
  // Opened as a normal tab (tests) there is no DevTools to follow or open sources in: frames are text.
  const host = panels ? ({ hostTheme: panels.themeName === 'dark' ? 'dark' : 'light', openSource: openInSources(panels) } as const) : {};
  mountPanel(root, createChromePortTransport(tabId), { storage: localStorage, ...host });
} else {
  root.textContent = 'Open the Hubbub panel from Chrome DevTools, or open panel.html?tabId=N with the id of the tab to inspect.';
}
