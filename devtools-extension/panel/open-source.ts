import type { CallSiteFrame } from '../../src/devtools/call-site';

/**
 * Opens a trace frame's file at its line and column in DevTools' Sources panel (source-mapped where
 * DevTools maps it). Frames count lines and columns from 1, `openResource` from 0.
 *
 * @example
 * mountPanel(root, transport, { openSource: openInSources(chrome.devtools.panels) })
 */
export const openInSources =
  (panels: Pick<typeof chrome.devtools.panels, 'openResource'>) =>
  (frame: CallSiteFrame): void => {
    // The callback form works on every Chrome with the API; reading lastError marks a URL DevTools
    // does not know (the page navigated away) as handled: nothing to open.
    panels.openResource(frame.url, frame.line - 1, frame.column - 1, () => void chrome.runtime.lastError);
  };
