import { PAGE_SOURCE, type PageMessage, PANEL_SOURCE, type PanelMessage, PROTOCOL_VERSION, type StreamEntry } from '../../../src/devtools/index';

type PanelBody = PanelMessage extends infer M ? (M extends PanelMessage ? Omit<M, 'source' | 'version'> : never) : never;

/** Lets queued postMessage deliveries (happy-dom: one timer each) and microtasks run. */
export const settle = async (rounds = 3): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/**
 * A stand-in panel for unit tests: it listens on the window like the extension's content script
 * does and posts panel messages the same way.
 */
export const createTestPanel = () => {
  const messages: PageMessage[] = [];
  const listener = (event: MessageEvent) => {
    const data = event.data as { source?: unknown } | null;
    if (data && data.source === PAGE_SOURCE) messages.push(data as PageMessage);
  };
  window.addEventListener('message', listener);
  return {
    messages,
    entries: (): StreamEntry[] => messages.flatMap((m) => (m.kind === 'batch' ? [...m.entries] : [])),
    of: <K extends PageMessage['kind']>(kind: K) => messages.filter((m): m is Extract<PageMessage, { kind: K }> => m.kind === kind),
    send: (body: PanelBody) => window.postMessage({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, ...body }, '*'),
    clear: () => {
      messages.length = 0;
    },
    close: () => window.removeEventListener('message', listener),
  };
};

export type TestPanel = ReturnType<typeof createTestPanel>;
