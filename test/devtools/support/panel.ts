import {
  type BatchMessage,
  PAGE_SOURCE,
  PANEL_SOURCE,
  type PageMessage,
  type PanelMessage,
  PROTOCOL_VERSION,
  readBatch,
  type StreamEntry,
} from '../../../src/devtools/protocol-exports';

type PanelBody = PanelMessage extends infer M ? (M extends PanelMessage ? Omit<M, 'source' | 'version'> : never) : never;

/** Lets queued postMessage deliveries (happy-dom: one timer each) and microtasks run. */
/** A batch's entries; a batch that does not parse fails the test. */
export const entriesOf = (batch: BatchMessage): StreamEntry[] => {
  const entries = readBatch(batch);
  if (!entries) throw new Error(`a batch did not parse: ${String(batch.entries).slice(0, 200)}`);
  return [...entries];
};

export const settle = async (rounds = 3): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/**
 * Delivers a message as the window's own postMessage does in a browser. (Under Vitest's happy-dom
 * environment `window` is not the object happy-dom puts in `event.source`, so a real
 * `window.postMessage` would look like it came from another window.)
 */
export const postFromThisWindow = (data: unknown, source: unknown = window): void => {
  window.dispatchEvent(new MessageEvent('message', { data, origin: location.origin, source: source as Window }));
};

/**
 * A stand-in panel for unit tests: it listens on the window like the extension's content script
 * does and posts panel messages the same way. Given `instanceIds`, it keeps only their messages
 * (a previous test's late goodbye stays out).
 */
export const createTestPanel = (...instanceIds: string[]) => {
  const messages: PageMessage[] = [];
  const listener = (event: MessageEvent) => {
    const data = event.data as { source?: unknown; instanceId?: unknown } | null;
    if (!data || data.source !== PAGE_SOURCE) return;
    if (instanceIds.length && !instanceIds.includes(data.instanceId as string)) return;
    messages.push(data as PageMessage);
  };
  window.addEventListener('message', listener);
  return {
    messages,
    entries: (): StreamEntry[] => messages.flatMap((m) => (m.kind === 'batch' ? entriesOf(m) : [])),
    of: <K extends PageMessage['kind']>(kind: K) => messages.filter((m): m is Extract<PageMessage, { kind: K }> => m.kind === kind),
    send: (body: PanelBody) => postFromThisWindow({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, ...body }),
    clear: () => {
      messages.length = 0;
    },
    close: () => window.removeEventListener('message', listener),
  };
};

export type TestPanel = ReturnType<typeof createTestPanel>;
