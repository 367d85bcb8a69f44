import { checkExtensionMessage, type ExtensionMessage, type FrameInfo, PANEL_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol';
import { EXTENSION_BASE } from '../shared/extension-base';
import { CONTENT_PORT, PANEL_PORT } from '../shared/port-names';

type Port = chrome.runtime.Port;

/**
 * Routes messages per tab and per frame between content scripts and panels. Its state is the set
 * of open ports, which Chrome closes when it stops the worker and the other ends reopen, so nothing
 * is lost when it restarts, plus each tab's last top-frame document (only a hint: after a restart
 * the first connect is `connected`, and the panel still tells a new page by its hello's session).
 *
 * @example
 * const router = createRouter(chrome.tabs)
 * chrome.runtime.onConnect.addListener(router.onConnect)
 */
export const createRouter = (tabs: Pick<typeof chrome.tabs, 'sendMessage'>) => {
  const contentPorts = new Map<number, Map<number, Port>>();
  const panelPorts = new Map<number, Set<Port>>();
  /**
   * Per tab, the document of the last top-frame content script that connected (`sender.documentId`,
   * new for every page load): a top frame connecting from another document means the tab
   * navigated or reloaded (or went back to a page in the bfcache). Kept while the tab has a port
   * open (content script or panel), so it cannot grow past the tabs in use.
   */
  const topDocuments = new Map<number, string>();
  const forgetIdle = (tabId: number) => {
    if (!contentPorts.has(tabId) && !panelPorts.has(tabId)) topDocuments.delete(tabId);
  };

  const frameOf = (port: Port): FrameInfo | undefined => {
    const tabId = port.sender?.tab?.id;
    if (tabId === undefined) return undefined;
    return { tabId, frameId: port.sender?.frameId ?? 0, frameUrl: port.sender?.url ?? '' };
  };
  /** Posts to a port; one that fails (closing, or the message too big) loses this message only. */
  const post = (port: Port, message: ExtensionMessage) => {
    try {
      port.postMessage(message);
    } catch {}
  };
  const toPanels = (tabId: number, message: ExtensionMessage) => {
    for (const panel of panelPorts.get(tabId) ?? []) post(panel, message);
  };
  const presence = (tabId: number): ExtensionMessage => ({
    ...EXTENSION_BASE,
    kind: 'panel-presence',
    attached: panelPorts.has(tabId),
  });
  const status = (tabId: number, value: 'connected' | 'no-content-script' | 'navigated'): ExtensionMessage => ({
    ...EXTENSION_BASE,
    kind: 'tab-status',
    tabId,
    status: value,
  });

  const onContent = (port: Port) => {
    const frame = frameOf(port);
    if (!frame) return port.disconnect();
    const frames = contentPorts.get(frame.tabId) ?? new Map<number, Port>();
    frames.set(frame.frameId, port);
    contentPorts.set(frame.tabId, frames);
    let navigated = false;
    const documentId = port.sender?.documentId;
    if (frame.frameId === 0 && documentId !== undefined) {
      const before = topDocuments.get(frame.tabId);
      navigated = before !== undefined && before !== documentId;
      topDocuments.set(frame.tabId, documentId);
    }
    post(port, presence(frame.tabId));
    if (panelPorts.has(frame.tabId)) toPanels(frame.tabId, status(frame.tabId, navigated ? 'navigated' : 'connected'));
    port.onMessage.addListener((raw: unknown) => {
      const checked = checkExtensionMessage(raw);
      if (!checked.ok) return;
      const message = checked.message;
      if (message.kind === 'relay') {
        toPanels(frame.tabId, {
          ...EXTENSION_BASE,
          kind: 'from-page',
          frame,
          message: message.message,
          ...(message.lost === undefined ? {} : { lost: message.lost }),
        });
      } else if (message.kind === 'page-rejected') toPanels(frame.tabId, { ...message, frame });
    });
    port.onDisconnect.addListener(() => {
      if (frames.get(frame.frameId) === port) frames.delete(frame.frameId);
      if (frames.size === 0 && contentPorts.get(frame.tabId) === frames) contentPorts.delete(frame.tabId);
      toPanels(frame.tabId, { ...EXTENSION_BASE, kind: 'frame-gone', frame });
      forgetIdle(frame.tabId);
    });
  };

  const attachPanel = async (port: Port, tabId: number) => {
    const panels = panelPorts.get(tabId) ?? new Set<Port>();
    panels.add(port);
    panelPorts.set(tabId, panels);
    const frames = contentPorts.get(tabId);
    if (frames && frames.size > 0) {
      for (const content of frames.values()) post(content, presence(tabId));
      post(port, status(tabId, 'connected'));
      return;
    }
    // No port yet: either the page has no Hubbub bus, or no content script runs in the tab at all.
    try {
      await tabs.sendMessage(tabId, presence(tabId));
    } catch {
      if (panelPorts.get(tabId)?.has(port)) post(port, status(tabId, 'no-content-script'));
    }
  };

  /** The viewer ids each panel port connected with: a closing panel disconnects them, and only them. */
  const viewersOf = new Map<Port, Set<string>>();

  const detachPanel = (port: Port, tabId: number) => {
    const panels = panelPorts.get(tabId);
    panels?.delete(port);
    const disconnect = (viewer?: string) => {
      const message = {
        source: PANEL_SOURCE,
        version: PROTOCOL_VERSION,
        kind: 'disconnect',
        ...(viewer === undefined ? {} : { viewer }),
      } as const;
      for (const content of contentPorts.get(tabId)?.values() ?? []) post(content, { ...EXTENSION_BASE, kind: 'to-page', tabId, message });
    };
    // The page stops streaming to this panel; other viewers (the floating panel, a recorder) go on.
    for (const viewer of viewersOf.get(port) ?? []) disconnect(viewer);
    viewersOf.delete(port);
    if (panels && panels.size > 0) return;
    panelPorts.delete(tabId);
    forgetIdle(tabId);
    for (const content of contentPorts.get(tabId)?.values() ?? []) post(content, presence(tabId));
    // A panel that named no viewer (an older one) is the page's shared viewer: with no panel left, it goes.
    disconnect();
  };

  const onPanel = (port: Port) => {
    let tabId: number | undefined;
    port.onMessage.addListener((raw: unknown) => {
      const checked = checkExtensionMessage(raw);
      if (!checked.ok) return;
      const message = checked.message;
      if (message.kind === 'panel-init') {
        if (tabId !== undefined) detachPanel(port, tabId);
        tabId = message.tabId;
        void attachPanel(port, tabId);
      } else if (message.kind === 'to-page') {
        const { viewer } = message.message;
        if (message.message.kind === 'connect' && viewer !== undefined) {
          const viewers = viewersOf.get(port) ?? new Set<string>();
          viewers.add(viewer);
          viewersOf.set(port, viewers);
        }
        const frames = contentPorts.get(message.tabId);
        if (!frames) return;
        const targets = message.frameId === undefined ? [...frames.values()] : [frames.get(message.frameId)];
        for (const content of targets) if (content) post(content, message);
      }
    });
    port.onDisconnect.addListener(() => {
      if (tabId !== undefined) detachPanel(port, tabId);
    });
  };

  return {
    onConnect(port: Port) {
      if (port.name === CONTENT_PORT) onContent(port);
      else if (port.name === PANEL_PORT) onPanel(port);
    },
  };
};
