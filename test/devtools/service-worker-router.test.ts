import { describe, expect, it, vi } from 'vitest';
import { createRouter } from '../../devtools-extension/service-worker/router';
import { CONTENT_PORT, PANEL_PORT } from '../../devtools-extension/shared/port-names';
import { EXTENSION_SOURCE, type ExtensionMessage, PANEL_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol';

// The service worker's router with fake ports: what panels hear when a tab's content scripts come and go.

const TAB = 7;

const createFakePort = (name: string, sender?: chrome.runtime.MessageSender) => {
  const messageListeners: ((message: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const posted: ExtensionMessage[] = [];
  const port = {
    name,
    sender,
    posted,
    postMessage: (message: ExtensionMessage) => void posted.push(message),
    disconnect: vi.fn(),
    onMessage: { addListener: (listener: (message: unknown) => void) => void messageListeners.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => void disconnectListeners.push(listener) },
    receive: (message: Record<string, unknown>) => {
      for (const listener of messageListeners) listener({ source: EXTENSION_SOURCE, version: PROTOCOL_VERSION, ...message });
    },
    /** The other end went away (Chrome fires onDisconnect only on this side). */
    close: () => {
      for (const listener of disconnectListeners) listener();
    },
  };
  return port;
};
type FakePort = ReturnType<typeof createFakePort>;

const setup = () => {
  const router = createRouter({ sendMessage: vi.fn(async () => true) } as unknown as Pick<typeof chrome.tabs, 'sendMessage'>);
  const connect = (port: FakePort) => router.onConnect(port as unknown as chrome.runtime.Port);
  const content = (documentId: string | undefined, frameId = 0) => {
    const port = createFakePort(CONTENT_PORT, {
      tab: { id: TAB } as chrome.tabs.Tab,
      frameId,
      url: `https://shop.test/${documentId}`,
      ...(documentId === undefined ? {} : { documentId }),
    });
    connect(port);
    return port;
  };
  const panel = () => {
    const port = createFakePort(PANEL_PORT);
    connect(port);
    port.receive({ kind: 'panel-init', tabId: TAB });
    return port;
  };
  return { content, panel };
};

const statuses = (port: FakePort) => port.posted.flatMap((m) => (m.kind === 'tab-status' ? [m.status] : []));

describe('service worker router: tab-status', () => {
  it('says connected when the page first connects, navigated when the top frame connects from another document', () => {
    const { content, panel } = setup();
    const first = content('doc-a');
    const viewer = panel();
    expect(statuses(viewer)).toEqual(['connected']);

    first.close();
    expect(viewer.posted.at(-1)?.kind).toBe('frame-gone');
    content('doc-b');
    expect(statuses(viewer)).toEqual(['connected', 'navigated']);
  });

  it('says connected when the same document reconnects (a port replaced), not navigated', () => {
    const { content, panel } = setup();
    const viewer = panel();
    const first = content('doc-a');
    first.close();
    content('doc-a');
    expect(statuses(viewer)).toEqual(['connected', 'connected']);
  });

  it('a child frame loading another document is not a navigation of the tab', () => {
    const { content, panel } = setup();
    content('doc-top');
    const viewer = panel();
    const child = content('doc-child-1', 3);
    child.close();
    content('doc-child-2', 3);
    expect(statuses(viewer)).toEqual(['connected', 'connected', 'connected']);
  });

  it('forgets a tab once nothing is connected for it: a new worker life or panel starts from connected', () => {
    const { content, panel } = setup();
    const first = content('doc-a');
    first.close();
    const viewer = panel();
    content('doc-b');
    expect(statuses(viewer).at(-1)).toBe('connected');
  });

  it('without a documentId (older Chrome) always says connected', () => {
    const { content, panel } = setup();
    const viewer = panel();
    content(undefined).close();
    content(undefined);
    expect(statuses(viewer)).toEqual(['connected', 'connected']);
  });

  it('tells the content script whether a panel is attached', () => {
    const { content, panel } = setup();
    const page = content('doc-a');
    expect(page.posted.at(-1)).toMatchObject({ kind: 'panel-presence', attached: false });
    const viewer = panel();
    expect(page.posted.at(-1)).toMatchObject({ kind: 'panel-presence', attached: true });
    viewer.close();
    expect(page.posted.some((m) => m.kind === 'to-page' && m.message.kind === 'disconnect')).toBe(true);
  });

  it('disconnects only the viewers of the panel that closed, while another panel stays', () => {
    const { content, panel } = setup();
    const page = content('doc-a');
    const [first, second] = [panel(), panel()];
    const connect = (port: FakePort, viewer: string) =>
      port.receive({ kind: 'to-page', tabId: TAB, message: { source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect', viewer } });
    connect(first, 'viewer-1');
    connect(second, 'viewer-2');
    const disconnects = () =>
      page.posted.flatMap((m) => (m.kind === 'to-page' && m.message.kind === 'disconnect' ? [m.message.viewer] : []));
    first.close();
    expect(disconnects()).toEqual(['viewer-1']);
    second.close();
    // The last panel also lets go of the shared viewer older panels connected as.
    expect(disconnects()).toEqual(['viewer-1', 'viewer-2', undefined]);
  });
});
