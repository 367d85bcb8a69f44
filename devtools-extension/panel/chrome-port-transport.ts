import type { PanelTransport, TransportEvent } from '../../src/devtools/panel/transport/adapter';
import { checkExtensionMessage, checkPageMessage, type ExtensionMessage, type PanelMessage } from '../../src/devtools/protocol';
import { EXTENSION_BASE } from '../shared/extension-base';
import { PANEL_PORT } from '../shared/port-names';

const MAX_QUEUED = 200;

/** Posts on a port that may be closing: the message is lost, the panel's reconnect repairs it. */
const post = (port: chrome.runtime.Port, message: ExtensionMessage) => {
  try {
    port.postMessage(message);
  } catch {}
};

/**
 * The panel's transport inside the extension: a port to the service worker, which routes to the
 * inspected tab's content scripts. Reconnects (with backoff) when Chrome stops the worker.
 *
 * @example
 * mountPanel(root, createChromePortTransport(chrome.devtools.inspectedWindow.tabId))
 */
export const createChromePortTransport = (tabId: number, runtime: typeof chrome.runtime = chrome.runtime): PanelTransport => {
  let port: chrome.runtime.Port | undefined;
  const queued: ExtensionMessage[] = [];
  return {
    start(listener: (event: TransportEvent) => void) {
      let stopped = false;
      let retryDelay = 50;
      const onMessage = (raw: unknown) => {
        const checked = checkExtensionMessage(raw);
        if (!checked.ok) return;
        const message = checked.message;
        retryDelay = 50;
        switch (message.kind) {
          case 'from-page': {
            if (message.lost) listener({ kind: 'lost', count: message.lost });
            // The page message is checked here, where it is read (the content script checked it against the page; the worker only routes).
            const page = checkPageMessage(message.message);
            if (page.ok) return listener({ kind: 'page', message: page.message, frame: message.frame });
            return listener(
              page.reason === 'version-mismatch'
                ? { kind: 'rejected', reason: 'version-mismatch', version: page.version }
                : { kind: 'rejected', reason: 'malformed', detail: page.reason === 'malformed' ? page.detail : 'foreign message' },
            );
          }
          case 'tab-status':
            return listener({ kind: 'status', status: message.status });
          case 'frame-gone':
            return listener({ kind: 'frame-gone', frame: message.frame });
          case 'page-rejected':
            return listener({
              kind: 'rejected',
              reason: message.reason,
              ...(message.pageVersion === undefined ? {} : { version: message.pageVersion }),
              ...(message.detail === undefined ? {} : { detail: message.detail }),
            });
        }
      };
      const connect = () => {
        if (stopped) return;
        try {
          port = runtime.connect({ name: PANEL_PORT });
        } catch {
          return; // The extension was reloaded or removed: this panel is orphaned.
        }
        port.onMessage.addListener(onMessage);
        port.onDisconnect.addListener(() => {
          port = undefined;
          if (stopped) return;
          listener({ kind: 'status', status: 'reconnecting' });
          setTimeout(connect, retryDelay);
          retryDelay = Math.min(retryDelay * 2, 2000);
        });
        post(port, { ...EXTENSION_BASE, kind: 'panel-init', tabId });
        for (const message of queued.splice(0)) post(port, message);
      };
      connect();
      return () => {
        stopped = true;
        port?.disconnect();
        port = undefined;
      };
    },
    send(message: PanelMessage, target = {}) {
      const envelope: ExtensionMessage = {
        ...EXTENSION_BASE,
        kind: 'to-page',
        tabId,
        ...(target.frameId === undefined ? {} : { frameId: target.frameId }),
        message,
      };
      if (port) post(port, envelope);
      else if (queued.push(envelope) > MAX_QUEUED) queued.shift();
    },
  };
};
